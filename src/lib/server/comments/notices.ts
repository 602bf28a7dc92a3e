// What a new comment means for other people, recorded in the comment's own transaction: the @mentioned
// members and, for a reply, the members who wrote earlier in the thread get a row in `notifications`. The mail
// worker reads those rows and decides (by each person's choice) whether to send, add to a digest or drop them;
// this module knows nothing about mail.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { affected, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	commentThreads,
	comments,
	consultationGuests,
	documents,
	notifications,
	users,
	workspaces
} from '../db/schema/index.ts';
import type { Author } from './repository.ts';

const short = (s: string, n: number) => {
	const t = s.replace(/\s+/g, ' ').trim();
	return t.length > n ? t.slice(0, n) + '…' : t;
};

type Notice = Omit<typeof notifications.$inferInsert, 'id' | 'userId' | 'createdAt'>;

/** Records one notice for each person (a second notice with the same key for a person is ignored). */
async function record(db: DB, userIds: string[], notice: Notice, now: number): Promise<number> {
	const ids = [...new Set(userIds)];
	if (!ids.length) return 0;
	const told = new Set(
		(
			await db
				.select({ userId: notifications.userId })
				.from(notifications)
				.where(and(inArray(notifications.userId, ids), eq(notifications.key, notice.key)))
		).map((r) => r.userId)
	);
	const rows = ids
		.filter((userId) => !told.has(userId))
		.map((userId) => ({ id: newId(), userId, createdAt: now, ...notice }));
	if (!rows.length) return 0;
	return affected(await db.insert(notifications).values(rows).onConflictDoNothing());
}

/**
 * Records who should hear about a new comment. Returns how many notices were new, so that the caller can wake
 * the mail worker once the transaction has committed.
 */
export async function recordCommentNotices(
	db: DB,
	input: {
		threadId: string;
		commentId: string;
		author: Author;
		body: string;
		mentions: string[];
		isReply: boolean;
	},
	now = Date.now()
): Promise<number> {
	const t = one(
		await db
			.select({
				quote: commentThreads.quote,
				documentId: documents.id,
				title: documents.title,
				slug: workspaces.slug,
				workspaceId: workspaces.id
			})
			.from(commentThreads)
			.innerJoin(documents, eq(documents.id, commentThreads.documentId))
			.innerJoin(workspaces, eq(workspaces.id, commentThreads.workspaceId))
			.where(eq(commentThreads.id, input.threadId))
			.limit(1)
	);
	if (!t) return 0;
	const authorId = input.author.kind === 'user' ? input.author.userId : null;
	const authorName =
		input.author.kind === 'user'
			? (one(await db.select({ n: users.name }).from(users).where(eq(users.id, input.author.userId)).limit(1))
					?.n ?? 'Someone')
			: (one(
					await db
						.select({ n: consultationGuests.name })
						.from(consultationGuests)
						.where(eq(consultationGuests.id, input.author.guestId))
						.limit(1)
				)?.n ?? 'Someone');
	const path = `/w/${t.slug}/documents/${t.documentId}/comments#t-${input.threadId}`;
	const where = `“${short(t.quote, 60)}” in ${t.title}`;
	const body = `${authorName} wrote: “${short(input.body, 300)}”`;
	const mentioned = input.mentions.filter((id) => id !== authorId);
	let recorded = await record(
		db,
		mentioned,
		{
			workspaceId: t.workspaceId,
			kind: 'mention',
			key: `mention:${input.commentId}`,
			threadKey: `thread:${input.threadId}`,
			title: `${authorName} mentioned you on ${where}`,
			body,
			path
		},
		now
	);
	if (!input.isReply) return recorded;
	const earlier = (
		await db
			.selectDistinct({ id: comments.authorId })
			.from(comments)
			.where(and(eq(comments.threadId, input.threadId), isNotNull(comments.authorId)))
	)
		.map((r) => r.id!)
		.filter((id) => id !== authorId && !mentioned.includes(id));
	recorded += await record(
		db,
		earlier,
		{
			workspaceId: t.workspaceId,
			kind: 'reply',
			key: `reply:${input.commentId}`,
			threadKey: `thread:${input.threadId}`,
			title: `${authorName} replied on ${where}`,
			body,
			path
		},
		now
	);
	return recorded;
}

/**
 * Tells this process's mail worker, if one runs, that notices are waiting, so that it need not wait for its
 * timer. The worker registers itself under this well-known symbol (src/lib/server/mail/queue.ts reads the same).
 */
export function wakeMailWorker(): void {
	(globalThis as Record<symbol, { poke?: () => void } | undefined>)[Symbol.for('parity.mailer')]?.poke?.();
}
