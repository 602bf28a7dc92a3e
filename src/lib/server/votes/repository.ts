// The SQL of votes and ballots. Every function takes the database handle (or a transaction's) and awaits its
// queries; none checks who asks (commands and queries do).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { first, one, type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	ballotChanges,
	ballots,
	documents,
	organisations,
	users,
	votes,
	workspacePartners,
	type BallotChoice
} from '../db/schema/index.ts';
import { mayTakePart } from '../access.ts';
import { NotFound } from '../errors.ts';
import type { ElectorateEntry } from '../../domain/tally.ts';

export type Vote = typeof votes.$inferSelect;
export type Ballot = typeof ballots.$inferSelect;
/** What is set while a vote is a draft (beside its rule and electorate). */
export type DraftField =
	| 'question'
	| 'explanation'
	| 'documentId'
	| 'documentVersionId'
	| 'opensAt'
	| 'closesAt'
	| 'showRunningTotals';
export type NewVote = Omit<typeof votes.$inferInsert, 'id'>;

export async function findVote(db: DB, voteId: string): Promise<Vote | undefined> {
	return one(await db.select().from(votes).where(eq(votes.id, voteId)).limit(1));
}

/** The vote, or NotFound. */
export async function getVote(db: DB, voteId: string): Promise<Vote> {
	const vote = await findVote(db, voteId);
	if (!vote) throw new NotFound();
	return vote;
}

export async function listVotes(db: DB, workspaceId: string): Promise<Vote[]> {
	return await db.select().from(votes).where(eq(votes.workspaceId, workspaceId)).orderBy(desc(votes.opensAt));
}

export async function insertVote(db: DB, values: NewVote): Promise<Vote> {
	return first(
		await db
			.insert(votes)
			.values({ id: newId(), ...values })
			.returning()
	);
}

/** Changes a vote; with `whileStatus`, only while it is in that state (the row, or undefined). */
export async function updateVoteRow(
	db: DB,
	voteId: string,
	values: Partial<NewVote>,
	whileStatus?: Vote['status']
): Promise<Vote | undefined> {
	return one(
		await db
			.update(votes)
			.set(values)
			.where(whileStatus ? and(eq(votes.id, voteId), eq(votes.status, whileStatus)) : eq(votes.id, voteId))
			.returning()
	);
}

export async function deleteVoteRow(db: DB, voteId: string): Promise<void> {
	await db.delete(votes).where(eq(votes.id, voteId));
}

/** Whether the document is in the workspace. */
export async function documentInWorkspace(db: DB, documentId: string, workspaceId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ id: documents.id })
			.from(documents)
			.where(and(eq(documents.id, documentId), eq(documents.workspaceId, workspaceId)))
			.limit(1)
	);
}

/** How many of these organisations are partners of the workspace. */
export async function countPartners(db: DB, workspaceId: string, organisationIds: string[]): Promise<number> {
	if (!organisationIds.length) return 0;
	return (
		await db
			.select({ id: workspacePartners.organisationId })
			.from(workspacePartners)
			.where(
				and(
					eq(workspacePartners.workspaceId, workspaceId),
					inArray(workspacePartners.organisationId, organisationIds)
				)
			)
	).length;
}

/** The workspace's documents, for the vote form's optional link. */
export async function documentChoices(db: DB, workspaceId: string) {
	return await db
		.select({ id: documents.id, title: documents.title })
		.from(documents)
		.where(eq(documents.workspaceId, workspaceId))
		.orderBy(asc(documents.title));
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

/** The ballots of a vote, by organisation. */
export async function ballotRows(db: DB, voteId: string) {
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

/** The ballots of a vote with the names of the people who cast them and assisted. */
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
		.orderBy(asc(ballotChanges.at), asc(ballotChanges.seq));
}

export type BallotWrite = {
	voteId: string;
	organisationId: string;
	choice: BallotChoice;
	statement: string;
	castBy: string;
	assistedBy: string | null;
	at: number;
};

/**
 * Inserts or replaces an organisation's ballot (ON CONFLICT on the unique (vote, organisation) index) and logs
 * the change. Run it inside a transaction.
 */
export async function upsertBallot(db: DB, b: BallotWrite): Promise<{ created: boolean; ballot: Ballot }> {
	const existing = one(
		await db
			.select({ id: ballots.id })
			.from(ballots)
			.where(and(eq(ballots.voteId, b.voteId), eq(ballots.organisationId, b.organisationId)))
			.limit(1)
	);
	const ballot = first(
		await db
			.insert(ballots)
			.values({
				id: newId(),
				voteId: b.voteId,
				organisationId: b.organisationId,
				choice: b.choice,
				statement: b.statement,
				castBy: b.castBy,
				assistedBy: b.assistedBy,
				createdAt: b.at,
				updatedAt: b.at
			})
			.onConflictDoUpdate({
				target: [ballots.voteId, ballots.organisationId],
				set: {
					choice: b.choice,
					statement: b.statement,
					castBy: b.castBy,
					assistedBy: b.assistedBy,
					updatedAt: b.at
				}
			})
			.returning()
	);
	await db.insert(ballotChanges).values({
		id: newId(),
		voteId: b.voteId,
		organisationId: b.organisationId,
		action: existing ? 'changed' : 'cast',
		choice: b.choice,
		statement: b.statement,
		userId: b.castBy,
		assistedBy: b.assistedBy,
		at: b.at,
		// Writes run one at a time (the write lock, on either engine), so the next number is free.
		seq: sql`(select coalesce(max(${ballotChanges.seq}), 0) + 1 from ${ballotChanges} where ${ballotChanges.voteId} = ${b.voteId})`
	});
	return { created: !existing, ballot };
}

/** Votes whose opening or closing time has passed and that are not yet opened or closed. */
export async function dueVoteIds(db: DB, now: number): Promise<string[]> {
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

export { versionOfDocument } from '../documents/repository.ts';
