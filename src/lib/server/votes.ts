/**
 * Votes: create and edit before opening, open (freezing electorate, weights and rule), cast ballots
 * (one per organisation, an upsert checked against the close inside one write transaction), close, and
 * the snapshot of a closed vote for the decision register. The rule itself is in src/lib/domain/tally.ts.
 */
import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { first, one, transaction, type DB } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	BALLOT_CHOICES,
	ballotChanges,
	ballots,
	documents,
	documentVersions,
	organisations,
	users,
	votes,
	workspacePartners,
	type BallotChoice
} from './db/schema/index.ts';
import { mayTakePart, requireMember, type Actor, type Membership } from './access.ts';
import { AS_PUT_TO_THE_VOTE, pinCurrentText } from './decisions/adoption.ts';
import { describeProblems, validateRule, type VoteRule } from '../domain/vote-rule.ts';
import {
	freezeElectorate,
	tally,
	type ElectorateEntry,
	type FrozenElectorateEntry,
	type TallyResult
} from '../domain/tally.ts';
import { rational, toFigure, type Figure } from '../domain/rational.ts';
import { instant } from './fields.ts';
import { isRepresentable } from '../domain/time.ts';

export type Vote = typeof votes.$inferSelect;
export type Ballot = typeof ballots.$inferSelect;

/** How far in the past an opening time may be when it is set (a time typed to the minute, a slow request). */
export const OPENING_GRACE_MS = 2 * 60_000;
export const MAX_QUESTION = 500;
export const MAX_EXPLANATION = 10_000;
export const MAX_STATEMENT = 2_000;

const decimal = z.union([z.string(), z.number()], { error: 'Give a decimal number such as "0.5".' });
export const ruleInputSchema = z
	.object({
		uplift: decimal.optional(),
		shares: z.object({ vcse: decimal.optional(), statutory: decimal.optional() }).strict().optional(),
		quorum: decimal.optional(),
		threshold: decimal.optional(),
		dualMajority: z.boolean({ error: 'dualMajority must be true or false.' }).optional()
	})
	.strict();

const fields = {
	question: z
		.string({ error: 'Enter the question.' })
		.trim()
		.min(3, 'Write the question in at least 3 characters.')
		.max(MAX_QUESTION, `Keep the question under ${MAX_QUESTION} characters.`),
	explanation: z
		.string()
		.trim()
		.max(MAX_EXPLANATION, `Keep the explanation under ${MAX_EXPLANATION} characters.`),
	documentId: z.string().min(1).nullable(),
	documentVersionId: z.string().min(1).nullable(),
	opensAt: instant,
	closesAt: instant,
	rule: ruleInputSchema,
	showRunningTotals: z.boolean(),
	/** Organisation ids; null (the default) means every partner at the opening. */
	electorate: z.array(z.string().min(1)).max(10_000).nullable()
};

export const voteInput = z
	.object({
		...fields,
		explanation: fields.explanation.default(''),
		documentId: fields.documentId.default(null),
		documentVersionId: fields.documentVersionId.default(null),
		rule: fields.rule.default({}),
		showRunningTotals: fields.showRunningTotals.default(false),
		electorate: fields.electorate.default(null)
	})
	.strict();
export type VoteInput = z.input<typeof voteInput>;

export const votePatch = z
	.object({
		question: fields.question.optional(),
		explanation: fields.explanation.optional(),
		documentId: fields.documentId.optional(),
		documentVersionId: fields.documentVersionId.optional(),
		opensAt: fields.opensAt.optional(),
		closesAt: fields.closesAt.optional(),
		rule: fields.rule.optional(),
		showRunningTotals: fields.showRunningTotals.optional(),
		electorate: fields.electorate.optional()
	})
	.strict();

export const ballotInput = z
	.object({
		organisationId: z
			.string({ error: 'Name the organisation the ballot is for.' })
			.min(1, 'Name the organisation the ballot is for.'),
		choice: z.enum(BALLOT_CHOICES, { error: 'Choose for, against or abstain.' }),
		statement: z
			.string()
			.trim()
			.max(MAX_STATEMENT, `Keep the statement under ${MAX_STATEMENT} characters.`)
			.default(''),
		/** A facilitator recording the choice an organisation gave by phone or in person. */
		assisted: z.boolean().default(false)
	})
	.strict();

