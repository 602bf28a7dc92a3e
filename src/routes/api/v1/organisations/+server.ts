import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser, requireWriteScope } from '$lib/server/access';
import { createOrganisation } from '$lib/server/organisations/commands';
import { listOrganisations, serializeOrganisation } from '$lib/server/organisations/queries';
import { organisationCreate } from '$lib/server/organisations/schemas';
import type { RequestEvent } from './$types';

/**
 * The organisations the caller may see: the verified directory, their own, and unverified ones from
 * workspaces they facilitate; with a token limited to some workspaces, only those workspaces' partners.
 */
export const GET = api<RequestEvent>(async ({ locals }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	return json({ organisations: await listOrganisations(getDb(), actor) });
});

/**
 * Creates an organisation; the caller becomes its first member. With `workspaceId`, a facilitator creates it
 * for that workspace, where it may be a partner (and vote) before an administrator verifies it.
 */
export const POST = api<RequestEvent>(async ({ locals, request }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	requireWriteScope(actor);
	const { workspaceId, ...body } = await readJson(request, organisationCreate);
	const org = await createOrganisation(getDb(), actor, body, { workspaceId });
	return json(
		{ ...serializeOrganisation(org), mine: true },
		{ status: 201, headers: { location: `/api/v1/organisations/${org.id}` } }
	);
});
