import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { setApprover } from '$lib/server/claims/commands';
import type { RequestEvent } from './$types';

/** Gives a member "approves claims" or takes it away (facilitators). */
export const PUT = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	return json(await setApprover(actorOf(locals), params.id, body));
});
