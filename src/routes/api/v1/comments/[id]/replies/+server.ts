import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import * as comments from '$lib/server/comments';
import type { RequestEvent } from './$types';

const replyInput = z.object({ body: comments.commentText('The reply') }).strict();

/** `{id}` is a thread id or the id of a comment in it. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const thread =
		(await comments.getThread(db, params.id)) ?? (await comments.getComment(db, params.id))?.thread;
	if (!thread) error(404, { message: 'Not found', code: 'not_found' });
	await comments.documentAccess(db, actor, thread.documentId, 'commenter');
	const { body } = await readJson(request, replyInput);
	const { commentId } = await comments.reply(db, thread.id, { kind: 'user', userId: actor.user!.id }, body);
	const t = (await comments.listThreads(db, thread.documentId)).find((x) => x.id === thread.id)!;
	return json(
		{ ...comments.serializeThread(t), replyId: commentId },
		{ status: 201, headers: { location: `/api/v1/comments/${commentId}` } }
	);
});
