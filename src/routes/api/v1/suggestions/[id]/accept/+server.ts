import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { acceptSuggestion } from '$lib/server/comments/commands';
import { suggestionView } from '$lib/server/comments/queries';
import { serializeSuggestion } from '$lib/server/comments/serialize';
import type { RequestEvent } from './$types';

/** Applies the suggestion through the live room when its text still matches; 409 when it is outdated. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	const done = await acceptSuggestion(actorOf(locals), params.id);
	return json(
		serializeSuggestion(await suggestionView(getDb(), { id: done.suggestionId, documentId: done.documentId }))
	);
});
