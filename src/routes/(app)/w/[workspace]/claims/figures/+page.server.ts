import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { figures } from '$lib/server/claims/queries';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const f = await figures(actorOf(locals), params.workspace);
	return { quarters: f.quarters };
});
