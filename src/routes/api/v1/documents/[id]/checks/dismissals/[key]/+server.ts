import type { RequestEvent } from './$types';
import { actorOf, api } from '$lib/server/api';
import { restoreFinding } from '$lib/server/checks/commands';

/** Takes a dismissal back: the finding counts again. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await restoreFinding(actorOf(locals), params.id, params.key);
	return new Response(null, { status: 204 });
});
