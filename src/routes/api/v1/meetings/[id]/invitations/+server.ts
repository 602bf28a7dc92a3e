import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { inviteToMeeting } from '$lib/server/meetings/commands';
import { meetingInvitees } from '$lib/server/meetings/queries';
import { serializeInvitee } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const invitees = await meetingInvitees(actorOf(locals), params.id);
	return json({ invitations: invitees.map(serializeInvitee) });
});

/** Invites a member (`userId`) or a guest (`name`, `email`). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	const created = await inviteToMeeting(actorOf(locals), params.id, body);
	const invitee = (await meetingInvitees(actorOf(locals), params.id)).find((i) => i.id === created.id)!;
	return json(serializeInvitee(invitee), { status: 201 });
});
