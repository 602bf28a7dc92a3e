import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb, type DB } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import type { Actor } from '$lib/server/access';
import * as comments from '$lib/server/comments';
import type { RequestEvent } from './$types';

/** `{id}` is a thread id (its first comment) or a comment id. */
async function find(db: DB, actor: Actor, id: string, min: 'member' | 'commenter') {
	let thread = await comments.getThread(db, id);
	let commentId: string | null = null;
	if (!thread) {
		const row = await comments.getComment(db, id);
		if (!row) error(404, { message: 'Not found', code: 'not_found' });
		thread = row.thread;
		commentId = row.comment.id;
	}
	await comments.documentAccess(db, actor, thread.documentId, min);
	return { thread, commentId };
}

async function view(db: DB, threadId: string, documentId: string) {
	const t = (await comments.listThreads(db, documentId)).find((x) => x.id === threadId)!;
	return comments.serializeThread(t);
}

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { thread } = await find(db, actorOf(locals), params.id, 'member');
	return json(await view(db, thread.id, thread.documentId));
});

const patchInput = z
	.object({
		status: z.enum(['open', 'resolved']).optional(),
		body: comments.commentText().optional()
	})
	.strict()
	.refine((p) => p.status !== undefined || p.body !== undefined, 'Send status (open or resolved) or body.');

export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { thread, commentId } = await find(db, actor, params.id, 'commenter');
	const patch = await readJson(request, patchInput);
	if (patch.body !== undefined) {
		const target =
			commentId ??
			(await comments.listThreads(db, thread.documentId)).find((t) => t.id === thread.id)!.comments[0].id;
		await comments.editComment(db, target, actor.user!.id, patch.body);
	}
	if (patch.status) await comments.setThreadStatus(db, thread.id, actor.user!.id, patch.status);
	return json(await view(db, thread.id, thread.documentId));
});

export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { thread, commentId } = await find(db, actor, params.id, 'commenter');
	const target =
		commentId ??
		(await comments.listThreads(db, thread.documentId)).find((t) => t.id === thread.id)!.comments[0].id;
	await comments.deleteComment(db, target, actor.user!.id);
	return new Response(null, { status: 204 });
});
