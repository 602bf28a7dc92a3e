import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import * as comments from '$lib/server/comments';
import * as suggestions from '$lib/server/suggestions';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const { document } = await comments.documentAccess(db, actorOf(locals), params.id, 'member');
	const status = parseWith(
		z.enum(['open', 'accepted', 'rejected', 'outdated']).optional(),
		url.searchParams.get('status') ?? undefined
	);
	const list = await suggestions.listSuggestions(db, document.id, { status });
	return json({ suggestions: list.map(suggestions.serializeSuggestion) });
});

const createInput = comments.anchorSpec
	.extend({
		replacement: suggestions.replacementText,
		note: suggestions.noteText.optional(),
		consultationId: z.string().max(40).nullish()
	})
	.strict();

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const { document } = await comments.documentAccess(db, actor, params.id, 'commenter');
	const { replacement, note, consultationId, ...spec } = await readJson(request, createInput);
	const s = await suggestions.createSuggestion(
		db,
		document,
		{ kind: 'user', userId: actor.user!.id },
		{
			spec,
			replacement,
			note,
			consultationId
		}
	);
	const view = (await suggestions.listSuggestions(db, document.id)).find((x) => x.id === s.id)!;
	return json(suggestions.serializeSuggestion(view), {
		status: 201,
		headers: { location: `/api/v1/suggestions/${s.id}` }
	});
});