export const closeInput = z
	.object({
		reason: z
			.string({ error: 'Give the reason for closing early.' })
			.trim()
			.min(3, 'Give the reason for closing early (at least 3 characters).')
			.max(1000, 'Keep the reason under 1,000 characters.')
	})
	.strict();

function invalid(message: string): never {
	error(422, { message, code: 'invalid' });
}

function conflict(message: string): never {
	error(409, { message, code: 'conflict' });
}

/** Asks the scheduler (if one runs in this process) to look again: a vote's times changed. */
export function notifyScheduler(): void {
	const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('parity.scheduler')] as
		{ poke?: () => void } | undefined;
	hook?.poke?.();
}

type Draft = {
	question: string;
	explanation: string;
	documentId: string | null;
	documentVersionId: string | null;
	opensAt: number;
	closesAt: number;
	rule: z.input<typeof ruleInputSchema> | VoteRule;
	showRunningTotals: boolean;
	electorate: string[] | null;
};

/** Checks a whole draft (after a patch is applied) and returns the stored rule. */
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
		const doc = one(
			await db
				.select({ id: documents.id })
				.from(documents)
				.where(and(eq(documents.id, d.documentId), eq(documents.workspaceId, workspaceId)))
				.limit(1)
		);
		if (!doc) problems.push('The linked document is not in this workspace.');
		else if (d.documentVersionId) {
			const version = one(
				await db
					.select({ id: documentVersions.id })
					.from(documentVersions)
					.where(
						and(eq(documentVersions.id, d.documentVersionId), eq(documentVersions.documentId, d.documentId))
					)
					.limit(1)
			);
			if (!version) problems.push('The linked version is not a version of that document.');
		}
	}
	if (d.electorate) {
		const unique = [...new Set(d.electorate)];
		if (unique.length === 0) problems.push('Choose at least one partner organisation for the electorate.');
		const found = unique.length
			? await db
					.select({ id: workspacePartners.organisationId })
					.from(workspacePartners)
					.where(
						and(
							eq(workspacePartners.workspaceId, workspaceId),
							inArray(workspacePartners.organisationId, unique)
						)
					)
			: [];
		if (found.length !== unique.length)
			problems.push('Every organisation in the electorate must be a partner of this workspace.');
	}
	if (problems.length || !rule.ok) invalid(problems.join(' '));
	return rule.rule;
}

export async function createVote(
	db: DB,
	workspaceId: string,
	input: z.infer<typeof voteInput>,
	userId: string | null,
	now = Date.now()
): Promise<Vote> {
	const rule = await checkDraft(db, workspaceId, input, now, true);
	const vote = first(
		await db
			.insert(votes)
			.values({
				id: newId(),
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
			})
			.returning()
	);
	notifyScheduler();
	return vote;
}

/** Edits a vote that has not opened. Refused (409) once it has opened or its opening time has passed. */
export async function updateVote(
	db: DB,
	voteId: string,
	patch: z.infer<typeof votePatch>,
	now = Date.now()
): Promise<Vote> {
	const vote = await transaction(db, async () => {
		const current = await getVoteRow(db, voteId);
		if (current.status !== 'draft' || current.opensAt <= now)
			conflict('This vote has opened: its question, times, electorate and rule can no longer change.');
		const draft: Draft = {
			question: patch.question ?? current.question,
			explanation: patch.explanation ?? current.explanation,
			documentId: patch.documentId !== undefined ? patch.documentId : current.documentId,
			documentVersionId:
				patch.documentVersionId !== undefined ? patch.documentVersionId : current.documentVersionId,
			opensAt: patch.opensAt ?? current.opensAt,
			closesAt: patch.closesAt ?? current.closesAt,
			rule: patch.rule
				? { ...current.rule, ...patch.rule, shares: { ...current.rule.shares, ...patch.rule.shares } }
				: current.rule,
			showRunningTotals: patch.showRunningTotals ?? current.showRunningTotals,
			electorate: patch.electorate !== undefined ? patch.electorate : current.electorateChoice
		};
		const rule = await checkDraft(db, current.workspaceId, draft, now, patch.opensAt !== undefined);
		return first(
			await db
				.update(votes)
				.set({
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
				})
				.where(eq(votes.id, voteId))
				.returning()
		);
	});
	notifyScheduler();
	return vote;
}

