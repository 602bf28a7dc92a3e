// The SQL of consultations, their public links, the people who joined through one, and their answers. Every
// function takes the database handle (or a transaction's); none checks who asks (commands and queries do).
import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { affected, one, type DB } from '../db/index.ts';
import {
	comments,
	commentThreads,
	consultationChanges,
	consultationGuests,
	consultationLinks,
	consultationResponses,
	consultations,
	documents,
	organisations,
	responseOf,
	suggestions,
	users,
	workspaceMembers,
	type Sector
} from '../db/schema/index.ts';
import { findWorkspace } from '../workspaces/repository.ts';

export type Consultation = typeof consultations.$inferSelect;
export type Guest = typeof consultationGuests.$inferSelect;
export type Link = typeof consultationLinks.$inferSelect;
export type Change = typeof consultationChanges.$inferSelect;

export async function getConsultation(db: DB, id: string): Promise<Consultation | undefined> {
	return one(await db.select().from(consultations).where(eq(consultations.id, id)).limit(1));
}

/** The most recently opened consultation on a document. */
export async function latestConsultation(db: DB, documentId: string): Promise<Consultation | undefined> {
	return one(
		await db
			.select()
			.from(consultations)
			.where(eq(consultations.documentId, documentId))
			.orderBy(desc(consultations.openedAt))
			.limit(1)
	);
}

/** A document's consultations, newest first. */
export async function listConsultations(db: DB, documentId: string): Promise<Consultation[]> {
	return await db
		.select()
		.from(consultations)
		.where(eq(consultations.documentId, documentId))
		.orderBy(desc(consultations.openedAt));
}

/** A workspace's consultations with their documents' titles, newest first. */
export async function workspaceConsultations(db: DB, workspaceId: string) {
	return await db
		.select({ c: consultations, documentTitle: documents.title })
		.from(consultations)
		.innerJoin(documents, eq(documents.id, consultations.documentId))
		.where(eq(consultations.workspaceId, workspaceId))
		.orderBy(desc(consultations.openedAt));
}

/** The time zone of a workspace (closing times are typed and shown there). */
export async function workspaceZone(db: DB, workspaceId: string): Promise<string> {
	return (await findWorkspace(db, workspaceId))?.timeZone ?? 'Europe/London';
}

export async function documentStatus(db: DB, documentId: string): Promise<string | undefined> {
	return one(
		await db.select({ status: documents.status }).from(documents).where(eq(documents.id, documentId)).limit(1)
	)?.status;
}

/** Records a new consultation and puts its document in consultation. */
export async function insertConsultation(db: DB, c: Consultation): Promise<void> {
	await db.insert(consultations).values(c);
	await db
		.update(documents)
		.set({ status: 'consultation', updatedAt: c.createdAt })
		.where(eq(documents.id, c.documentId));
}

/** Moves the close of a consultation and records why, in one go (the caller's transaction). */
export async function changeClose(db: DB, change: Change): Promise<void> {
	await db
		.update(consultations)
		.set({ closesAt: change.toClosesAt })
		.where(eq(consultations.id, change.consultationId));
	await db.insert(consultationChanges).values(change);
}

/** A consultation's changes of closing time, oldest first. */
export async function listChanges(db: DB, consultationId: string): Promise<Change[]> {
	return await db
		.select()
		.from(consultationChanges)
		.where(eq(consultationChanges.consultationId, consultationId))
		.orderBy(asc(consultationChanges.at));
}

export async function insertLink(db: DB, link: Omit<Link, 'uses' | 'revokedAt'>): Promise<void> {
	await db.insert(consultationLinks).values(link);
}

export async function listLinks(db: DB, consultationId: string) {
	return await db
		.select({
			id: consultationLinks.id,
			uses: consultationLinks.uses,
			createdAt: consultationLinks.createdAt,
			revokedAt: consultationLinks.revokedAt
		})
		.from(consultationLinks)
		.where(eq(consultationLinks.consultationId, consultationId))
		.orderBy(asc(consultationLinks.createdAt));
}

