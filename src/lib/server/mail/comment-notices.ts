/** Tells people about @mentions of them and replies in threads they wrote in. */
import { and, eq, isNotNull } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import {
	commentThreads,
	comments,
	consultationGuests,
	documents,
	users,
	workspaces
} from '../db/schema/index.ts';
import { notify } from './notify.ts';

const short = (s: string, n: number) => {
	const t = s.replace(/\s+/g, ' ').trim();
	return t.length > n ? t.slice(0, n) + '…' : t;
};

export async function noticeComment(
	db: DB,
	input: {
		threadId: string;
		commentId: string;
		author: { kind: 'user'; userId: string } | { kind: 'guest'; guestId: string };
		body: string;
		mentions: string[];
		isReply: boolean;
	}
): Promise<void> {
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
	if (!t) return;
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
	await notify(db, mentioned, {
		workspaceId: t.workspaceId,
		kind: 'mention',
		key: `mention:${input.commentId}`,
		threadKey: `thread:${input.threadId}`,
		title: `${authorName} mentioned you on ${where}`,
		body,
		path
	});
	if (!input.isReply) return;
	const earlier = (
		await db
			.selectDistinct({ id: comments.authorId })
			.from(comments)
			.where(and(eq(comments.threadId, input.threadId), isNotNull(comments.authorId)))
	)
		.map((r) => r.id!)
		.filter((id) => id !== authorId && !mentioned.includes(id));
	await notify(db, earlier, {
		workspaceId: t.workspaceId,
		kind: 'reply',
		key: `reply:${input.commentId}`,
		threadKey: `thread:${input.threadId}`,
		title: `${authorName} replied on ${where}`,
		body,
		path
	});
}
