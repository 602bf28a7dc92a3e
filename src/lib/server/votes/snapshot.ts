// A closed vote as the decision register records it: JSON-safe and with no floating-point number (fractions
// are strings; times are integer milliseconds).
import type { DB } from '../db/index.ts';
import type { BallotChoice } from '../db/schema/index.ts';
import { Conflict } from '../errors.ts';
import type { VoteRule } from '../../domain/vote-rule.ts';
import type { FrozenElectorateEntry, TallyResult } from '../../domain/tally.ts';
import { getVote, listBallots, type DraftField, type Vote } from './repository.ts';
import { voteSubject } from './serialize.ts';

export type VoteSnapshot = {
	vote: Pick<Vote, 'id' | 'workspaceId' | DraftField> & {
		openedAt: number;
		closedAt: number;
		closedReason: string;
	};
	electorate: FrozenElectorateEntry[];
	ballots: {
		organisationId: string;
		organisationName: string;
		choice: BallotChoice;
		statement: string;
		assisted: boolean;
		castAt: number;
		/** Personal data: the person who cast it, and the facilitator for an assisted ballot. */
		castBy: { userId: string; name: string } | null;
		assistedBy: { userId: string; name: string } | null;
	}[];
	rule: VoteRule;
	result: TallyResult;
};

/**
 * Everything the decision register needs to publish a closed vote. NotFound when the vote does not exist,
 * Conflict when it has not closed.
 */
export async function getClosedVoteSnapshot(db: DB, voteId: string): Promise<VoteSnapshot> {
	const vote = await getVote(db, voteId);
	if (
		vote.status !== 'closed' ||
		!vote.result ||
		!vote.electorate ||
		vote.closedAt === null ||
		vote.openedAt === null
	)
		throw new Conflict('This vote has not closed yet.');
	const names = new Map(vote.electorate.map((e) => [e.organisationId, e.name]));
	const person = (id: string | null, name: string | null) => (id ? { userId: id, name: name ?? '' } : null);
	return {
		vote: {
			...voteSubject(vote),
			opensAt: vote.opensAt,
			closesAt: vote.closesAt,
			openedAt: vote.openedAt,
			closedAt: vote.closedAt,
			closedReason: vote.closedReason ?? 'scheduled',
			showRunningTotals: vote.showRunningTotals
		},
		electorate: vote.electorate,
		ballots: (await listBallots(db, voteId)).map((b) => ({
			organisationId: b.organisationId,
			organisationName: names.get(b.organisationId) ?? '',
			choice: b.choice,
			statement: b.statement,
			assisted: b.assistedBy !== null,
			castAt: b.updatedAt,
			castBy: person(b.castBy, b.castByName),
			assistedBy: person(b.assistedBy, b.assistedByName)
		})),
		rule: vote.rule,
		result: vote.result
	};
}
