import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { rejectSuggestion } from '$lib/server/comments/commands';
import { suggestionFor, suggestionView } from '$lib/server/comments/queries';
import { rejectInput } from '$lib/server/comments/schemas';
import { serializeSuggestion } from '$lib/server/comments/serialize';
import type { RequestEvent } from './$types';

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await suggestionFor(actor, params.id, 'suggestion.decide');
	const { reason } = await readJson(request, rejectInput);
	const done = await rejectSuggestion(actor, params.id, { reason });
	return json(
		serializeSuggestion(await suggestionView(getDb(), { id: done.suggestionId, documentId: done.documentId }))
	);
});
