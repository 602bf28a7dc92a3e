import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { cancelMeeting } from '$lib/server/meetings/commands';
import { readMeeting } from '$lib/server/meetings/queries';
import { serializeMeeting } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

/** Cancels a meeting; invitees' calendars are told. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	await cancelMeeting(actorOf(locals), params.id);
	const { meeting, workspace, agenda } = await readMeeting(actorOf(locals), params.id);
	return json(serializeMeeting(meeting, agenda, workspace.timeZone));
});
