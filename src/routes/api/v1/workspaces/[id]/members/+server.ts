import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { serializeMember } from '$lib/server/workspaces/members';
import { memberInput } from '$lib/server/workspaces/schemas';
import * as commands from '$lib/server/workspaces/commands';
import { memberList } from '$lib/server/workspaces/queries';
import type { RequestEvent } from './$types';

/** Members only; email addresses are shown to facilitators only. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	return json({ members: await memberList(actorOf(locals), params.id) });
});

/** Adds someone who already has an account (by email or user id): facilitators only. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await commands.managed(getDb(), actor, params.id);
	const body = await readJson(request, memberInput);
	const added = await commands.addMember(actor, params.id, body);
	return json(serializeMember(added, true), { status: 201 });
});
