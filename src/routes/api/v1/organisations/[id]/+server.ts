import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import * as orgs from '$lib/server/organisations';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	const { organisation, rights } = await orgs.loadOrganisation(getDb(), actor, params.id);
	return json({ ...orgs.serializeOrganisation(organisation), mine: rights.keeper });
});

/**
 * Changes name, sector or size band: the organisation's members or an administrator. No workspace's record
 * of it as a partner changes.
 */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	const db = getDb();
	await orgs.requireOrganisationRight(db, actor, params.id, 'change', true);
	const body = await readJson(request, orgs.organisationPatch);
	const updated = await orgs.updateOrganisation(db, actor, params.id, body);
	return json({
		...orgs.serializeOrganisation(updated),
		mine: await orgs.isOrganisationMember(db, updated.id, actor.user!.id)
	});
});
