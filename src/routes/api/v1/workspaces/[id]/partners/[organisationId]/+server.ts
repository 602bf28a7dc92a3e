import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { serializePartner } from '$lib/server/workspaces/partners';
import { partnerPatch } from '$lib/server/workspaces/schemas';
import * as commands from '$lib/server/workspaces/commands';
import type { RequestEvent } from './$types';

/**
 * Changes the workspace's record of a partner (chamber, size band, equity flags), or confirms or dismisses the
 * difference the organisation's own details show: facilitators only.
 */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await commands.managed(getDb(), actor, params.id);
	const body = await readJson(request, partnerPatch);
	return json(serializePartner(await commands.changePartner(actor, params.id, params.organisationId, body)));
});

/** Removes a partner; members acting for it then act for no organisation. Facilitators only. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await commands.removePartner(actorOf(locals), params.id, params.organisationId);
	return new Response(null, { status: 204 });
});
