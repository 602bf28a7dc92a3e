import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { castBallot } from '$lib/server/votes/commands';
import { visibleBallots } from '$lib/server/votes/queries';
import { serializeCast } from '$lib/server/votes/serialize';
import type { RequestEvent } from './$types';

/** The ballots the caller may see: all of them after the close (or with running totals shown), otherwise their organisation's. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	return json({ ballots: await visibleBallots(actorOf(locals), params.id) });
});

/** Casts or changes an organisation's ballot: 201 when new, 200 when it replaced an earlier one. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	const { created, ballot } = await castBallot(actorOf(locals), params.id, body);
	return json(serializeCast(ballot, created), { status: created ? 201 : 200 });
});