/** Deletes a vote that has not opened. */
export async function deleteDraft(db: DB, voteId: string, now = Date.now()): Promise<void> {
	await transaction(db, async () => {
		const current = await getVoteRow(db, voteId);
		if (current.status !== 'draft' || current.opensAt <= now)
			conflict('Only a vote that has not opened can be deleted.');
		await db.delete(votes).where(eq(votes.id, voteId));
	});
	notifyScheduler();
}

async function getVoteRow(db: DB, voteId: string): Promise<Vote> {
	const vote = one(await db.select().from(votes).where(eq(votes.id, voteId)).limit(1));
	if (!vote) error(404, { message: 'Not found', code: 'not_found' });
	return vote;
}

/**
 * The electorate as it stands now: the chosen (or all) partner organisations that may vote here (verified, or
 * created for this workspace by its facilitators), each in the chamber of the workspace's own partner record.
 */
export async function currentElectorate(
	db: DB,
	vote: Pick<Vote, 'workspaceId' | 'electorateChoice'>
): Promise<ElectorateEntry[]> {
	const rows = await db
		.select({
			organisationId: organisations.id,
			name: organisations.name,
			sector: workspacePartners.sector,
			verified: organisations.verified,
			originWorkspaceId: organisations.originWorkspaceId,
			grassroots: workspacePartners.grassroots,
			byAndFor: workspacePartners.byAndFor
		})
		.from(workspacePartners)
		.innerJoin(organisations, eq(organisations.id, workspacePartners.organisationId))
		.where(eq(workspacePartners.workspaceId, vote.workspaceId))
		.orderBy(asc(workspacePartners.sector), asc(organisations.name), asc(organisations.id));
	const chosen = vote.electorateChoice ? new Set(vote.electorateChoice) : null;
	return rows
		.filter((r) => mayTakePart(r, vote.workspaceId) && (!chosen || chosen.has(r.organisationId)))
		.map(({ organisationId, name, sector, grassroots, byAndFor }) => ({
			organisationId,
			name,
			sector,
			grassroots,
			byAndFor
		}));
}

/** Opens a vote; a vote that names only a document pins the document's text at this moment. */
async function openInTransaction(db: DB, vote: Vote, now: number): Promise<Vote> {
	const electorate = freezeElectorate(await currentElectorate(db, vote), vote.rule);
	const documentVersionId =
		vote.documentId && !vote.documentVersionId
			? (await pinCurrentText(db, vote.documentId, AS_PUT_TO_THE_VOTE, now)).id
			: vote.documentVersionId;
	return first(
		await db
			.update(votes)
			.set({
				status: 'open',
				electorate,
				documentVersionId,
				openedAt: now,
				opensAt: Math.min(vote.opensAt, now),
				closesAt: vote.closesAt,
				updatedAt: now
			})
			.where(and(eq(votes.id, vote.id), eq(votes.status, 'draft')))
			.returning()
	);
}

/**
 * Opens a draft vote: freezes the electorate with its weights, and the rule, from the partners' confirmed
 * flags at this moment. `early` opens before the scheduled time (a facilitator's "open now").
 * Returns the vote unchanged when it is already open or closed.
 */
export async function openVote(db: DB, voteId: string, now = Date.now(), early = false): Promise<Vote> {
	const vote = await transaction(db, async () => {
		const current = await getVoteRow(db, voteId);
		if (current.status !== 'draft') return current;
		if (!early && current.opensAt > now) return current;
		if (current.closesAt <= now) conflict('The closing time has passed: change it before opening the vote.');
		return await openInTransaction(db, current, now);
	});
	notifyScheduler();
	return vote;
}

