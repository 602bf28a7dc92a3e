// The SQL of comment threads, comments (with their earlier wordings and @mentions) and suggestions.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias, type SQLiteColumn, type SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { affected, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	commentEdits,
	commentMentions,
	comments,
	commentThreads,
	consultationGuests,
	documents,
	membershipOf,
	organisations,
	suggestions,
	users,
	workspaceMembers
} from '../db/schema/index.ts';
import type { ThreadFilter } from './schemas.ts';

export type Thread = typeof commentThreads.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type Suggestion = typeof suggestions.$inferSelect;

/** Who writes: a workspace member, or a person who came through a public consultation link. */
export type Author =
	{ kind: 'user'; userId: string } | { kind: 'guest'; guestId: string; consultationId: string };

export function authorColumns(author: Author) {
	return author.kind === 'user'
		? { authorId: author.userId, guestId: null }
		: { authorId: null, guestId: author.guestId };
}

export async function getThread(db: DB, id: string): Promise<Thread | undefined> {
	return one(await db.select().from(commentThreads).where(eq(commentThreads.id, id)).limit(1));
}

export async function getComment(db: DB, id: string) {
	return one(
		await db
			.select({ comment: comments, thread: commentThreads })
			.from(comments)
			.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
			.where(eq(comments.id, id))
			.limit(1)
	);
}

/** The first comment of a thread (the one a thread id stands for when changing "the thread's" comment). */
export async function firstComment(db: DB, threadId: string): Promise<Comment | undefined> {
	return one(
		await db
			.select()
			.from(comments)
			.where(eq(comments.threadId, threadId))
			.orderBy(asc(comments.createdAt))
			.limit(1)
	);
}

/** Whether a guest wrote in a thread. */
export async function guestWroteIn(db: DB, threadId: string, guestId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ id: comments.id })
			.from(comments)
			.where(and(eq(comments.threadId, threadId), eq(comments.guestId, guestId)))
			.limit(1)
	);
}

/** The members of a workspace who can be @mentioned: names, emails and the organisation each acts for. */
export async function mentionable(db: DB, workspaceId: string) {
	return await db
		.select({ id: users.id, name: users.name, email: users.email, organisation: organisations.name })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.leftJoin(organisations, eq(organisations.id, workspaceMembers.organisationId))
		.where(eq(workspaceMembers.workspaceId, workspaceId))
		.orderBy(asc(users.name));
}

/** Members @mentioned in a text: `@Full Name` or `@email`, longest names first. */
export async function findMentions(db: DB, workspaceId: string, body: string): Promise<string[]> {
	const members = await mentionable(db, workspaceId);
	const lower = body.toLowerCase();
	const found = new Set<string>();
	const names = members
		.flatMap((m) => [
			{ id: m.id, key: m.name.toLowerCase() },
			{ id: m.id, key: m.email.toLowerCase() }
		])
		.sort((a, b) => b.key.length - a.key.length);
	for (const n of names) {
		let i = lower.indexOf('@' + n.key);
		while (i !== -1) {
			const after = lower[i + 1 + n.key.length];
			if (after === undefined || !/[\p{L}\p{N}_]/u.test(after)) {
				found.add(n.id);
				break;
			}
			i = lower.indexOf('@' + n.key, i + 1);
		}
	}
	return [...found];
}

export async function insertThread(db: DB, thread: typeof commentThreads.$inferInsert): Promise<void> {
	await db.insert(commentThreads).values(thread);
}

export async function insertComment(
	db: DB,
	comment: typeof comments.$inferInsert,
	mentions: string[]
): Promise<void> {
	await db.insert(comments).values(comment);
	if (mentions.length)
		await db.insert(commentMentions).values(mentions.map((userId) => ({ commentId: comment.id, userId })));
}

export async function touchThread(db: DB, threadId: string, now: number): Promise<void> {
	await db.update(commentThreads).set({ updatedAt: now }).where(eq(commentThreads.id, threadId));
}

export async function setThreadStatus(
	db: DB,
	threadId: string,
	userId: string,
	status: 'open' | 'resolved',
	now: number
): Promise<void> {
	await db
		.update(commentThreads)
		.set(
			status === 'resolved'
				? { status, resolvedBy: userId, resolvedAt: now, updatedAt: now }
				: { status, resolvedBy: null, resolvedAt: null, updatedAt: now }
		)
		.where(eq(commentThreads.id, threadId));
}

/** Replaces a comment's text, keeping the earlier wording in the history (deleting is replacing with ''). */
export async function replaceBody(
	db: DB,
	comment: Comment,
	userId: string,
	body: string,
	mentions: string[],
	now: number,
	deleting = false
): Promise<void> {
	await db
		.insert(commentEdits)
		.values({ id: newId(), commentId: comment.id, body: comment.body, replacedAt: now, replacedBy: userId });
	await db
		.update(comments)
		.set(deleting ? { body: '', deletedAt: now } : { body, editedAt: now })
		.where(eq(comments.id, comment.id));
	await db.delete(commentMentions).where(eq(commentMentions.commentId, comment.id));
	if (mentions.length)
		await db.insert(commentMentions).values(mentions.map((u) => ({ commentId: comment.id, userId: u })));
}

