import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, readJson } from '$lib/server/api';
import { dismissFinding } from '$lib/server/checks/commands';
import { dismissalInput } from '$lib/server/checks/schemas';

/** An editor or facilitator dismisses a finding on the current text, with a reason. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) =>
	json(await dismissFinding(actorOf(locals), params.id, await readJson(request, dismissalInput)), {
		status: 201
	})
);
