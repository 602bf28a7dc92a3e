import { json } from '@sveltejs/kit';
import { actorOf, api, readJson } from '$lib/server/api';
import { serializeWorkspace } from '$lib/server/workspaces/queries';
import { workspaceInput } from '$lib/server/workspaces/schemas';
import * as commands from '$lib/server/workspaces/commands';
import { myWorkspaces } from '$lib/server/workspaces/queries';
import type { RequestEvent } from './$types';

/** The caller's workspaces (within the token's workspace list), each with the caller's role. */
export const GET = api<RequestEvent>(async ({ locals }) => {
	return json({
		workspaces: (await myWorkspaces(actorOf(locals))).map((w) => ({
			...serializeWorkspace(w.workspace),
			role: w.role
		}))
	});
});

/** Creates a workspace; the caller becomes its first facilitator. */
export const POST = api<RequestEvent>(async ({ locals, request }) => {
	const actor = actorOf(locals);
	commands.mayCreateWorkspace(actor);
	const body = await readJson(request, workspaceInput);
	const ws = await commands.createWorkspace(actor, body);
	return json(
		{ ...serializeWorkspace(ws), role: 'facilitator' },
		{ status: 201, headers: { location: `/api/v1/workspaces/${ws.id}` } }
	);
});
