import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { serializePartner } from '$lib/server/workspaces/partners';
import { partnerInput } from '$lib/server/workspaces/schemas';
import * as commands from '$lib/server/workspaces/commands';
import { partnerList } from '$lib/server/workspaces/queries';
import type { RequestEvent } from './$types';

/**
 * The partner organisations (the electorate of votes) with this workspace's record of each: chamber, size
 * band, equity flags, who set them and when, and any difference the organisation's own details now show.
 */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	return json({ partners: await partnerList(actorOf(locals), params.id) });
});

/**
 * Adds a verified organisation (or one created for this workspace) as a partner, copying its chamber and size
 * band into the workspace's record: facilitators only.
 */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await commands.managed(getDb(), actor, params.id);
	const body = await readJson(request, partnerInput);
	return json(serializePartner(await commands.addPartner(actor, params.id, body)), {
		status: 201
	});
});
