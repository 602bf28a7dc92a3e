import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireUser, requireWriteScope } from '$lib/server/access';
import * as orgs from '$lib/server/organisations';
import type { RequestEvent } from './$types';

/** Removes a member of the organisation (its members or an administrator). */
export const DELETE = api<RequestEvent>(({ locals, params }) => {
	const actor = actorOf(locals);
	const user = requireUser(actor);
	requireWriteScope(actor);
	const db = getDb();
	if (!orgs.getOrganisation(db, params.id))
		error(404, { message: 'No such organisation.', code: 'not_found' });
	if (!orgs.canManageOrganisation(db, params.id, user))
		error(403, { message: 'Only the organisation’s members can change its members.', code: 'forbidden' });
	if (!orgs.removeOrganisationMember(db, params.id, params.userId))
		error(404, { message: 'That person is not a member of this organisation.', code: 'not_found' });
	return new Response(null, { status: 204 });
});
