import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import * as comments from '$lib/server/comments';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { document } = await comments.documentAccess(db, actor, params.id, 'member');
	const filter = parseWith(
		z.enum(comments.THREAD_FILTERS).default('all'),
		url.searchParams.get('filter') ?? undefined
	);
	const threads = await comments.listThreads(db, document.id, { filter, userId: actor.user?.id });
	return json({ threads: threads.map(comments.serializeThread) });
});

const createInput = comments.anchorSpec
	.extend({ body: comments.commentText(), consultationId: z.string().max(40).nullish() })
	.strict();

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { document } = await comments.documentAccess(db, actor, params.id, 'commenter');
	const { body, consultationId, ...spec } = await readJson(request, createInput);
	const { threadId } = await comments.createThread(
		db,
		document,
		{ kind: 'user', userId: actor.user!.id },
		{
			spec,
			body,
			consultationId
		}
	);
	const thread = (await comments.listThreads(db, document.id)).find((t) => t.id === threadId)!;
	return json(comments.serializeThread(thread), {
		status: 201,
		headers: { location: `/api/v1/comments/${threadId}` }
	});
});
