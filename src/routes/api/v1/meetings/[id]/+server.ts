import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { editMeeting } from '$lib/server/meetings/commands';
import { readMeeting } from '$lib/server/meetings/queries';
import { serializeMeeting } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { meeting, workspace, agenda } = await readMeeting(actorOf(locals), params.id);
	return json(serializeMeeting(meeting, agenda, workspace.timeZone));
});

/** Changes a meeting's title, time or place; invitees' calendars take the change. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	await editMeeting(actorOf(locals), params.id, body);
	const { meeting, workspace, agenda } = await readMeeting(actorOf(locals), params.id);
	return json(serializeMeeting(meeting, agenda, workspace.timeZone));
});
