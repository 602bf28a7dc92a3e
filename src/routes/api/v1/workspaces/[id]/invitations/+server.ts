import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import * as invitations from '$lib/server/workspaces/invitations';
import * as commands from '$lib/server/workspaces/commands';
import { invitationList } from '$lib/server/workspaces/queries';
import type { RequestEvent } from './$types';

/** The workspace's invitations with their status (never their links): facilitators only. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	return json({
		invitations: (await invitationList(actorOf(locals), params.id)).map(invitations.serializeInvitation)
	});
});

/** Invites an email address; the answer holds the link, shown this once. Facilitators only. */
export const POST = api<RequestEvent>(async ({ locals, params, request, url }) => {
	const actor = actorOf(locals);
	await commands.managed(getDb(), actor, params.id);
	const body = await readJson(request, invitations.invitationInput);
	const { listed, token } = await commands.invite(actor, params.id, body);
	return json(
		{ invitation: invitations.serializeInvitation(listed), link: `${url.origin}/invite/${token}` },
		{ status: 201 }
	);
});
