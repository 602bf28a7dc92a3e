import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser, requireWriteScope } from '$lib/server/access';
import * as orgs from '$lib/server/organisations';
import type { RequestEvent } from './$types';

function find(id: string) {
	const org = orgs.getOrganisation(getDb(), id);
	if (!org) error(404, { message: 'No such organisation.', code: 'not_found' });
	return org;
}

export const GET = api<RequestEvent>(({ locals, params }) => {
	const user = requireUser(actorOf(locals));
	const org = find(params.id);
	return json({
		...orgs.serializeOrganisation(org),
		mine: orgs.isOrganisationMember(getDb(), org.id, user.id)
	});
});

/** Changes name, sector or size band: the organisation's members or an administrator. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	const user = requireUser(actor);
	requireWriteScope(actor);
	const db = getDb();
	const org = find(params.id);
	if (!orgs.canManageOrganisation(db, org.id, user))
		error(403, { message: 'Only the organisation’s members can change it.', code: 'forbidden' });
	const body = await readJson(request, orgs.organisationPatch);
	const updated = orgs.updateOrganisation(db, org.id, body)!;
	return json({
		...orgs.serializeOrganisation(updated),
		mine: orgs.isOrganisationMember(db, org.id, user.id)
	});
});
