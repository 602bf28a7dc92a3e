import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser, requireWriteScope } from '$lib/server/access';
import { tokenReaches } from '$lib/server/auth/tokens';
import * as workspaces from '$lib/server/workspaces';
import type { RequestEvent } from './$types';

/** The caller's workspaces (within the token's workspace list), each with the caller's role. */
export const GET = api<RequestEvent>(async ({ locals }) => {
	const user = requireUser(actorOf(locals));
	return json({
		workspaces: (await workspaces.workspacesOfUser(getDb(), user.id))
			.filter((w) => tokenReaches(locals.token, w.workspace.id))
			.map((w) => ({ ...workspaces.serializeWorkspace(w.workspace), role: w.role }))
	});
});

/** Creates a workspace; the caller becomes its first facilitator. */
export const POST = api<RequestEvent>(async ({ locals, request }) => {
	const actor = actorOf(locals);
	const user = requireUser(actor);
	requireWriteScope(actor);
	if (locals.token?.workspaceIds)
		error(403, {
			message: 'This token is limited to named workspaces, so it cannot create one.',
			code: 'forbidden'
		});
	const body = await readJson(request, workspaces.workspaceInput);
	const ws = await workspaces.createWorkspace(getDb(), body, user.id);
	return json(
		{ ...workspaces.serializeWorkspace(ws), role: 'facilitator' },
		{ status: 201, headers: { location: `/api/v1/workspaces/${ws.id}` } }
	);
});
