import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { batches } from '$lib/server/claims/batches';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const b = await batches(actorOf(locals), params.workspace);
	return {
		exported: Number(url.searchParams.get('exported')) || null,
		batches: b.batches.map((x) => ({
			number: x.number,
			claimCount: x.claimCount,
			totalPence: x.totalPence,
			createdAt: x.createdAt
		}))
	};
});
