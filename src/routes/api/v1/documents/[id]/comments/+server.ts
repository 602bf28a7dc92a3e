import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import { openThread } from '$lib/server/comments/commands';
import { threadsOf, threadView } from '$lib/server/comments/queries';
import { threadFilter, threadInput } from '$lib/server/comments/schemas';
import { serializeThread } from '$lib/server/comments/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const actor = actorOf(locals);
	await documentFor(actor, params.id);
	const filter = parseWith(threadFilter, url.searchParams.get('filter') ?? undefined);
	return json({ threads: (await threadsOf(actor, params.id, filter)).map(serializeThread) });
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await documentFor(actor, params.id, 'comment.create');
	const { body, consultationId, ...spec } = await readJson(request, threadInput);
	const { threadId, documentId } = await openThread(actor, params.id, { spec, body, consultationId });
	return json(serializeThread(await threadView(getDb(), { id: threadId, documentId })), {
		status: 201,
		headers: { location: `/api/v1/comments/${threadId}` }
	});
});
