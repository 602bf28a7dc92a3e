// The SQL of meetings and their agenda (invitations, attendance and feeds: invitations.ts). Every function takes the database handle (or a
// transaction's) and awaits its queries; none checks who asks (commands and queries do).
import { and, asc, desc, eq, gt, inArray, isNull, max } from 'drizzle-orm';
import { first, one, type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	agendaItems,
	consultations,
	decisions,
	documents,
	documentVersions,
	meetings,
	users,
	votes,
	workspaceMembers,
	workspacePartners,
	organisations
} from '../db/schema/index.ts';
import { NotFound } from '../errors.ts';

export type Meeting = typeof meetings.$inferSelect;
export type AgendaItem = typeof agendaItems.$inferSelect;
export type NewMeeting = Omit<typeof meetings.$inferInsert, 'id'>;

export async function findMeeting(db: DB, id: string): Promise<Meeting | undefined> {
	return one(await db.select().from(meetings).where(eq(meetings.id, id)).limit(1));
}

/** The meeting, or NotFound. */
export async function getMeeting(db: DB, id: string): Promise<Meeting> {
	const m = await findMeeting(db, id);
	if (!m) throw new NotFound();
	return m;
}

/** A workspace's meetings, latest start first. */
export async function listMeetings(db: DB, workspaceId: string): Promise<Meeting[]> {
	return await db
		.select()
		.from(meetings)
		.where(eq(meetings.workspaceId, workspaceId))
		.orderBy(desc(meetings.startsAt));
}

export async function insertMeeting(db: DB, values: NewMeeting): Promise<Meeting> {
	return first(
		await db
			.insert(meetings)
			.values({ id: newId(), ...values })
			.returning()
	);
}

export async function updateMeeting(db: DB, id: string, values: Partial<NewMeeting>): Promise<Meeting> {
	return first(await db.update(meetings).set(values).where(eq(meetings.id, id)).returning());
}

// ── Agenda ──

export async function listAgenda(db: DB, meetingId: string): Promise<AgendaItem[]> {
	return await db
		.select()
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position));
}

/** The agendas of several meetings at once, by meeting id. */
export async function agendasOf(db: DB, meetingIds: string[]): Promise<Map<string, AgendaItem[]>> {
	const out = new Map<string, AgendaItem[]>(meetingIds.map((id) => [id, []]));
	if (!meetingIds.length) return out;
	const rows = await db
		.select()
		.from(agendaItems)
		.where(inArray(agendaItems.meetingId, meetingIds))
		.orderBy(asc(agendaItems.position));
	for (const r of rows) out.get(r.meetingId)!.push(r);
	return out;
}

/** Adds an item at the end of the agenda. */
export async function appendItem(
	db: DB,
	values: Omit<typeof agendaItems.$inferInsert, 'id' | 'position'>
): Promise<AgendaItem> {
	const last = one(
		await db
			.select({ n: max(agendaItems.position) })
			.from(agendaItems)
			.where(eq(agendaItems.meetingId, values.meetingId))
	);
	return first(
		await db
			.insert(agendaItems)
			.values({ id: newId(), position: (last?.n ?? 0) + 1, ...values })
			.returning()
	);
}

/** Writes the agenda's order: the items' ids, first to last, numbered from 1. */
export async function renumber(db: DB, ids: string[]): Promise<void> {
	for (const [i, id] of ids.entries())
		await db
			.update(agendaItems)
			.set({ position: i + 1 })
			.where(eq(agendaItems.id, id));
}

export async function deleteItem(db: DB, itemId: string): Promise<void> {
	await db.delete(agendaItems).where(eq(agendaItems.id, itemId));
}

// ── What an agenda item may link: things of the same workspace ──

export async function documentInWorkspace(db: DB, documentId: string, workspaceId: string) {
	return one(
		await db
			.select({ id: documents.id, title: documents.title })
			.from(documents)
			.where(and(eq(documents.id, documentId), eq(documents.workspaceId, workspaceId)))
			.limit(1)
	);
}

/** The document's latest named version, if it has one. */
export async function latestVersion(db: DB, documentId: string) {
	return one(
		await db
			.select({ id: documentVersions.id })
			.from(documentVersions)
			.where(eq(documentVersions.documentId, documentId))
			.orderBy(desc(documentVersions.createdAt), desc(documentVersions.id))
			.limit(1)
	);
}

export async function voteInWorkspace(db: DB, voteId: string, workspaceId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ id: votes.id })
			.from(votes)
			.where(and(eq(votes.id, voteId), eq(votes.workspaceId, workspaceId)))
			.limit(1)
	);
}

export async function consultationInWorkspace(
	db: DB,
	consultationId: string,
	workspaceId: string
): Promise<boolean> {
	return !!one(
		await db
			.select({ id: consultations.id })
			.from(consultations)
			.where(and(eq(consultations.id, consultationId), eq(consultations.workspaceId, workspaceId)))
			.limit(1)
	);
}

