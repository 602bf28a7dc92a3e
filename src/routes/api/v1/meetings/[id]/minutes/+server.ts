import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { startMinutes } from '$lib/server/meetings/commands';
import { readMeeting } from '$lib/server/meetings/queries';
import { serializeMeeting } from '$lib/server/meetings/serialize';
import type { RequestEvent } from './$types';

/** Starts the meeting's minutes from the minutes template; answers the meeting, which now links them. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	await startMinutes(actorOf(locals), params.id);
	const { meeting, workspace, agenda } = await readMeeting(actorOf(locals), params.id);
	return json(serializeMeeting(meeting, agenda, workspace.timeZone), { status: 201 });
});
