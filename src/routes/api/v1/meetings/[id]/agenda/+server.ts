import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { addAgendaItem } from '$lib/server/meetings/commands';
import { readMeeting } from '$lib/server/meetings/queries';
import { serializeMeeting } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

/** Adds an item at the end of the agenda; answers the meeting with its agenda. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	await addAgendaItem(actorOf(locals), params.id, body);
	const { meeting, workspace, agenda } = await readMeeting(actorOf(locals), params.id);
	return json(serializeMeeting(meeting, agenda, workspace.timeZone), { status: 201 });
});
