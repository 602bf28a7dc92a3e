import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { documentFor } from '$lib/server/documents/queries';
import { suggest } from '$lib/server/comments/commands';
import { suggestionsOf, suggestionView } from '$lib/server/comments/queries';
import { suggestionInput, suggestionStatus } from '$lib/server/comments/schemas';
import { serializeSuggestion } from '$lib/server/comments/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const actor = actorOf(locals);
	await documentFor(actor, params.id);
	const status = parseWith(suggestionStatus, url.searchParams.get('status') ?? undefined);
	return json({ suggestions: (await suggestionsOf(actor, params.id, status)).map(serializeSuggestion) });
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await documentFor(actor, params.id, 'suggestion.create');
	const { replacement, note, consultationId, ...spec } = await readJson(request, suggestionInput);
	const s = await suggest(actor, params.id, { spec, replacement, note, consultationId });
	return json(serializeSuggestion(await suggestionView(getDb(), s)), {
		status: 201,
		headers: { location: `/api/v1/suggestions/${s.id}` }
	});
});
