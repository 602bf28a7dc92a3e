import { json } from '@sveltejs/kit';
import { actorOf, api, readJson } from '$lib/server/api';
import { dissentInput } from '$lib/server/decisions/schemas';
import { addDissent } from '$lib/server/decisions/commands';
import type { RequestEvent } from './$types';

/** Adds an organisation's dissenting statement (members acting for an organisation that took part). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, dissentInput);
	return json(await addDissent(actorOf(locals), params.id, body), { status: 201 });
});
