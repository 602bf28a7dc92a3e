// Votes and ballots as the API shows them: times in RFC 3339 UTC, no floating-point numbers.
import { isoUtc, isRepresentable } from '../../domain/time.ts';
import type { Ballot, Vote } from './repository.ts';
import type { CastJson, VoteJson } from './schemas.ts';

const iso = (ms: number | null) => (ms === null || !isRepresentable(ms) ? null : isoUtc(ms));

/** What a vote asks, and of which version of which document: as the API and the register both give it. */
export function voteSubject(vote: Vote) {
	return {
		id: vote.id,
		workspaceId: vote.workspaceId,
		question: vote.question,
		explanation: vote.explanation,
		documentId: vote.documentId,
		documentVersionId: vote.documentVersionId
	};
}

export function serializeVote(vote: Vote): VoteJson {
	return {
		...voteSubject(vote),
		status: vote.status,
		opensAt: iso(vote.opensAt),
		closesAt: iso(vote.closesAt),
		openedAt: iso(vote.openedAt),
		closedAt: iso(vote.closedAt),
		closedReason: vote.closedReason,
		rule: vote.rule,
		showRunningTotals: vote.showRunningTotals,
		electorateChoice: vote.electorateChoice,
		electorate: vote.electorate,
		result: vote.result
	};
}

/** A ballot as the API answers a cast: `replaced` when it took the place of an earlier one. */
export function serializeCast(ballot: Ballot, created: boolean): CastJson {
	return {
		organisationId: ballot.organisationId,
		choice: ballot.choice,
		statement: ballot.statement,
		assisted: ballot.assistedBy !== null,
		castAt: isoUtc(ballot.updatedAt),
		replaced: !created
	};
}
