import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { readClaim } from '$lib/server/claims/queries';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json(await readClaim(actorOf(locals), params.id))
);
