import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { figures } from '$lib/server/claims/queries';
import type { RequestEvent } from './$types';

/** Per quarter of payment, without personal data; fewer than 5 claims shown as "fewer than 5". */
export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json({ quarters: (await figures(actorOf(locals), params.id)).quarters })
);
