import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { moveAgendaItem, removeAgendaItem } from '$lib/server/meetings/commands';
import { readMeeting } from '$lib/server/meetings/queries';
import { serializeMeeting } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

/** Moves an agenda item; answers the meeting with its agenda in the new order. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	await moveAgendaItem(actorOf(locals), params.id, params.itemId, body);
	const { meeting, workspace, agenda } = await readMeeting(actorOf(locals), params.id);
	return json(serializeMeeting(meeting, agenda, workspace.timeZone));
});

export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await removeAgendaItem(actorOf(locals), params.id, params.itemId);
	return new Response(null, { status: 204 });
});
