import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { readAccess, registerHeaders } from '$lib/server/register/queries';
import { decisionFilters, publishInput } from '$lib/server/decisions/schemas';
import { publishDecision } from '$lib/server/decisions/commands';
import { listDecisions } from '$lib/server/decisions/queries';
import { serializeDecision } from '$lib/server/decisions/serialize';
import type { RequestEvent } from './$types';

/** Published decisions, newest first. Public workspaces: anyone; private: members only. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const access = await readAccess(actorOf(locals), params.id);
	const f = parseWith(decisionFilters, Object.fromEntries(url.searchParams));
	const list = await listDecisions(getDb(), access.workspace.id, {
		kind: f.kind,
		outcome: f.outcome,
		from: f.from ? Date.parse(f.from) : undefined,
		to: f.to ? Date.parse(f.to) : undefined,
		q: f.q
	});
	return json({ decisions: list.map(serializeDecision) }, { headers: registerHeaders(access) });
});

/** Publishes a decision record (facilitators): from a closed vote, or a consensus decision. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, publishInput);
	const d = await publishDecision(actorOf(locals), params.id, body);
	return json(serializeDecision(d), {
		status: 201,
		headers: { location: `/api/v1/decisions/${d.id}` }
	});
});
