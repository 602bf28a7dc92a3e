import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { reply } from '$lib/server/comments/commands';
import { threadFor, threadView } from '$lib/server/comments/queries';
import { replyInput } from '$lib/server/comments/schemas';
import { serializeThread } from '$lib/server/comments/serialize';
import type { RequestEvent } from './$types';

/** `{id}` is a thread id or the id of a comment in it. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await threadFor(actor, params.id, 'comment.create');
	const { body } = await readJson(request, replyInput);
	const { threadId, commentId, documentId } = await reply(actor, params.id, { body });
	return json(
		{ ...serializeThread(await threadView(getDb(), { id: threadId, documentId })), replyId: commentId },
		{ status: 201, headers: { location: `/api/v1/comments/${commentId}` } }
	);
});
