/**
 * Comment threads on documents: create (anchored on a passage or a whole top-level block), reply, resolve,
 * reopen, edit and delete one's own comment (earlier wordings kept), @mentions of workspace members.
 * Access is checked by the callers (routes) on their first lines; this module checks ownership and the
 * consultation close, which must be read in the same transaction as the write.
 */
import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { z } from 'zod';
import {
	AnchorError,
	anchorBlock,
	anchorFromOffsets,
	anchorQuote,
	decodePosition,
	resolveAnchor,
	textMap,
	type AnchorInput,
	type Resolved,
	type TextMap
} from '../domain/anchor.ts';
import * as registry from './collab/registry.ts';
import { transaction, type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	commentEdits,
	commentMentions,
	comments,
	commentThreads,
	consultationGuests,
	documents,
	users,
	workspaceMembers
} from './db/schema/index.ts';
import { consultationGate } from './consultations.ts';
import { requireMember, requireRole, requireWriteScope, type Actor } from './access.ts';
import type { Role } from './db/schema/index.ts';
import { noticeComment } from './mail/comment-notices.ts';

export const MAX_TEXT = 10_000;

/**
 * Comment or suggestion text: trimmed, not empty, at most 10 000 characters. Any other text is kept as typed,
 * including text that looks like markup: it is escaped wherever it is shown (page, email, downloads), which is
 * the defence, and a filter of "script-looking" text could never be complete (see docs/comments.md).
 */
export const commentText = (what = 'The comment') =>
	z
		.string({ error: `${what} must be text.` })
		.transform((s) => s.replace(/\r\n?/g, '\n').trim())
		.refine((s) => s.length > 0, `${what} is empty. Write something first.`)
		.refine(
			(s) => s.length <= MAX_TEXT,
			`${what} is too long: at most ${MAX_TEXT.toLocaleString('en-GB')} characters.`
		);

/** Where a new thread or suggestion sits: one of these, checked in this order. */
export const anchorSpec = z
	.object({
		/** Encoded relative positions made by a client, with the text they quote. */
		anchor: z.object({
			start: z.string().max(200),
			end: z.string().max(200),
			quote: z.string().max(MAX_TEXT)
		}),
		/** Plain-text offsets (see src/lib/domain/anchor.ts). */
		range: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }),
		/** A top-level block index: the whole block. */
		block: z.number().int().min(0),
		/** Text to find in the document; `near` picks among repeats. */
		quote: z.string().min(1).max(MAX_TEXT),
		near: z.number().int().min(0)
	})
	.partial();
export type AnchorSpec = z.infer<typeof anchorSpec>;

/** Who writes: a workspace member, or a person who came through a public consultation link. */
export type Author =
	{ kind: 'user'; userId: string } | { kind: 'guest'; guestId: string; consultationId: string };

export type DocumentRow = typeof documents.$inferSelect;

export async function getDocument(db: DB, id: string): Promise<DocumentRow | undefined> {
	return one(await db.select().from(documents).where(eq(documents.id, id)).limit(1));
}

/**
 * Loads a document and checks the actor's role in its workspace (404 when it does not exist or cannot be
 * seen): `member` to read, a role to act. Acting also needs a write-scoped token.
 */
export async function documentAccess(db: DB, actor: Actor, documentId: string, min: Role | 'member') {
	const document = await getDocument(db, documentId);
	if (!document) error(404, { message: 'Not found', code: 'not_found' });
	if (min === 'member') return { document, ...(await requireMember(db, actor, document.workspaceId)) };
	requireWriteScope(actor);
	return { document, ...(await requireRole(db, actor, document.workspaceId, min)) };
}

