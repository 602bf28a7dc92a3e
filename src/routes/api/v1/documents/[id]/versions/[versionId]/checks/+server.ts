import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api } from '$lib/server/api';
import { versionChecks } from '$lib/server/checks/queries';

/** Drafting checks on a named version (whoever may read the version). */
export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json(await versionChecks(actorOf(locals), params.id, params.versionId))
);
