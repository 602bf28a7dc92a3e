import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireSiteAdmin } from '$lib/server/access';
import { mergeOrganisations } from '$lib/server/organisations/commands';
import { serializeOrganisation } from '$lib/server/organisations/queries';
import { isOrganisationMember } from '$lib/server/organisations/repository';
import { mergeInput } from '$lib/server/organisations/schemas';
import type { RequestEvent } from './$types';

/** Merges this organisation (a duplicate) into another (administrators); returns the one kept. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	requireSiteAdmin(actor);
	const body = await readJson(request, mergeInput);
	const org = await mergeOrganisations(getDb(), actor, params.id, body.into);
	return json({
		...serializeOrganisation(org),
		mine: await isOrganisationMember(getDb(), org.id, locals.user!.id)
	});
});
