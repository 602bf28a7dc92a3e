import { actorOf, api } from '$lib/server/api';
import { revokeLink } from '$lib/server/consultations/commands';
import type { RequestEvent } from './$types';

/** Revokes a public link: it grants nothing from now on, to new and returning people alike. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await revokeLink(actorOf(locals), params.id, params.linkId);
	return new Response(null, { status: 204 });
});