/** Withdraws a link of a consultation; false when it has no such link. */
export async function revokeLink(db: DB, consultationId: string, linkId: string, now: number) {
	const r = await db
		.update(consultationLinks)
		.set({ revokedAt: now })
		.where(and(eq(consultationLinks.id, linkId), eq(consultationLinks.consultationId, consultationId)));
	return affected(r) > 0;
}

/** A link by the hash of its secret, with its consultation. */
export async function linkByHash(db: DB, tokenHash: string) {
	return one(
		await db
			.select({ link: consultationLinks, consultation: consultations })
			.from(consultationLinks)
			.innerJoin(consultations, eq(consultations.id, consultationLinks.consultationId))
			.where(eq(consultationLinks.tokenHash, tokenHash))
			.limit(1)
	);
}

export async function countLinkUse(db: DB, linkId: string): Promise<void> {
	await db
		.update(consultationLinks)
		.set({ uses: sql`${consultationLinks.uses} + 1` })
		.where(eq(consultationLinks.id, linkId));
}

/** An unverified organisation of that name and sector that came from the workspace, if any. */
export async function findGuestOrganisation(
	db: DB,
	workspaceId: string,
	name: string,
	sector: Sector
): Promise<string | undefined> {
	return one(
		await db
			.select({ id: organisations.id })
			.from(organisations)
			.where(
				and(
					sql`lower(${organisations.name}) = lower(${name})`,
					eq(organisations.verified, false),
					eq(organisations.sector, sector),
					eq(organisations.originWorkspaceId, workspaceId)
				)
			)
			.limit(1)
	)?.id;
}

export async function insertOrganisation(db: DB, org: typeof organisations.$inferInsert): Promise<void> {
	await db.insert(organisations).values(org);
}

export async function insertGuest(db: DB, guest: Guest): Promise<void> {
	await db.insert(consultationGuests).values(guest);
}

export async function getGuest(db: DB, id: string): Promise<Guest | undefined> {
	return one(await db.select().from(consultationGuests).where(eq(consultationGuests.id, id)).limit(1));
}

/** A guest by the hash of their email confirmation secret, with the title of their consultation. */
export async function guestByConfirmHash(db: DB, confirmHash: string) {
	return one(
		await db
			.select({ guest: consultationGuests, title: consultations.title })
			.from(consultationGuests)
			.innerJoin(consultations, eq(consultations.id, consultationGuests.consultationId))
			.where(eq(consultationGuests.confirmHash, confirmHash))
			.limit(1)
	);
}

/** Marks a guest's email confirmed, using up the secret; false when it was used already. */
export async function confirmGuest(db: DB, id: string, confirmHash: string, now: number): Promise<boolean> {
	const r = await db
		.update(consultationGuests)
		.set({ confirmedAt: now, confirmHash: null })
		.where(and(eq(consultationGuests.id, id), eq(consultationGuests.confirmHash, confirmHash)));
	return affected(r) > 0;
}

/** Gives an unconfirmed guest a new confirmation secret (the earlier link stops working); false if confirmed. */
export async function renewConfirmHash(db: DB, id: string, confirmHash: string): Promise<boolean> {
	const r = await db
		.update(consultationGuests)
		.set({ confirmHash })
		.where(and(eq(consultationGuests.id, id), isNull(consultationGuests.confirmedAt)));
	return affected(r) > 0;
}

/** The name written in place of a guest's once their details are deleted. */
export const DELETED_NAME = 'Name deleted';

/**
 * Deletes the name and email of every person from a link whose consultation closed before `closedBefore`;
 * what they said stays, attributed to their organisation. Returns how many people.
 */
export async function deleteGuestDetails(db: DB, closedBefore: number, now: number): Promise<number> {
	const due = db
		.select({ id: consultations.id })
		.from(consultations)
		.where(lt(consultations.closesAt, closedBefore));
	const r = await db
		.update(consultationGuests)
		.set({ name: DELETED_NAME, email: '', confirmHash: null, detailsDeletedAt: now })
		.where(and(isNull(consultationGuests.detailsDeletedAt), inArray(consultationGuests.consultationId, due)));
	return affected(r);
}

