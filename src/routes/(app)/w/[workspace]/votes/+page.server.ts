import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { workspaceVotes } from '$lib/server/votes/queries';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const { mayCreate, votes } = await workspaceVotes(actorOf(locals), params.workspace);
	return {
		mayCreate,
		votes: votes.map((v) => ({
			id: v.id,
			question: v.question,
			status: v.status,
			opensAt: v.opensAt,
			closesAt: v.closesAt,
			passes: v.result?.passes ?? null
		}))
	};
});