/** The threads of a document, with a filter, oldest first. */
export async function threadRows(
	db: DB,
	documentId: string,
	opts: { filter: ThreadFilter; userId: string; consultationId?: string }
): Promise<Thread[]> {
	const conditions = [eq(commentThreads.documentId, documentId)];
	if (opts.filter === 'open' || opts.filter === 'resolved')
		conditions.push(eq(commentThreads.status, opts.filter));
	if (opts.consultationId) conditions.push(eq(commentThreads.consultationId, opts.consultationId));
	const uid = opts.userId;
	if (opts.filter === 'mine')
		conditions.push(
			sql`exists (select 1 from ${comments} c where c.thread_id = ${commentThreads.id} and c.author_id = ${uid})`
		);
	if (opts.filter === 'mentions')
		conditions.push(
			sql`exists (select 1 from ${comments} c join ${commentMentions} m on m.comment_id = c.id where c.thread_id = ${commentThreads.id} and m.user_id = ${uid})`
		);
	return await db
		.select()
		.from(commentThreads)
		.where(and(...conditions))
		.orderBy(asc(commentThreads.createdAt));
}

const memberOrg = alias(organisations, 'member_org');
const guestOrg = alias(organisations, 'guest_org');

/**
 * The organisation an author writes for: a member's organisation in the workspace (joined as
 * `workspaceMembers` and `memberOrg`), else the one a person from a consultation link gave (`guestOrg`).
 */
const authorOrganisation = sql<string | null>`coalesce(${memberOrg.name}, ${guestOrg.name})`;

/**
 * Joins who wrote a comment or suggestion (`row`): a member's account (`users`), or the details a person gave
 * at a consultation link (`consultationGuests`).
 */
export function withAuthorName<Q extends SQLiteSelect>(
	query: Q,
	row: { authorId: SQLiteColumn; guestId: SQLiteColumn }
) {
	return query
		.leftJoin(users, eq(users.id, row.authorId))
		.leftJoin(consultationGuests, eq(consultationGuests.id, row.guestId));
}

/** Joins the author of a comment or suggestion (`row`) and the organisation they write for (`authorOrganisation`). */
function withAuthor<Q extends SQLiteSelect>(
	query: Q,
	row: { workspaceId: SQLiteColumn; authorId: SQLiteColumn; guestId: SQLiteColumn }
) {
	return withAuthorName(query, row)
		.leftJoin(workspaceMembers, membershipOf(row.workspaceId, row.authorId))
		.leftJoin(memberOrg, eq(memberOrg.id, workspaceMembers.organisationId))
		.leftJoin(guestOrg, eq(guestOrg.id, consultationGuests.organisationId));
}

/** The comments of some threads with their authors' names and organisations, earlier wordings and mentions. */
export async function commentRows(db: DB, threadIds: string[]) {
	const rows = await withAuthor(
		db
			.select({
				c: comments,
				userName: users.name,
				guestName: consultationGuests.name,
				organisation: authorOrganisation
			})
			.from(comments)
			.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
			.$dynamic(),
		{ workspaceId: commentThreads.workspaceId, authorId: comments.authorId, guestId: comments.guestId }
	)
		.where(inArray(comments.threadId, threadIds))
		.orderBy(asc(comments.createdAt));
	const ids = rows.map((r) => r.c.id);
	const edits = ids.length
		? await db
				.select()
				.from(commentEdits)
				.where(inArray(commentEdits.commentId, ids))
				.orderBy(asc(commentEdits.replacedAt))
		: [];
	const mentions = ids.length
		? await db
				.select({ commentId: commentMentions.commentId, name: users.name })
				.from(commentMentions)
				.innerJoin(users, eq(users.id, commentMentions.userId))
				.where(inArray(commentMentions.commentId, ids))
		: [];
	return { rows, edits, mentions };
}

export async function getSuggestion(db: DB, id: string): Promise<Suggestion | undefined> {
	return one(await db.select().from(suggestions).where(eq(suggestions.id, id)).limit(1));
}

export async function insertSuggestion(db: DB, s: typeof suggestions.$inferInsert): Promise<void> {
	await db.insert(suggestions).values(s);
}

/** Records the decision on a suggestion that is still open; false when it was decided meanwhile. */
export async function decideSuggestion(
	db: DB,
	id: string,
	decision: Pick<Suggestion, 'status' | 'decidedAt'> & Partial<Pick<Suggestion, 'decidedBy' | 'reason'>>
): Promise<boolean> {
	const r = await db
		.update(suggestions)
		.set(decision)
		.where(and(eq(suggestions.id, id), eq(suggestions.status, 'open')));
	return affected(r) > 0;
}

/** A document's suggestions with their authors' names and organisations and deciders' names, oldest first. */
export async function suggestionRows(db: DB, documentId: string) {
	const decider = db.$with('decider').as(db.select({ id: users.id, name: users.name }).from(users));
	return await withAuthor(
		db
			.with(decider)
			.select({
				s: suggestions,
				authorName: sql<
					string | null
				>`coalesce(${users.name}, ${consultationGuests.name} || ' (via consultation link)')`,
				authorOrganisation,
				deciderName: decider.name
			})
			.from(suggestions)
			.$dynamic(),
		suggestions
	)
		.leftJoin(decider, eq(decider.id, suggestions.decidedBy))
		.where(eq(suggestions.documentId, documentId))
		.orderBy(asc(suggestions.createdAt));
}

export async function documentStatus(db: DB, documentId: string): Promise<{ status: string }> {
	return (
		one(
			await db
				.select({ status: documents.status })
				.from(documents)
				.where(eq(documents.id, documentId))
				.limit(1)
		) ?? { status: 'drafting' }
	);
}
