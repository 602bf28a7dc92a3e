// A vote's life, whoever moves it along: created and edited as a draft, opened (freezing electorate, weights
// and rule), ballots cast (one per organisation, an upsert checked against the close inside one transaction),
// closed early or by the clock. No permission checks here: the commands (commands.ts) check who asks, the
// scheduler and the demo data act for the system. The rule itself is in src/lib/domain/tally.ts.
import { transaction, type DB } from '../db/index.ts';
import type { BallotChoice } from '../db/schema/index.ts';
import { Conflict, Forbidden, Invalid } from '../errors.ts';
import { AS_PUT_TO_THE_VOTE, pinCurrentText } from '../decisions/adoption.ts';
import { describeProblems, validateRule, type VoteRule } from '../../domain/vote-rule.ts';
import { freezeElectorate, tally, type TallyResult } from '../../domain/tally.ts';
import type { BallotInput, VoteDraft, VotePatch } from './schemas.ts';
import * as repo from './repository.ts';
import type { Ballot, DraftField, Vote } from './repository.ts';

export type { Ballot, Vote } from './repository.ts';

/** Asks the scheduler (if one runs in this process) to look again: a vote's times changed. */
export function notifyScheduler(): void {
	const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('parity.scheduler')] as
		{ poke?: () => void } | undefined;
	hook?.poke?.();
}

/** How far in the past an opening time may be when it is set (a time typed to the minute, a slow request). */
export const OPENING_GRACE_MS = 2 * 60_000;

export const HAS_OPENED =
	'This vote has opened: its question, times, electorate and rule can no longer change.';

type Draft = Pick<Vote, DraftField> & { rule: VoteDraft['rule'] | VoteRule; electorate: string[] | null };

/** Checks a whole draft (after an edit is applied) and returns the rule to store; Invalid otherwise. */
async function checkDraft(
	db: DB,
	workspaceId: string,
	d: Draft,
	now: number,
	checkOpening: boolean
): Promise<VoteRule> {
	const problems: string[] = [];
	const rule = validateRule(d.rule);
	if (!rule.ok) problems.push(describeProblems(rule.problems));
	if (checkOpening && d.opensAt < now - OPENING_GRACE_MS)
		problems.push('The opening time is in the past: choose a time from now on, or open the vote now.');
	if (d.closesAt <= d.opensAt) problems.push('The closing time must be after the opening time.');
	if (d.documentVersionId && !d.documentId) problems.push('Choose the document the version belongs to.');
	if (d.documentId) {
		if (!(await repo.documentInWorkspace(db, d.documentId, workspaceId)))
			problems.push('The linked document is not in this workspace.');
		else if (d.documentVersionId && !(await repo.versionOfDocument(db, d.documentVersionId, d.documentId)))
			problems.push('The linked version is not a version of that document.');
	}
	if (d.electorate) {
		const unique = [...new Set(d.electorate)];
		if (unique.length === 0) problems.push('Choose at least one partner organisation for the electorate.');
		if ((await repo.countPartners(db, workspaceId, unique)) !== unique.length)
			problems.push('Every organisation in the electorate must be a partner of this workspace.');
	}
	if (problems.length || !rule.ok) throw new Invalid(problems.join(' '));
	return rule.rule;
}

export async function createVote(
	db: DB,
	workspaceId: string,
	input: VoteDraft,
	userId: string | null,
	now = Date.now()
): Promise<Vote> {
	const rule = await checkDraft(db, workspaceId, input, now, true);
	const vote = await repo.insertVote(db, {
		workspaceId,
		question: input.question,
		explanation: input.explanation,
		documentId: input.documentId,
		documentVersionId: input.documentVersionId,
		opensAt: input.opensAt,
		closesAt: input.closesAt,
		status: 'draft',
		rule,
		showRunningTotals: input.showRunningTotals,
		electorateChoice: input.electorate ? [...new Set(input.electorate)] : null,
		createdBy: userId,
		createdAt: now,
		updatedAt: now
	});
	notifyScheduler();
	return vote;
}

export type EditOptions = {
	/**
	 * The opening time was typed to the minute (the vote form): one within a minute of the stored time is the
	 * stored time, left as it is and not checked against the clock again.
	 */
	typedToTheMinute?: boolean;
};

