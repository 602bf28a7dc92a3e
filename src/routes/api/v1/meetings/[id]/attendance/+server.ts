import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { recordAttendance } from '$lib/server/meetings/commands';
import { serializeInvitee } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

/** Records attendance for some or all invitees; answers every invitation with its attendance. */
export const PUT = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	const invitees = await recordAttendance(actorOf(locals), params.id, body);
	return json({ invitations: invitees.map(serializeInvitee) });
});
