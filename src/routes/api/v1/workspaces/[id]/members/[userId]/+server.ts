import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireRole, requireWriteScope } from '$lib/server/access';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import * as workspaces from '$lib/server/workspaces';
import type { RequestEvent } from './$types';

/** Changes a member's role, organisation, standing or delegate status: facilitators only. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, workspaces.memberPatch);
	const member = await workspaces.updateMember(db, workspace.id, params.userId, body);
	// Open editing sockets re-check the role now rather than at their next periodic check.
	notifyAccessChanged({ workspaceId: workspace.id, userId: params.userId });
	return json(workspaces.serializeMember(member, true));
});

/** Removes a member: facilitators only (a workspace keeps at least one facilitator). */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	await workspaces.removeMember(db, workspace.id, params.userId);
	notifyAccessChanged({ workspaceId: workspace.id, userId: params.userId });
	return new Response(null, { status: 204 });
});
