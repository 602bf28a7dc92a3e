import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { setPolicy } from '$lib/server/claims/commands';
import { policyJson, policyPage } from '$lib/server/claims/queries';
import type { RequestEvent } from './$types';

/** Every version of the payment policy, latest first. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const p = await policyPage(actorOf(locals), params.id);
	return json({ versions: p.versions.map(policyJson) });
});

/** Records a new version (facilitators). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	return json(policyJson(await setPolicy(actorOf(locals), params.id, body)), { status: 201 });
});
