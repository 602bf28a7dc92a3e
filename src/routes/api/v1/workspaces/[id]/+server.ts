import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import {
	loadWorkspace,
	requireRole,
	requireWriteScope,
	type Membership,
	type Workspace
} from '$lib/server/access';
import * as workspaces from '$lib/server/workspaces';
import type { RequestEvent } from './$types';

function view(ws: Workspace, member: Membership | null) {
	return {
		...workspaces.serializeWorkspace(ws),
		role: member?.role ?? null,
		membership: member
	};
}

/** A workspace by id or slug: members, and anyone for a public workspace (`role` null). */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { workspace, member } = await loadWorkspace(getDb(), actorOf(locals), params.id);
	return json(view(workspace, member));
});

/** Changes name, description, visibility or time zone: facilitators only. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace, member } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, workspaces.workspacePatch);
	return json(view(await workspaces.updateWorkspace(db, workspace.id, body), member));
});
