import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import { removeOrganisationMember } from '$lib/server/organisations/commands';
import type { RequestEvent } from './$types';

/** Removes a member of the organisation (its members or an administrator). */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	await removeOrganisationMember(getDb(), actor, params.id, params.userId);
	return new Response(null, { status: 204 });
});
