import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import * as orgs from '$lib/server/organisations';
import type { RequestEvent } from './$types';

/** Verifies an organisation for the directory (administrators). */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	const org = await orgs.verifyOrganisation(getDb(), actorOf(locals), params.id);
	return json({
		...orgs.serializeOrganisation(org),
		mine: await orgs.isOrganisationMember(getDb(), org.id, locals.user!.id)
	});
});