/** Edits a vote that has not opened. Refused (Conflict) once it has opened or its opening time has passed. */
export async function updateVote(
	db: DB,
	voteId: string,
	patch: VotePatch,
	now = Date.now(),
	options: EditOptions = {}
): Promise<Vote> {
	const vote = await transaction(db, async (tx) => {
		const current = await repo.getVote(tx, voteId);
		if (current.status !== 'draft' || current.opensAt <= now) throw new Conflict(HAS_OPENED);
		const edit = { ...patch };
		if (
			options.typedToTheMinute &&
			edit.opensAt !== undefined &&
			Math.abs(edit.opensAt - current.opensAt) < 60_000
		)
			delete edit.opensAt;
		const draft: Draft = {
			question: edit.question ?? current.question,
			explanation: edit.explanation ?? current.explanation,
			documentId: edit.documentId !== undefined ? edit.documentId : current.documentId,
			documentVersionId:
				edit.documentVersionId !== undefined ? edit.documentVersionId : current.documentVersionId,
			opensAt: edit.opensAt ?? current.opensAt,
			closesAt: edit.closesAt ?? current.closesAt,
			rule: edit.rule
				? { ...current.rule, ...edit.rule, shares: { ...current.rule.shares, ...edit.rule.shares } }
				: current.rule,
			showRunningTotals: edit.showRunningTotals ?? current.showRunningTotals,
			electorate: edit.electorate !== undefined ? edit.electorate : current.electorateChoice
		};
		const rule = await checkDraft(tx, current.workspaceId, draft, now, edit.opensAt !== undefined);
		const updated = await repo.updateVoteRow(tx, voteId, {
			question: draft.question,
			explanation: draft.explanation,
			documentId: draft.documentId,
			documentVersionId: draft.documentVersionId,
			opensAt: draft.opensAt,
			closesAt: draft.closesAt,
			rule,
			showRunningTotals: draft.showRunningTotals,
			electorateChoice: draft.electorate ? [...new Set(draft.electorate)] : null,
			updatedAt: now
		});
		return updated!;
	});
	notifyScheduler();
	return vote;
}

/** Deletes a vote that has not opened. */
export async function deleteDraft(db: DB, voteId: string, now = Date.now()): Promise<void> {
	await transaction(db, async (tx) => {
		const current = await repo.getVote(tx, voteId);
		if (current.status !== 'draft' || current.opensAt <= now)
			throw new Conflict('Only a vote that has not opened can be deleted.');
		await repo.deleteVoteRow(tx, voteId);
	});
	notifyScheduler();
}

/** Opens a vote; a vote that names only a document pins the document's text at this moment. */
async function openInTransaction(db: DB, vote: Vote, now: number): Promise<Vote> {
	const electorate = freezeElectorate(await repo.currentElectorate(db, vote), vote.rule);
	const documentVersionId =
		vote.documentId && !vote.documentVersionId
			? (await pinCurrentText(db, vote.documentId, AS_PUT_TO_THE_VOTE, now)).id
			: vote.documentVersionId;
	const opened = await repo.updateVoteRow(
		db,
		vote.id,
		{
			status: 'open',
			electorate,
			documentVersionId,
			openedAt: now,
			opensAt: Math.min(vote.opensAt, now),
			closesAt: vote.closesAt,
			updatedAt: now
		},
		'draft'
	);
	if (!opened) throw new Error(`vote ${vote.id} was not a draft when opened`);
	return opened;
}

/**
 * Opens a draft vote: freezes the electorate with its weights, and the rule, from the partners' confirmed
 * flags at this moment. `early` opens before the scheduled time (a facilitator's "open now").
 * Returns the vote unchanged when it is already open or closed.
 */
export async function openVote(db: DB, voteId: string, now = Date.now(), early = false): Promise<Vote> {
	const vote = await transaction(db, async (tx) => {
		const current = await repo.getVote(tx, voteId);
		if (current.status !== 'draft') return current;
		if (!early && current.opensAt > now) return current;
		if (current.closesAt <= now)
			throw new Conflict('The closing time has passed: change it before opening the vote.');
		return await openInTransaction(tx, current, now);
	});
	notifyScheduler();
	return vote;
}

/** The result the rule gives for these ballots (final after the close, running while open). */
export function resultOf(vote: Vote, rows: { organisationId: string; choice: BallotChoice }[]): TallyResult {
	return tally(
		vote.electorate ?? [],
		rows.map((b) => ({ organisationId: b.organisationId, choice: b.choice })),
		vote.rule
	);
}

