import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { scheduleMeeting } from '$lib/server/meetings/commands';
import { readAgendas, readMeeting, workspaceMeetings } from '$lib/server/meetings/queries';
import { listQuery } from '$lib/server/meetings/schemas';
import { serializeMeeting } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const when = parseWith(listQuery, url.searchParams.get('when') ?? undefined);
	const { workspace, member, meetings, upcoming, past } = await workspaceMeetings(actorOf(locals), params.id);
	const chosen = when === 'upcoming' ? upcoming : when === 'past' ? past : meetings;
	const agendas = await readAgendas(getDb(), chosen, !member);
	return json({
		meetings: chosen.map((m) => serializeMeeting(m, agendas.get(m.id) ?? [], workspace.timeZone))
	});
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	const { meeting: created } = await scheduleMeeting(actorOf(locals), params.id, body);
	const { meeting, workspace, agenda } = await readMeeting(actorOf(locals), created.id);
	return json(serializeMeeting(meeting, agenda, workspace.timeZone), {
		status: 201,
		headers: { location: `/api/v1/meetings/${meeting.id}` }
	});
});
