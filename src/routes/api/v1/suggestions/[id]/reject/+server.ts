import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import * as comments from '$lib/server/comments';
import * as suggestions from '$lib/server/suggestions';
import type { RequestEvent } from './$types';

const rejectInput = z.object({ reason: suggestions.reasonText }).strict();

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	const s = await suggestions.getSuggestion(db, params.id);
	if (!s) error(404, { message: 'Not found', code: 'not_found' });
	await comments.documentAccess(db, actor, s.documentId, 'editor');
	const { reason } = await readJson(request, rejectInput);
	await suggestions.rejectSuggestion(db, s.id, actor.user!.id, reason);
	const view = (await suggestions.listSuggestions(db, s.documentId)).find((x) => x.id === s.id)!;
	return json(suggestions.serializeSuggestion(view));
});
