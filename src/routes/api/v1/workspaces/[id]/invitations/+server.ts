import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireRole, requireWriteScope } from '$lib/server/access';
import * as invitations from '$lib/server/invitations';
import type { RequestEvent } from './$types';

/** The workspace's invitations with their status (never their links): facilitators only. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { workspace } = await requireRole(db, actorOf(locals), params.id, 'facilitator');
	return json({
		invitations: (await invitations.listInvitations(db, workspace.id)).map(invitations.serializeInvitation)
	});
});

/** Invites an email address; the answer holds the link, shown this once. Facilitators only. */
export const POST = api<RequestEvent>(async ({ locals, params, request, url }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, invitations.invitationInput);
	const { invitation, token } = await invitations.createInvitation(db, workspace.id, body, actor.user!.id);
	const listed = (await invitations.listInvitations(db, workspace.id)).find((i) => i.id === invitation.id)!;
	return json(
		{ invitation: invitations.serializeInvitation(listed), link: `${url.origin}/invite/${token}` },
		{ status: 201 }
	);
});
