import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser, requireWriteScope } from '$lib/server/access';
import * as orgs from '$lib/server/organisations';
import type { RequestEvent } from './$types';

/** Every organisation (the directory partners are chosen from), with `mine` for the caller's own. */
export const GET = api<RequestEvent>(({ locals }) => {
	const user = requireUser(actorOf(locals));
	const db = getDb();
	const mine = new Set(orgs.organisationsOfUser(db, user.id).map((o) => o.id));
	return json({
		organisations: orgs
			.listOrganisations(db)
			.map((o) => ({ ...orgs.serializeOrganisation(o), mine: mine.has(o.id) }))
	});
});

/** Creates an organisation; the caller becomes its first member. */
export const POST = api<RequestEvent>(async ({ locals, request }) => {
	const actor = actorOf(locals);
	const user = requireUser(actor);
	requireWriteScope(actor);
	const body = await readJson(request, orgs.organisationInput);
	const org = orgs.createOrganisation(getDb(), body, user.id);
	return json(
		{ ...orgs.serializeOrganisation(org), mine: true },
		{ status: 201, headers: { location: `/api/v1/organisations/${org.id}` } }
	);
});
