import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { decisionView } from '$lib/server/register/decision-view';
import type { PageServerLoad, PageServerLoadEvent } from './$types';

export const load: PageServerLoad = page(async ({ parent, params, locals }: PageServerLoadEvent) => {
	const { register: ws } = await parent();
	return await decisionView(actorOf(locals), ws, params.decision);
});