async function ballotRows(db: DB, voteId: string) {
	return await db
		.select({
			organisationId: ballots.organisationId,
			choice: ballots.choice,
			statement: ballots.statement,
			castBy: ballots.castBy,
			assistedBy: ballots.assistedBy,
			createdAt: ballots.createdAt,
			updatedAt: ballots.updatedAt
		})
		.from(ballots)
		.where(eq(ballots.voteId, voteId))
		.orderBy(asc(ballots.organisationId));
}

function computeResult(vote: Vote, rows: { organisationId: string; choice: BallotChoice }[]): TallyResult {
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
	const result = computeResult(vote, await ballotRows(db, vote.id));
	return first(
		await db
			.update(votes)
			.set({
				status: 'closed',
				closedAt: now,
				closedReason: reason,
				closedBy: userId,
				result,
				updatedAt: now
			})
			.where(and(eq(votes.id, vote.id), eq(votes.status, 'open')))
			.returning()
	);
}

/** Closes an open vote early, by a facilitator with a stated reason. */
export async function closeVoteEarly(
	db: DB,
	voteId: string,
	reason: string,
	userId: string,
	now = Date.now()
): Promise<Vote> {
	const vote = await transaction(db, async () => {
		let current = await getVoteRow(db, voteId);
		if (current.status === 'draft' && current.opensAt <= now && current.closesAt > now)
			current = await openInTransaction(db, current, now);
		if (current.status === 'draft') conflict('This vote has not opened yet: edit or delete it instead.');
		if (current.status === 'closed') conflict('This vote is already closed.');
		if (current.closesAt <= now)
			return await closeInTransaction(db, current, current.closesAt, 'scheduled', null);
		return await closeInTransaction(db, current, now, reason, userId);
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
	return await transaction(db, async () => {
		let vote = one(await db.select().from(votes).where(eq(votes.id, voteId)).limit(1));
		const done = { opened: false, closed: false };
		if (!vote) return done;
		if (vote.status === 'draft' && vote.opensAt <= now) {
			vote = await openInTransaction(db, vote, now);
			done.opened = true;
		}
		if (vote.status === 'open' && vote.closesAt <= now) {
			await closeInTransaction(db, vote, Math.max(vote.closesAt, vote.openedAt ?? 0), 'scheduled', null);
			done.closed = true;
		}
		return done;
	});
}

/** Whether the clock has passed the vote's next opening or closing time. */
export function isDue(vote: Pick<Vote, 'status' | 'opensAt' | 'closesAt'>, now = Date.now()): boolean {
	return (vote.status === 'draft' && vote.opensAt <= now) || (vote.status === 'open' && vote.closesAt <= now);
}

/** Votes whose opening or closing time has passed and that are not yet opened or closed. */
export async function dueVoteIds(db: DB, now = Date.now()): Promise<string[]> {
	return (
		await db
			.select({ id: votes.id })
			.from(votes)
			.where(
				sql`(${votes.status} = 'draft' and ${votes.opensAt} <= ${now}) or (${votes.status} = 'open' and ${votes.closesAt} <= ${now})`
			)
			.orderBy(asc(votes.opensAt))
	).map((r) => r.id);
}

/** The next time something is due (an opening or a close), or null. */
export async function nextDueAt(db: DB): Promise<number | null> {
	const row = one(
		await db
			.select({
				next: sql<
					number | null
				>`min(case when ${votes.status} = 'draft' then ${votes.opensAt} when ${votes.status} = 'open' then ${votes.closesAt} end)`
			})
			.from(votes)
			.limit(1)
	);
	return row?.next ?? null;
}

export type CastResult = { created: boolean; ballot: Ballot };

/**
 * Casts or changes an organisation's ballot. Inside one BEGIN IMMEDIATE transaction: the vote must be
 * open and its closing time not passed, the organisation must be in the frozen electorate; then the ballot
 * is inserted or replaced (ON CONFLICT on the unique (vote, organisation) index) and the change logged.
 * Who may cast for which organisation is the caller's check (see `mayCast`).
 */
export async function castBallot(
	db: DB,
	voteId: string,
	input: z.infer<typeof ballotInput>,
	userId: string,
	now = Date.now()
): Promise<CastResult> {
	const result = await transaction(db, async () => {
		let vote = await getVoteRow(db, voteId);
		if (vote.status === 'draft' && vote.opensAt <= now && vote.closesAt > now)
			vote = await openInTransaction(db, vote, now);
		if (vote.status === 'draft') conflict('This vote has not opened yet.');
		if (vote.status === 'closed' || vote.closesAt <= now)
			conflict('This vote has closed: no more ballots can be cast or changed.');
		if (!vote.electorate?.some((e) => e.organisationId === input.organisationId))
			error(403, { message: 'This organisation is not in the electorate of this vote.', code: 'forbidden' });
		const existing = one(
			await db
				.select({ id: ballots.id })
				.from(ballots)
				.where(and(eq(ballots.voteId, voteId), eq(ballots.organisationId, input.organisationId)))
				.limit(1)
		);
		const assistedBy = input.assisted ? userId : null;
		const ballot = first(
			await db
				.insert(ballots)
				.values({
					id: newId(),
					voteId,
					organisationId: input.organisationId,
					choice: input.choice,
					statement: input.statement,
					castBy: userId,
					assistedBy,
					createdAt: now,
					updatedAt: now
				})
				.onConflictDoUpdate({
					target: [ballots.voteId, ballots.organisationId],
					set: {
						choice: input.choice,
						statement: input.statement,
						castBy: userId,
						assistedBy,
						updatedAt: now
					}
				})
				.returning()
		);
		await db.insert(ballotChanges).values({
			id: newId(),
			voteId,
			organisationId: input.organisationId,
			action: existing ? 'changed' : 'cast',
			choice: input.choice,
			statement: input.statement,
			userId,
			assistedBy,
			at: now
		});
		return { created: !existing, ballot };
	});
	return result;
}

/**
 * Whether a member may cast this ballot: a voting delegate (any role but observer) for their own
 * organisation, or a facilitator recording an assisted ballot. Throws 403 with the reason otherwise.
 */
export function mayCast(member: Membership, organisationId: string, assisted: boolean): void {
	if (assisted) {
		if (member.role !== 'facilitator')
			error(403, { message: 'Only facilitators can record an assisted ballot.', code: 'forbidden' });
		return;
	}
	if (member.role === 'observer') error(403, { message: 'Observers cannot vote.', code: 'forbidden' });
	if (!member.votingDelegate || member.organisationId !== organisationId)
		error(403, {
			message: 'Only a voting delegate of this organisation can cast its ballot.',
			code: 'forbidden'
		});
}

export async function getVote(db: DB, voteId: string): Promise<Vote> {
	return await getVoteRow(db, voteId);
}

export async function listVotes(db: DB, workspaceId: string): Promise<Vote[]> {
	return await db.select().from(votes).where(eq(votes.workspaceId, workspaceId)).orderBy(desc(votes.opensAt));
}

export type ChamberTurnout = {
	chamber: 'vcse' | 'statutory';
	cast: number;
	eligible: number;
	turnout: Figure | null;
};

/** Turnout per chamber: what shows while running totals are hidden. */
export function turnout(vote: Vote, rows: { organisationId: string }[]): ChamberTurnout[] {
	const electorate = vote.electorate ?? [];
	const voted = new Set(rows.map((r) => r.organisationId));
	return (['vcse', 'statutory'] as const).map((chamber) => {
		const inChamber = electorate.filter((e) => e.sector === chamber);
		const cast = inChamber.filter((e) => voted.has(e.organisationId)).length;
		return {
			chamber,
			cast,
			eligible: inChamber.length,
			turnout: inChamber.length ? toFigure(rational(cast, inChamber.length)) : null
		};
	});
}

/** The ballots of a vote with the names of organisations and people, for pages. */
export async function listBallots(db: DB, voteId: string) {
	const rows = await ballotRows(db, voteId);
	const ids = [...new Set(rows.flatMap((r) => [r.castBy, r.assistedBy]).filter((x): x is string => !!x))];
	const names = new Map(
		ids.length
			? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map(
					(u) => [u.id, u.name]
				)
			: []
	);
	return rows.map((r) => ({
		...r,
		castByName: r.castBy ? (names.get(r.castBy) ?? null) : null,
		assistedByName: r.assistedBy ? (names.get(r.assistedBy) ?? null) : null
	}));
}

/** The change log of one organisation's ballot (or of all ballots), oldest first, with people's names. */
export async function listBallotChanges(db: DB, voteId: string, organisationId?: string) {
	return await db
		.select({
			organisationId: ballotChanges.organisationId,
			action: ballotChanges.action,
			choice: ballotChanges.choice,
			statement: ballotChanges.statement,
			userId: ballotChanges.userId,
			userName: users.name,
			assistedBy: ballotChanges.assistedBy,
			at: ballotChanges.at
		})
		.from(ballotChanges)
		.leftJoin(users, eq(users.id, ballotChanges.userId))
		.where(
			organisationId
				? and(eq(ballotChanges.voteId, voteId), eq(ballotChanges.organisationId, organisationId))
				: eq(ballotChanges.voteId, voteId)
		)
		.orderBy(asc(ballotChanges.at), sql`"ballot_changes"."rowid"`);
}

/** What may be shown of the figures now: the result after the close, live figures if the vote shows them. */
export async function visibleTally(
	db: DB,
	vote: Vote
): Promise<{
	result: TallyResult | null;
	live: boolean;
	turnout: ChamberTurnout[];
}> {
	const rows = await ballotRows(db, vote.id);
	if (vote.status === 'closed') return { result: vote.result, live: false, turnout: turnout(vote, rows) };
	if (vote.status === 'open' && vote.showRunningTotals)
		return { result: computeResult(vote, rows), live: true, turnout: turnout(vote, rows) };
	return { result: null, live: false, turnout: turnout(vote, rows) };
}

export type VoteSnapshot = {
	vote: {
		id: string;
		workspaceId: string;
		question: string;
		explanation: string;
		documentId: string | null;
		documentVersionId: string | null;
		opensAt: number;
		closesAt: number;
		openedAt: number;
		closedAt: number;
		closedReason: string;
		showRunningTotals: boolean;
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
 * Everything the decision register needs to publish a closed vote, JSON-safe and with no floating-point
 * number (fractions are strings; times are integer milliseconds). 404 when the vote does not exist, 409
 * when it has not closed.
 */
export async function getClosedVoteSnapshot(db: DB, voteId: string): Promise<VoteSnapshot> {
	const vote = await getVoteRow(db, voteId);
	if (
		vote.status !== 'closed' ||
		!vote.result ||
		!vote.electorate ||
		vote.closedAt === null ||
		vote.openedAt === null
	)
		conflict('This vote has not closed yet.');
	const names = new Map(vote.electorate.map((e) => [e.organisationId, e.name]));
	const person = (id: string | null, name: string | null) => (id ? { userId: id, name: name ?? '' } : null);
	return {
		vote: {
			id: vote.id,
			workspaceId: vote.workspaceId,
			question: vote.question,
			explanation: vote.explanation,
			documentId: vote.documentId,
			documentVersionId: vote.documentVersionId,
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

/**
 * Loads a vote for someone acting in its workspace, first bringing it up to date with the clock.
 * Votes are members-only: 404 when the workspace is invisible to the actor, 403 for a visitor.
 */
export async function loadVoteFor(db: DB, actor: Actor, voteId: string) {
	const found = await getVoteRow(db, voteId);
	const access = await requireMember(db, actor, found.workspaceId);
	return {
		...access,
		vote: isDue(found) ? (await catchUp(db, voteId), await getVoteRow(db, voteId)) : found
	};
}

const iso = (ms: number | null) => (ms === null || !isRepresentable(ms) ? null : new Date(ms).toISOString());

/** A vote as the API shows it: times in RFC 3339 UTC, no floating-point numbers. */
export function serializeVote(vote: Vote) {
	return {
		id: vote.id,
		workspaceId: vote.workspaceId,
		question: vote.question,
		explanation: vote.explanation,
		documentId: vote.documentId,
		documentVersionId: vote.documentVersionId,
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
