import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireRole, requireWriteScope } from '$lib/server/access';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import * as workspaces from '$lib/server/workspaces';
import type { RequestEvent } from './$types';

/**
 * Changes the workspace's record of a partner (chamber, size band, equity flags), or confirms or dismisses the
 * difference the organisation's own details show: facilitators only.
 */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, workspaces.partnerPatch);
	return json(
		workspaces.serializePartner(
			await workspaces.updatePartner(db, workspace.id, params.organisationId, body, actor.user!.id)
		)
	);
});

/** Removes a partner; members acting for it then act for no organisation. Facilitators only. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	await workspaces.removePartner(db, workspace.id, params.organisationId);
	notifyAccessChanged({ workspaceId: workspace.id });
	return new Response(null, { status: 204 });
});
