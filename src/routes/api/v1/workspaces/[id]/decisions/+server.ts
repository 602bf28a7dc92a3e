import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { requireRole, requireWriteScope } from '$lib/server/access';
import { readAccess, registerHeaders } from '$lib/server/register-public';
import * as decisions from '$lib/server/decisions';
import { isoInstant } from '$lib/server/fields';
import type { RequestEvent } from './$types';

const filters = z.object({
	kind: z.string().optional(),
	outcome: z.enum(['approved', 'rejected', 'deferred']).optional(),
	from: isoInstant.optional(),
	to: isoInstant.optional(),
	q: z.string().max(200).optional()
});

/** Published decisions, newest first. Public workspaces: anyone; private: members only. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const access = await readAccess(db, actorOf(locals), params.id);
	const f = parseWith(filters, Object.fromEntries(url.searchParams));
	const list = await decisions.listDecisions(db, access.workspace.id, {
		kind: f.kind,
		outcome: f.outcome,
		from: f.from ? Date.parse(f.from) : undefined,
		to: f.to ? Date.parse(f.to) : undefined,
		q: f.q
	});
	return json({ decisions: list.map(decisions.serializeDecision) }, { headers: registerHeaders(access) });
});

/** Publishes a decision record (facilitators): from a closed vote, or a consensus decision. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, decisions.publishInput);
	const d = await decisions.publishDecision(db, workspace.id, body, actor.user!.id);
	return json(decisions.serializeDecision(d), {
		status: 201,
		headers: { location: `/api/v1/decisions/${d.id}` }
	});
});
