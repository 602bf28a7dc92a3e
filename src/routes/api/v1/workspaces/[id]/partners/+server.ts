import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { loadWorkspace, requireRole, requireWriteScope } from '$lib/server/access';
import * as workspaces from '$lib/server/workspaces';
import type { RequestEvent } from './$types';

/**
 * The partner organisations (the electorate of votes) with this workspace's record of each: chamber, size
 * band, equity flags, who set them and when, and any difference the organisation's own details now show.
 */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actorOf(locals), params.id);
	return json({
		partners: (await workspaces.listPartners(db, workspace.id)).map((p) =>
			workspaces.serializePartner(p, !!member)
		)
	});
});

/**
 * Adds a verified organisation (or one created for this workspace) as a partner, copying its chamber and size
 * band into the workspace's record: facilitators only.
 */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, workspaces.partnerInput);
	return json(
		workspaces.serializePartner(await workspaces.addPartner(db, workspace.id, body, actor.user!.id)),
		{
			status: 201
		}
	);
});
