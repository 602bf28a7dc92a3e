import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { closeConsultation } from '$lib/server/consultations/commands';
import { serializeConsultation } from '$lib/server/consultations/serialize';
import type { RequestEvent } from './$types';

/** Closes an open consultation now, with a stated reason. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	return json(serializeConsultation(await closeConsultation(actorOf(locals), params.id, body)));
});
