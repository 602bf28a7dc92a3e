import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { registerHeaders } from '$lib/server/register/queries';
import { actionUpdate } from '$lib/server/decisions/schemas';
import { updateAction } from '$lib/server/decisions/commands';
import { listNotes, readAction } from '$lib/server/decisions/queries';
import { serializeAction } from '$lib/server/decisions/serialize';
import type { RequestEvent } from './$types';
import { isoUtc } from '$lib/domain/time';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { action: a, ...access } = await readAction(actorOf(locals), params.id);
	return json(
		{
			...serializeAction(a),
			notes: (await listNotes(getDb(), a.id)).map((n) => ({
				...n,
				createdAt: isoUtc(n.createdAt)
			}))
		},
		{ headers: registerHeaders(access) }
	);
});

/** Changes status or due date and/or adds a progress note (the owner organisation's members and facilitators). */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, actionUpdate);
	return json(serializeAction(await updateAction(actorOf(locals), params.id, body)));
});
