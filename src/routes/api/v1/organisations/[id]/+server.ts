import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import { loadOrganisation, requireOrganisationRight } from '$lib/server/organisations/access';
import { updateOrganisation } from '$lib/server/organisations/commands';
import { serializeOrganisation } from '$lib/server/organisations/queries';
import { isOrganisationMember } from '$lib/server/organisations/repository';
import { organisationPatch } from '$lib/server/organisations/schemas';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	const { organisation, rights } = await loadOrganisation(getDb(), actor, params.id);
	return json({ ...serializeOrganisation(organisation), mine: rights.keeper });
});

/**
 * Changes name, sector or size band: the organisation's members or an administrator. No workspace's record
 * of it as a partner changes.
 */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	const db = getDb();
	await requireOrganisationRight(db, actor, params.id, 'change', true);
	const body = await readJson(request, organisationPatch);
	const updated = await updateOrganisation(db, actor, params.id, body);
	return json({
		...serializeOrganisation(updated),
		mine: await isOrganisationMember(db, updated.id, actor.user!.id)
	});
});
