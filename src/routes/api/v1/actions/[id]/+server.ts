import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireMember, requireUser, requireWriteScope } from '$lib/server/access';
import { readAccess, registerHeaders } from '$lib/server/register-public';
import * as actions from '$lib/server/actions';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const a = await actions.getAction(db, params.id);
	const access = await readAccess(db, actorOf(locals), a.workspaceId);
	return json(
		{
			...actions.serializeAction(a),
			notes: (await actions.listNotes(db, a.id)).map((n) => ({
				...n,
				createdAt: new Date(n.createdAt).toISOString()
			}))
		},
		{ headers: registerHeaders(access) }
	);
});

/** Changes status or due date and/or adds a progress note (the owner organisation's members and facilitators). */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const a = await actions.getAction(db, params.id);
	const { member } = await requireMember(db, actor, a.workspaceId);
	const user = requireUser(actor);
	const body = await readJson(request, actions.actionUpdate);
	return json(actions.serializeAction(await actions.updateAction(db, a.id, member, body, user.id)));
});