async function closeInTransaction(
	db: DB,
	vote: Vote,
	now: number,
	reason: string,
	userId: string | null
): Promise<Vote> {
	const result = resultOf(vote, await repo.ballotRows(db, vote.id));
	const closed = await repo.updateVoteRow(
		db,
		vote.id,
		{ status: 'closed', closedAt: now, closedReason: reason, closedBy: userId, result, updatedAt: now },
		'open'
	);
	if (!closed) throw new Error(`vote ${vote.id} was not open when closed`);
	return closed;
}

/** Closes an open vote early, with a stated reason (a vote whose closing time has passed closes on time). */
export async function closeVoteEarly(
	db: DB,
	voteId: string,
	reason: string,
	userId: string,
	now = Date.now()
): Promise<Vote> {
	const vote = await transaction(db, async (tx) => {
		let current = await repo.getVote(tx, voteId);
		if (current.status === 'draft' && current.opensAt <= now && current.closesAt > now)
			current = await openInTransaction(tx, current, now);
		if (current.status === 'draft')
			throw new Conflict('This vote has not opened yet: edit or delete it instead.');
		if (current.status === 'closed') throw new Conflict('This vote is already closed.');
		if (current.closesAt <= now)
			return await closeInTransaction(tx, current, current.closesAt, 'scheduled', null);
		return await closeInTransaction(tx, current, now, reason, userId);
	});
	notifyScheduler();
	return vote;
}

/**
 * Brings a vote up to date with the clock: opens it when its opening time has passed and closes it when
 * its closing time has passed (the scheduler does this too; pages call it so they never show a stale state).
 * A vote that was due to close is closed at its closing time.
 */
export async function catchUp(
	db: DB,
	voteId: string,
	now = Date.now()
): Promise<{ opened: boolean; closed: boolean }> {
	return await transaction(db, async (tx) => {
		let vote = await repo.findVote(tx, voteId);
		const done = { opened: false, closed: false };
		if (!vote) return done;
		if (vote.status === 'draft' && vote.opensAt <= now) {
			vote = await openInTransaction(tx, vote, now);
			done.opened = true;
		}
		if (vote.status === 'open' && vote.closesAt <= now) {
			await closeInTransaction(tx, vote, Math.max(vote.closesAt, vote.openedAt ?? 0), 'scheduled', null);
			done.closed = true;
		}
		return done;
	});
}

/** Whether the clock has passed the vote's next opening or closing time. */
export function isDue(vote: Pick<Vote, 'status' | 'opensAt' | 'closesAt'>, now = Date.now()): boolean {
	return (vote.status === 'draft' && vote.opensAt <= now) || (vote.status === 'open' && vote.closesAt <= now);
}

/** The vote, first brought up to date with the clock. */
export async function currentVote(db: DB, voteId: string): Promise<Vote> {
	const found = await repo.getVote(db, voteId);
	if (!isDue(found)) return found;
	await catchUp(db, voteId);
	return await repo.getVote(db, voteId);
}

export type CastResult = { created: boolean; ballot: Ballot };

/**
 * Casts or changes an organisation's ballot. Inside one transaction: the vote must be open and its closing
 * time not passed, the organisation must be in the frozen electorate; then the ballot is inserted or replaced
 * and the change logged. Who may cast for which organisation is the command's check (policy `vote.cast`).
 */
export async function castBallot(
	db: DB,
	voteId: string,
	input: BallotInput,
	userId: string,
	now = Date.now()
): Promise<CastResult> {
	return await transaction(db, async (tx) => {
		let vote = await repo.getVote(tx, voteId);
		if (vote.status === 'draft' && vote.opensAt <= now && vote.closesAt > now)
			vote = await openInTransaction(tx, vote, now);
		if (vote.status === 'draft') throw new Conflict('This vote has not opened yet.');
		if (vote.status === 'closed' || vote.closesAt <= now)
			throw new Conflict('This vote has closed: no more ballots can be cast or changed.');
		if (!vote.electorate?.some((e) => e.organisationId === input.organisationId))
			throw new Forbidden('This organisation is not in the electorate of this vote.');
		return await repo.upsertBallot(tx, {
			voteId,
			organisationId: input.organisationId,
			choice: input.choice,
			statement: input.statement,
			castBy: userId,
			assistedBy: input.assisted ? userId : null,
			at: now
		});
	});
}
