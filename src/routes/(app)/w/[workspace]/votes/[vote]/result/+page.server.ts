import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { voteResult } from '$lib/server/votes/queries';
import type { PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) =>
		await voteResult(actorOf(locals), params.workspace, params.vote)
);
