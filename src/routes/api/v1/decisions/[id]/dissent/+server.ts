import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireMember, requireUser, requireWriteScope } from '$lib/server/access';
import * as decisions from '$lib/server/decisions';
import type { RequestEvent } from './$types';

/** Adds an organisation's dissenting statement (members acting for an organisation that took part). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const d = await decisions.findDecision(db, params.id);
	if (!d) error(404, { message: 'Not found', code: 'not_found' });
	const { member } = await requireMember(db, actor, d.workspaceId);
	const user = requireUser(actor);
	const body = await readJson(request, decisions.dissentInput);
	const dissent = await decisions.addDissent(db, d.id, member, body, user.id);
	return json(dissent, { status: 201 });
});
