/**
 * A decision from a closed vote: the vote's snapshot (electorate, weights, ballots, rule, figures) goes into the
 * record, and the outcome, the time, the organisations that took part and the text adopted are the vote's, not
 * chosen by hand; what the input says about them must agree.
 */
import { eq } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { decisions } from '../db/schema/index.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import * as register from '../register/chain.ts';
import { catchUp, isDue } from '../votes/lifecycle.ts';
import { getVote } from '../votes/repository.ts';
import { getClosedVoteSnapshot } from '../votes/snapshot.ts';
import { formatAt } from '../../domain/chain.ts';
import {
	OUTCOME_LABELS,
	publishedResult,
	type Outcome,
	type PersonalPart,
	type PublishedVote
} from '../../domain/register-record.ts';
import type { PublishFields } from './schemas.ts';

function invalid(message: string): never {
	throw new Invalid(message);
}
function conflict(message: string): never {
	throw new Conflict(message);
}

/** The outcome of a decision from a closed vote: the tally's, never chosen by hand. */
export function outcomeOfTally(result: { passes: boolean }): Outcome {
	return result.passes ? 'approved' : 'rejected';
}

/** What a record says about the decision, as given and then as the vote settles it. */
export type Settled = {
	outcome: Outcome | undefined;
	question: string;
	decidedAt: number | null;
	organisationIds: string[];
	documentId: string | null;
	documentVersionId: string | null;
};

/**
 * Reads the closed vote `input.voteId` of the workspace into the record: its snapshot, and what it settles.
 * The people it names (who cast and who assisted each ballot) are added to `personal`.
 */
export async function fromClosedVote(
	db: DB,
	workspaceId: string,
	input: PublishFields,
	given: Settled,
	personal: register.PreparedPersonal[],
	now: number
): Promise<Settled & { vote: PublishedVote }> {
	let { outcome, question, decidedAt, organisationIds } = given;
	const { documentId, documentVersionId } = given;
	if (!input.voteId) invalid('Choose the closed vote this decision comes from.');
	const row = await getVote(db, input.voteId);
	if (row.workspaceId !== workspaceId) throw new NotFound();
	if (isDue(row, now)) await catchUp(db, row.id, now);
	const current = await getVote(db, row.id);
	if (current.status !== 'closed')
		conflict(
			current.status === 'open'
				? 'This vote is still open: a decision can be published from it once it has closed.'
				: 'This vote has not opened yet: a decision can be published from it once it has closed.'
		);
	const existing = one(
		await db.select({ id: decisions.id }).from(decisions).where(eq(decisions.voteId, row.id)).limit(1)
	);
	if (existing && !input.supersedes)
		conflict(
			'A decision has already been published from this vote. To correct it, publish a record that supersedes it.'
		);
	const snap = await getClosedVoteSnapshot(db, row.id);
	// A person named on a ballot goes into the register's personal part; the ballot keeps only the digest.
	const digest = (
		role: PersonalPart['role'],
		who: { userId: string; name: string } | null,
		organisation: string
	) => {
		if (!who) return null;
		const p = register.preparePersonal({ role, name: who.name, organisation }, who.userId);
		personal.push(p);
		return p.digest;
	};
	const ballots = snap.ballots.map((b) => {
		const voter = digest('voter', b.castBy, b.organisationName);
		const assistedBy = digest('assisted_by', b.assistedBy, b.organisationName);
		return {
			organisationId: b.organisationId,
			organisationName: b.organisationName,
			choice: b.choice,
			statement: b.statement,
			assisted: b.assisted,
			castAt: formatAt(b.castAt),
			voter,
			assistedBy
		};
	});
	const vote: PublishedVote = {
		id: snap.vote.id,
		question: snap.vote.question,
		openedAt: formatAt(snap.vote.openedAt),
		closedAt: formatAt(snap.vote.closedAt),
		closedReason: snap.vote.closedReason,
		rule: snap.rule,
		electorate: snap.electorate,
		ballots,
		result: publishedResult(snap.result)
	};
	// The outcome is the tally's, and the text adopted is the one put to the vote: neither is chosen here.
	const tallied = outcomeOfTally(snap.result);
	if (outcome && outcome !== tallied)
		invalid(
			`The vote ${snap.result.passes ? 'passed' : 'failed'}: a decision from it is ${OUTCOME_LABELS[tallied]}. ` +
				'A different outcome needs a new vote, or a consensus decision that supersedes this record.'
		);
	outcome = tallied;
	if (
		(documentId && documentId !== snap.vote.documentId) ||
		(documentVersionId && documentVersionId !== snap.vote.documentVersionId)
	)
		invalid(
			!snap.vote.documentId
				? 'This vote put no document to the vote: a decision from it cannot adopt one.'
				: snap.vote.documentVersionId
					? 'A decision from a vote adopts the version the vote pinned, and no other.'
					: 'This vote pinned no version of its document: a decision from it records the document and adopts no version.'
		);
	question ||= snap.vote.question;
	// When it was decided and who took part (and so may add a dissenting statement) are the vote's too.
	if (decidedAt !== null && decidedAt !== snap.vote.closedAt)
		invalid('A decision from a vote is dated when the vote closed: leave the time out.');
	decidedAt = snap.vote.closedAt;
	const voted = [...new Set(snap.ballots.map((b) => b.organisationId))];
	if (
		organisationIds.length &&
		(new Set(organisationIds).size !== voted.length || organisationIds.some((id) => !voted.includes(id)))
	)
		invalid(
			'The organisations that took part in a decision from a vote are the ones that voted: leave the list out.'
		);
	organisationIds = voted;
	return {
		vote,
		outcome,
		question,
		decidedAt,
		organisationIds,
		documentId: snap.vote.documentId,
		documentVersionId: snap.vote.documentVersionId
	};
}
