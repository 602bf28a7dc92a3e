import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { deleteComment, editComment, setThreadStatus } from '$lib/server/comments/commands';
import { threadFor, threadView } from '$lib/server/comments/queries';
import { commentPatch } from '$lib/server/comments/schemas';
import { serializeThread } from '$lib/server/comments/serialize';
import type { RequestEvent } from './$types';

/** `{id}` is a thread id (its first comment) or a comment id. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { thread } = await threadFor(actorOf(locals), params.id);
	return json(serializeThread(await threadView(getDb(), thread)));
});

export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	const { thread } = await threadFor(actor, params.id, 'comment.resolve');
	const patch = await readJson(request, commentPatch);
	if (patch.body !== undefined) await editComment(actor, params.id, { body: patch.body });
	if (patch.status) await setThreadStatus(actor, params.id, patch.status);
	return json(serializeThread(await threadView(getDb(), thread)));
});

export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await deleteComment(actorOf(locals), params.id);
	return new Response(null, { status: 204 });
});
