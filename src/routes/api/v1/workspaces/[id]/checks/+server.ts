import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, readJson } from '$lib/server/api';
import { checkSettings, configureCheck } from '$lib/server/checks/commands';
import { settingInput } from '$lib/server/checks/schemas';

/** The workspace's drafting-check settings (members). */
export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json(await checkSettings(actorOf(locals), params.id))
);

/** A facilitator turns a check off with a reason, on again, or sets its number. */
export const PUT = api<RequestEvent>(async ({ locals, params, request }) =>
	json(await configureCheck(actorOf(locals), params.id, await readJson(request, settingInput)))
);