export function contentHash(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The current content of a document (live room or stored state). */
export async function currentContent(documentId: string): Promise<{ doc: Y.Doc; map: TextMap }> {
	const doc = await registry.readDocument(documentId);
	if (!doc) error(404, { message: 'Not found', code: 'not_found' });
	return { doc, map: textMap(doc) };
}

/** Turns an anchor request into an anchor on the current content, or a 422 with a clear message. */
export function makeAnchor(doc: Y.Doc, map: TextMap, spec: AnchorSpec, allowPoint = false): AnchorInput {
	try {
		if (spec.anchor) {
			const { start, end, quote } = spec.anchor;
			if (!decodePosition(start) || !decodePosition(end))
				error(422, { message: 'The anchor is not a valid pair of positions.', code: 'invalid' });
			const r = resolveAnchor(doc, spec.anchor, map);
			if (r.status !== 'ok' || r.text !== quote)
				error(422, {
					message: 'The selected text has changed since you chose it; select it again.',
					code: 'invalid'
				});
			return { start, end, quote };
		}
		if (spec.range) {
			if (spec.range.from === spec.range.to && !allowPoint)
				error(422, { message: 'Select some text to comment on.', code: 'invalid' });
			return anchorFromOffsets(doc, spec.range.from, spec.range.to, map);
		}
		if (spec.block !== undefined) return anchorBlock(doc, spec.block, map);
		if (spec.quote) {
			const a = anchorQuote(doc, spec.quote, spec.near ?? 0, map);
			if (!a)
				error(422, {
					message: 'That text is not in the document (it may have just changed).',
					code: 'invalid'
				});
			return a;
		}
	} catch (e) {
		if (e instanceof AnchorError) error(422, { message: e.message, code: 'invalid' });
		throw e;
	}
	error(422, {
		message: 'Say what the comment is about: a selection (anchor, range or quote) or a section (block).',
		code: 'invalid'
	});
}

/** Members @mentioned in a text: `@Full Name` or `@email`, longest names first. */
export async function findMentions(db: DB, workspaceId: string, body: string): Promise<string[]> {
	const members = await db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(eq(workspaceMembers.workspaceId, workspaceId));
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

function authorColumns(author: Author) {
	return author.kind === 'user'
		? { authorId: author.userId, guestId: null }
		: { authorId: null, guestId: author.guestId };
}

export type CreateThreadInput = { spec: AnchorSpec; body: string; consultationId?: string | null };

/** Opens a thread with its first comment. */
export async function createThread(db: DB, document: DocumentRow, author: Author, input: CreateThreadInput) {
	const { doc, map } = await currentContent(document.id);
	const anchor = makeAnchor(doc, map, input.spec);
	doc.destroy();
	const hash = contentHash(map.text);
	const mentions = author.kind === 'user' ? await findMentions(db, document.workspaceId, input.body) : [];
	const now = Date.now();
	const threadId = newId();
	const commentId = newId();
	await transaction(db, async (tx) => {
		const consultationId = await consultationGate(tx, document.id, author, input.consultationId ?? null, now);
		await tx.insert(commentThreads).values({
			id: threadId,
			workspaceId: document.workspaceId,
			documentId: document.id,
			consultationId,
			anchorStart: anchor.start,
			anchorEnd: anchor.end,
			quote: anchor.quote,
			versionHash: hash,
			createdAt: now,
			updatedAt: now
		});
		await tx
			.insert(comments)
			.values({ id: commentId, threadId, ...authorColumns(author), body: input.body, createdAt: now });
		if (mentions.length)
			await tx.insert(commentMentions).values(mentions.map((userId) => ({ commentId, userId })));
		await noticeComment(tx, { threadId, commentId, author, body: input.body, mentions, isReply: false });
	});
	registry.notifyAnnotationsChanged(document.id);
	return { threadId, commentId };
}

export async function getThread(db: DB, id: string) {
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

/**
 * Whether a person who came through a consultation link sees a thread: one of their consultation's threads
 * in which they wrote (they see their own comments and the replies to them, not other people's threads).
 */
async function guestSees(
	db: DB,
	thread: { id: string; consultationId: string | null },
	author: Author
): Promise<boolean> {
	if (author.kind !== 'guest') return true;
	if (thread.consultationId !== author.consultationId) return false;
	return !!one(
		await db
			.select({ id: comments.id })
			.from(comments)
			.where(and(eq(comments.threadId, thread.id), eq(comments.guestId, author.guestId)))
			.limit(1)
	);
}

/**
 * Adds a reply; refused after the close of the consultation the thread belongs to. A thread that a person from
 * a consultation link does not see does not exist for them (404).
 */
export async function reply(db: DB, threadId: string, author: Author, body: string) {
	const thread = await getThread(db, threadId);
	if (!thread || !(await guestSees(db, thread, author)))
		error(404, { message: 'Not found', code: 'not_found' });
	const mentions = author.kind === 'user' ? await findMentions(db, thread.workspaceId, body) : [];
	const now = Date.now();
	const id = newId();
	await transaction(db, async (tx) => {
		await consultationGate(tx, thread.documentId, author, thread.consultationId, now, true);
		await tx.insert(comments).values({ id, threadId, ...authorColumns(author), body, createdAt: now });
		await tx.update(commentThreads).set({ updatedAt: now }).where(eq(commentThreads.id, threadId));
		if (mentions.length)
			await tx.insert(commentMentions).values(mentions.map((userId) => ({ commentId: id, userId })));
		await noticeComment(tx, { threadId, commentId: id, author, body, mentions, isReply: true });
	});
	registry.notifyAnnotationsChanged(thread.documentId);
	return { commentId: id, threadId };
}

export async function setThreadStatus(db: DB, threadId: string, userId: string, status: 'open' | 'resolved') {
	const now = Date.now();
	await db
		.update(commentThreads)
		.set(
			status === 'resolved'
				? { status, resolvedBy: userId, resolvedAt: now, updatedAt: now }
				: { status, resolvedBy: null, resolvedAt: null, updatedAt: now }
		)
		.where(eq(commentThreads.id, threadId));
	const thread = await getThread(db, threadId);
	if (thread) registry.notifyAnnotationsChanged(thread.documentId);
}

function requireOwn(row: { comment: typeof comments.$inferSelect }, userId: string) {
	if (row.comment.authorId !== userId)
		error(403, { message: 'You can only change your own comments.', code: 'forbidden' });
	if (row.comment.deletedAt) error(409, { message: 'This comment was deleted.', code: 'conflict' });
}

/** Changes one's own comment; the earlier wording is kept in the history. */
export async function editComment(db: DB, commentId: string, userId: string, body: string) {
	const row = await getComment(db, commentId);
	if (!row) error(404, { message: 'Not found', code: 'not_found' });
	requireOwn(row, userId);
	if (row.comment.body === body) return;
	const now = Date.now();
	const mentions = await findMentions(db, row.thread.workspaceId, body);
	await transaction(db, async (tx) => {
		await tx
			.insert(commentEdits)
			.values({ id: newId(), commentId, body: row.comment.body, replacedAt: now, replacedBy: userId });
		await tx.update(comments).set({ body, editedAt: now }).where(eq(comments.id, commentId));
		await tx.delete(commentMentions).where(eq(commentMentions.commentId, commentId));
		if (mentions.length)
			await tx.insert(commentMentions).values(mentions.map((u) => ({ commentId, userId: u })));
	});
	registry.notifyAnnotationsChanged(row.thread.documentId);
}

/** Deletes one's own comment: the row stays (the thread keeps its shape), its text moves to the history. */
export async function deleteComment(db: DB, commentId: string, userId: string) {
	const row = await getComment(db, commentId);
	if (!row) error(404, { message: 'Not found', code: 'not_found' });
	requireOwn(row, userId);
	const now = Date.now();
	await transaction(db, async (tx) => {
		await tx
			.insert(commentEdits)
			.values({ id: newId(), commentId, body: row.comment.body, replacedAt: now, replacedBy: userId });
		await tx.update(comments).set({ body: '', deletedAt: now }).where(eq(comments.id, commentId));
		await tx.delete(commentMentions).where(eq(commentMentions.commentId, commentId));
	});
	registry.notifyAnnotationsChanged(row.thread.documentId);
}

export const THREAD_FILTERS = ['all', 'open', 'resolved', 'mine', 'mentions'] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

export type CommentView = {
	id: string;
	author: { id: string | null; name: string; guest: boolean };
	body: string;
	createdAt: number;
	editedAt: number | null;
	deleted: boolean;
	edits: { body: string; replacedAt: number }[];
	mentions: string[];
};

export type ThreadView = {
	id: string;
	documentId: string;
	consultationId: string | null;
	status: 'open' | 'resolved';
	quote: string;
	anchor: { start: string; end: string };
	/** Where the anchor sits now; `deleted` when its text is gone (the quote stays). */
	position: Resolved;
	/** The top-level block the thread starts in, when its text is still there. */
	block: number | null;
	resolvedAt: number | null;
	createdAt: number;
	updatedAt: number;
	comments: CommentView[];
};

/** Threads of a document with their comments, resolved against the current content. */
export async function listThreads(
	db: DB,
	documentId: string,
	opts: { filter?: ThreadFilter; userId?: string | null; consultationId?: string } = {}
): Promise<ThreadView[]> {
	const filter = opts.filter ?? 'all';
	const conditions = [eq(commentThreads.documentId, documentId)];
	if (filter === 'open' || filter === 'resolved') conditions.push(eq(commentThreads.status, filter));
	if (opts.consultationId) conditions.push(eq(commentThreads.consultationId, opts.consultationId));
	const uid = opts.userId ?? '';
	if (filter === 'mine')
		conditions.push(
			sql`exists (select 1 from ${comments} c where c.thread_id = ${commentThreads.id} and c.author_id = ${uid})`
		);
	if (filter === 'mentions')
		conditions.push(
			sql`exists (select 1 from ${comments} c join ${commentMentions} m on m.comment_id = c.id where c.thread_id = ${commentThreads.id} and m.user_id = ${uid})`
		);
	const threads = await db
		.select()
		.from(commentThreads)
		.where(and(...conditions))
		.orderBy(asc(commentThreads.createdAt));
	if (threads.length === 0) return [];
	const content = await registry.readDocument(documentId);
	const map = content ? textMap(content) : null;
	const commentsBy = await loadComments(
		db,
		threads.map((t) => t.id)
	);
	const views = threads.map((t): ThreadView => {
		const anchor = { start: t.anchorStart, end: t.anchorEnd, quote: t.quote };
		const position: Resolved =
			content && map ? resolveAnchor(content, anchor, map) : { status: 'deleted', quote: t.quote };
		const block =
			position.status === 'ok' && map
				? (map.blocks.find((b) => position.from >= b.from && position.from <= b.to)?.index ?? null)
				: null;
		return {
			id: t.id,
			documentId: t.documentId,
			consultationId: t.consultationId,
			status: t.status,
			quote: t.quote,
			anchor: { start: t.anchorStart, end: t.anchorEnd },
			position,
			block,
			resolvedAt: t.resolvedAt,
			createdAt: t.createdAt,
			updatedAt: t.updatedAt,
			comments: commentsBy.get(t.id) ?? []
		};
	});
	content?.destroy();
	// In document order; threads whose text is gone go last.
	return views.sort((a, b) => {
		const pa = a.position.status === 'ok' ? a.position.from : Infinity;
		const pb = b.position.status === 'ok' ? b.position.from : Infinity;
		return pa === pb ? a.createdAt - b.createdAt : pa - pb;
	});
}

async function loadComments(db: DB, threadIds: string[]): Promise<Map<string, CommentView[]>> {
	const rows = await db
		.select({
			c: comments,
			userName: users.name,
			guestName: consultationGuests.name
		})
		.from(comments)
		.leftJoin(users, eq(users.id, comments.authorId))
		.leftJoin(consultationGuests, eq(consultationGuests.id, comments.guestId))
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
	const out = new Map<string, CommentView[]>();
	for (const r of rows) {
		const list = out.get(r.c.threadId) ?? [];
		list.push({
			id: r.c.id,
			author: {
				id: r.c.authorId,
				name: r.userName ?? (r.guestName ? `${r.guestName} (via consultation link)` : 'Former member'),
				guest: !!r.c.guestId
			},
			body: r.c.body,
			createdAt: r.c.createdAt,
			editedAt: r.c.editedAt,
			deleted: r.c.deletedAt !== null,
			edits: r.c.deletedAt
				? []
				: edits
						.filter((e) => e.commentId === r.c.id)
						.map((e) => ({ body: e.body, replacedAt: e.replacedAt })),
			mentions: mentions.filter((m) => m.commentId === r.c.id).map((m) => m.name)
		});
		out.set(r.c.threadId, list);
	}
	return out;
}

/** The JSON shape of a thread in the API. */
export function serializeThread(t: ThreadView) {
	return {
		id: t.id,
		documentId: t.documentId,
		consultationId: t.consultationId,
		status: t.status,
		quote: t.quote,
		anchor: t.anchor,
		position:
			t.position.status === 'ok'
				? { status: 'ok', from: t.position.from, to: t.position.to, text: t.position.text }
				: { status: 'deleted' },
		block: t.block,
		createdAt: new Date(t.createdAt).toISOString(),
		updatedAt: new Date(t.updatedAt).toISOString(),
		resolvedAt: t.resolvedAt ? new Date(t.resolvedAt).toISOString() : null,
		comments: t.comments.map((c) => ({
			id: c.id,
			author: c.author,
			body: c.body,
			deleted: c.deleted,
			mentions: c.mentions,
			createdAt: new Date(c.createdAt).toISOString(),
			editedAt: c.editedAt ? new Date(c.editedAt).toISOString() : null,
			edits: c.edits.map((e) => ({ body: e.body, replacedAt: new Date(e.replacedAt).toISOString() }))
		}))
	};
}

/** Activity since a time, for "since your last visit". */
export async function commentsSince(db: DB, workspaceId: string, since: number, userId: string) {
	const rows = await db
		.select({
			threadId: commentThreads.id,
			documentId: commentThreads.documentId,
			documentTitle: documents.title,
			quote: commentThreads.quote,
			commentId: comments.id,
			createdAt: comments.createdAt,
			authorName: sql<string>`coalesce(${users.name}, ${consultationGuests.name}, 'Someone')`,
			isFirst: sql<number>`${comments.createdAt} = (select min(c2.created_at) from comments c2 where c2.thread_id = ${commentThreads.id})`,
			mentionsMe: sql<number>`exists (select 1 from comment_mentions m where m.comment_id = ${comments.id} and m.user_id = ${userId})`
		})
		.from(comments)
		.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
		.innerJoin(documents, eq(documents.id, commentThreads.documentId))
		.leftJoin(users, eq(users.id, comments.authorId))
		.leftJoin(consultationGuests, eq(consultationGuests.id, comments.guestId))
		.where(
			and(
				eq(commentThreads.workspaceId, workspaceId),
				sql`${comments.createdAt} > ${since}`,
				isNull(comments.deletedAt),
				or(isNull(comments.authorId), sql`${comments.authorId} <> ${userId}`)
			)
		)
		.orderBy(desc(comments.createdAt))
		.limit(50);
	return rows.map((r) => ({ ...r, isFirst: !!r.isFirst, mentionsMe: !!r.mentionsMe }));
}
