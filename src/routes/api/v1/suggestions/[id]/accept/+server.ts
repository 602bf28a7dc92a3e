import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import * as comments from '$lib/server/comments';
import * as suggestions from '$lib/server/suggestions';
import type { RequestEvent } from './$types';

/** Applies the suggestion through the live room when its text still matches; 409 when it is outdated. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const s = await suggestions.getSuggestion(db, params.id);
	if (!s) error(404, { message: 'Not found', code: 'not_found' });
	await comments.documentAccess(db, actor, s.documentId, 'editor');
	const result = await suggestions.acceptSuggestion(db, s.id, actor.user!.id);
	if (result.status === 'outdated')
		error(409, {
			message: `This suggestion is outdated and cannot be accepted: ${result.message}`,
			code: 'outdated'
		});
	const view = (await suggestions.listSuggestions(db, s.documentId)).find((x) => x.id === s.id)!;
	return json(suggestions.serializeSuggestion(view));
});
