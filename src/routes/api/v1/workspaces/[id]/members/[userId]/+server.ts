import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { serializeMember } from '$lib/server/workspaces/members';
import { memberPatch } from '$lib/server/workspaces/schemas';
import * as commands from '$lib/server/workspaces/commands';
import type { RequestEvent } from './$types';

/** Changes a member's role, organisation, standing or delegate status: facilitators only. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await commands.managed(getDb(), actor, params.id);
	const body = await readJson(request, memberPatch);
	const member = await commands.changeMember(actor, params.id, params.userId, body);
	return json(serializeMember(member, true));
});

/** Removes a member: facilitators only (a workspace keeps at least one facilitator). */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await commands.removeMember(actorOf(locals), params.id, params.userId);
	return new Response(null, { status: 204 });
});