/** A guest with whether the link they joined through was withdrawn. */
export async function guestWithLink(db: DB, id: string) {
	return one(
		await db
			.select({ guest: consultationGuests, revokedAt: consultationLinks.revokedAt })
			.from(consultationGuests)
			.innerJoin(consultationLinks, eq(consultationLinks.id, consultationGuests.linkId))
			.where(eq(consultationGuests.id, id))
			.limit(1)
	);
}

/** Who answered, as a response records them: `u:<userId>` for a member, `g:<guestId>` for a person from a link. */
export function respondentKey(who: { userId: string } | { guestId: string }): string {
	return 'guestId' in who ? `g:${who.guestId}` : `u:${who.userId}`;
}

/** A person's answers (by their `respondentKey`), if they have answered. */
export async function ownResponse(db: DB, consultationId: string, respondentKey: string) {
	return (
		one(
			await db
				.select({
					id: consultationResponses.id,
					answers: consultationResponses.answers,
					updatedAt: consultationResponses.updatedAt
				})
				.from(consultationResponses)
				.where(responseOf(consultationId, respondentKey))
				.limit(1)
		) ?? null
	);
}

type ResponseValues = Pick<
	typeof consultationResponses.$inferInsert,
	'userId' | 'guestId' | 'organisationId' | 'answers' | 'updatedAt'
>;

export async function updateResponse(db: DB, id: string, values: ResponseValues): Promise<void> {
	await db.update(consultationResponses).set(values).where(eq(consultationResponses.id, id));
}

export async function insertResponse(
	db: DB,
	row: ResponseValues & { id: string; consultationId: string; respondentKey: string; createdAt: number }
): Promise<void> {
	await db.insert(consultationResponses).values(row);
}

/** Everything said in a consultation, as stored: answers, comments (with their passage) and suggestions. */
export async function contributionRows(db: DB, c: Consultation) {
	const memberOrganisations = await db
		.select({ userId: workspaceMembers.userId, organisationId: workspaceMembers.organisationId })
		.from(workspaceMembers)
		.where(eq(workspaceMembers.workspaceId, c.workspaceId));
	const guests = await db
		.select()
		.from(consultationGuests)
		.where(eq(consultationGuests.consultationId, c.id));
	const responses = await db
		.select()
		.from(consultationResponses)
		.where(eq(consultationResponses.consultationId, c.id));
	const commentRows = await db
		.select({ c: comments, quote: commentThreads.quote })
		.from(comments)
		.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
		.where(and(eq(commentThreads.consultationId, c.id), isNull(comments.deletedAt)))
		.orderBy(asc(comments.createdAt));
	const suggestionRows = await db.select().from(suggestions).where(eq(suggestions.consultationId, c.id));
	return { memberOrganisations, guests, responses, commentRows, suggestionRows };
}

export async function userNames(db: DB, ids: string[]): Promise<Map<string, string>> {
	if (!ids.length) return new Map();
	const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
	return new Map(rows.map((u) => [u.id, u.name]));
}

export async function organisationsByIds(db: DB, ids: string[]) {
	if (!ids.length) return new Map<string, typeof organisations.$inferSelect>();
	const rows = await db.select().from(organisations).where(inArray(organisations.id, ids));
	return new Map(rows.map((o) => [o.id, o]));
}

/** Of the threads and suggestions of a consultation, those a guest wrote (their page shows only these). */
export async function guestsOwn(db: DB, consultationId: string, guestId: string, suggestionIds: string[]) {
	const threads = await db
		.select({ id: commentThreads.id })
		.from(commentThreads)
		.innerJoin(comments, eq(comments.threadId, commentThreads.id))
		.where(and(eq(commentThreads.consultationId, consultationId), eq(comments.guestId, guestId)));
	const own = suggestionIds.length
		? await db
				.select({ id: suggestions.id })
				.from(suggestions)
				.where(and(inArray(suggestions.id, suggestionIds), eq(suggestions.guestId, guestId)))
		: [];
	return { threads: new Set(threads.map((r) => r.id)), suggestions: new Set(own.map((r) => r.id)) };
}
