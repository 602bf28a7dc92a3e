import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import { requireOrganisationRight } from '$lib/server/organisations/access';
import { addOrganisationMember } from '$lib/server/organisations/commands';
import { listOrganisationMembers } from '$lib/server/organisations/queries';
import { organisationMemberInput } from '$lib/server/organisations/schemas';
import type { RequestEvent } from './$types';

/** The organisation's members with their emails and when each was added: its members and administrators. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	return json({ members: await listOrganisationMembers(getDb(), actor, params.id) });
});

/** Adds someone who has an account (by email address or user id): its members or an administrator. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	const db = getDb();
	await requireOrganisationRight(db, actor, params.id, 'manageMembers', true);
	const body = await readJson(request, organisationMemberInput);
	const user = await addOrganisationMember(db, actor, params.id, body);
	return json({ id: user.id, name: user.name, email: user.email }, { status: 201 });
});
