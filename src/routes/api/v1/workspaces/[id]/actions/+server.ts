import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { readAccess, registerHeaders } from '$lib/server/register/queries';
import { actionFilters, actionInput } from '$lib/server/decisions/schemas';
import { createAction } from '$lib/server/decisions/commands';
import { listActions } from '$lib/server/decisions/queries';
import { serializeAction } from '$lib/server/decisions/serialize';
import type { RequestEvent } from './$types';

/** Actions by due date; `status=overdue` lists those past due and not done or dropped. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const access = await readAccess(actorOf(locals), params.id);
	const f = parseWith(actionFilters, Object.fromEntries(url.searchParams));
	const list = await listActions(getDb(), access.workspace.id, access.workspace.timeZone, {
		owner: f.owner,
		status: f.status,
		decisionId: f.decision
	});
	return json({ actions: list.map(serializeAction) }, { headers: registerHeaders(access) });
});

/** Creates an action (facilitators). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, actionInput);
	const a = await createAction(actorOf(locals), params.id, body);
	return json(serializeAction(a), { status: 201, headers: { location: `/api/v1/actions/${a.id}` } });
});
