import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { verifyOrganisation } from '$lib/server/organisations/commands';
import { serializeOrganisation } from '$lib/server/organisations/queries';
import { isOrganisationMember } from '$lib/server/organisations/repository';
import type { RequestEvent } from './$types';

/** Verifies an organisation for the directory (administrators). */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	const org = await verifyOrganisation(getDb(), actorOf(locals), params.id);
	return json({
		...serializeOrganisation(org),
		mine: await isOrganisationMember(getDb(), org.id, locals.user!.id)
	});
});
