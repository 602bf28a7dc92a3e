import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { claimsPage } from '$lib/server/claims/queries';
import type { RequestEvent } from './$types';

/** The claims the actor may see: their own (and their organisation's); all submitted ones for approvers. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const p = await claimsPage(actorOf(locals), params.id);
	return json({ claims: p.claims.map(({ own: _own, ...c }) => c) });
});
