import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api } from '$lib/server/api';
import { documentChecks } from '$lib/server/checks/queries';

/** Drafting checks on the current text (members). */
export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json(await documentChecks(actorOf(locals), params.id))
);
