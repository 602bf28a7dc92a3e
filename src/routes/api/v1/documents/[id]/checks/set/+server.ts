import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, readJson } from '$lib/server/api';
import { chooseCheckSet } from '$lib/server/checks/commands';
import { checkSetInput } from '$lib/server/checks/schemas';

/** A facilitator picks the check families that run on a document of kind `other`. */
export const PUT = api<RequestEvent>(async ({ locals, params, request }) =>
	json(await chooseCheckSet(actorOf(locals), params.id, await readJson(request, checkSetInput)))
);
