import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { figures } from '$lib/server/claims/queries';
import type { PageServerLoadEvent } from './$types';

/** The quarterly figures of involvement payments and cost recovery: no personal data, fewer than 5 suppressed. */
export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const f = await figures(actorOf(locals), params.workspace);
	return { quarters: f.quarters };
});
