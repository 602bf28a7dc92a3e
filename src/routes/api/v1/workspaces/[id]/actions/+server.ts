import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { requireRole, requireWriteScope } from '$lib/server/access';
import { readAccess, registerHeaders } from '$lib/server/register-public';
import * as actions from '$lib/server/actions';
import type { RequestEvent } from './$types';

const filters = z.object({
	owner: z.string().optional(),
	status: z.enum(['planned', 'in_progress', 'done', 'dropped', 'overdue']).optional(),
	decision: z.string().optional()
});

/** Actions by due date; `status=overdue` lists those past due and not done or dropped. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const access = await readAccess(db, actorOf(locals), params.id);
	const f = parseWith(filters, Object.fromEntries(url.searchParams));
	const list = await actions.listActions(db, access.workspace.id, access.workspace.timeZone, {
		owner: f.owner,
		status: f.status,
		decisionId: f.decision
	});
	return json({ actions: list.map(actions.serializeAction) }, { headers: registerHeaders(access) });
});

/** Creates an action (facilitators). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, actions.actionInput);
	const a = await actions.createAction(db, workspace.id, workspace.timeZone, body, actor.user!.id);
	return json(actions.serializeAction(a), { status: 201, headers: { location: `/api/v1/actions/${a.id}` } });
});