/** What a page shows of the agenda's links: titles and version names, and what visitors may open. */
export async function agendaLinks(db: DB, items: AgendaItem[], now = Date.now()) {
	const docIds = [...new Set(items.flatMap((i) => (i.documentId ? [i.documentId] : [])))];
	const versionIds = [...new Set(items.flatMap((i) => (i.documentVersionId ? [i.documentVersionId] : [])))];
	const voteIds = [...new Set(items.flatMap((i) => (i.voteId ? [i.voteId] : [])))];
	const consultationIds = [...new Set(items.flatMap((i) => (i.consultationId ? [i.consultationId] : [])))];
	const docs = docIds.length
		? await db
				.select({ id: documents.id, title: documents.title, adoptedVersionId: documents.adoptedVersionId })
				.from(documents)
				.where(inArray(documents.id, docIds))
		: [];
	const versions = versionIds.length
		? await db
				.select({
					id: documentVersions.id,
					name: documentVersions.name,
					createdAt: documentVersions.createdAt
				})
				.from(documentVersions)
				.where(inArray(documentVersions.id, versionIds))
		: [];
	const voteRows = voteIds.length
		? await db
				.select({ id: votes.id, question: votes.question, status: votes.status })
				.from(votes)
				.where(inArray(votes.id, voteIds))
		: [];
	const consultationRows = consultationIds.length
		? await db
				.select({
					id: consultations.id,
					title: consultations.title,
					documentId: consultations.documentId,
					audience: consultations.audience,
					closesAt: consultations.closesAt
				})
				.from(consultations)
				.where(inArray(consultations.id, consultationIds))
		: [];
	const openPublic = docIds.length
		? await db
				.select({ documentId: consultations.documentId })
				.from(consultations)
				.where(
					and(
						inArray(consultations.documentId, docIds),
						eq(consultations.audience, 'public'),
						gt(consultations.closesAt, now)
					)
				)
		: [];
	return {
		documents: new Map(docs.map((d) => [d.id, d])),
		versions: new Map(versions.map((v) => [v.id, v])),
		votes: new Map(voteRows.map((v) => [v.id, v])),
		consultations: new Map(consultationRows.map((c) => [c.id, c])),
		inPublicConsultation: new Set(openPublic.map((c) => c.documentId))
	};
}
export type AgendaLinks = Awaited<ReturnType<typeof agendaLinks>>;

// ── What the agenda form offers ──

/** The workspace's members who may be invited, by name, with the organisation each acts for. */
export async function memberChoices(db: DB, workspaceId: string) {
	return await db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			organisationId: workspaceMembers.organisationId
		})
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(eq(workspaceMembers.workspaceId, workspaceId))
		.orderBy(asc(users.name));
}

/** The workspace's partner organisations, by name: whom an attendee may attend for. */
export async function partnerChoices(db: DB, workspaceId: string) {
	return await db
		.select({ id: organisations.id, name: organisations.name })
		.from(workspacePartners)
		.innerJoin(organisations, eq(organisations.id, workspacePartners.organisationId))
		.where(eq(workspacePartners.workspaceId, workspaceId))
		.orderBy(asc(organisations.name));
}

export async function documentChoices(db: DB, workspaceId: string) {
	return await db
		.select({ id: documents.id, title: documents.title })
		.from(documents)
		.where(eq(documents.workspaceId, workspaceId))
		.orderBy(asc(documents.title));
}

export async function voteChoices(db: DB, workspaceId: string) {
	return await db
		.select({ id: votes.id, title: votes.question })
		.from(votes)
		.where(eq(votes.workspaceId, workspaceId))
		.orderBy(desc(votes.opensAt));
}

export async function consultationChoices(db: DB, workspaceId: string) {
	return await db
		.select({ id: consultations.id, title: consultations.title })
		.from(consultations)
		.where(eq(consultations.workspaceId, workspaceId))
		.orderBy(desc(consultations.openedAt));
}

/** The decisions recorded as made at a meeting, in the order they were made. */
export async function decisionsAt(db: DB, meetingId: string) {
	return await db
		.select({ id: decisions.id, title: decisions.title, outcome: decisions.outcome })
		.from(decisions)
		.where(eq(decisions.meetingId, meetingId))
		.orderBy(asc(decisions.decidedAt));
}

/** Links the minutes document unless the meeting has one already; whether it did. */
export async function linkMinutes(db: DB, meetingId: string, documentId: string, now: number) {
	const rows = await db
		.update(meetings)
		.set({ minutesDocumentId: documentId, updatedAt: now })
		.where(and(eq(meetings.id, meetingId), isNull(meetings.minutesDocumentId)))
		.returning({ id: meetings.id });
	return rows.length === 1;
}

export { versionOfDocument } from '../documents/repository.ts';
