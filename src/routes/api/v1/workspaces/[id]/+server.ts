import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import type { Membership, Workspace } from '$lib/server/workspaces/access';
import { serializeWorkspace } from '$lib/server/workspaces/queries';
import { workspacePatch } from '$lib/server/workspaces/schemas';
import * as commands from '$lib/server/workspaces/commands';
import { workspaceFor } from '$lib/server/workspaces/queries';
import type { RequestEvent } from './$types';

function view(ws: Workspace, member: Membership | null) {
	return {
		...serializeWorkspace(ws),
		role: member?.role ?? null,
		membership: member
	};
}

/** A workspace by id or slug: members, and anyone for a public workspace (`role` null). */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { workspace, member } = await workspaceFor(actorOf(locals), params.id);
	return json(view(workspace, member));
});

/** Changes name, description, visibility or time zone: facilitators only. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await commands.managed(getDb(), actor, params.id);
	const body = await readJson(request, workspacePatch);
	const { workspace, member } = await commands.changeSettings(actor, params.id, body);
	return json(view(workspace, member));
});
