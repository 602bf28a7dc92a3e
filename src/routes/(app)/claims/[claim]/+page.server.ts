// A claim's own page outside its workspace, for a claimant with no role there (a guest); the same page and
// forms as in the workspace.
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { claimPage } from '$lib/server/claims/queries';
import type { PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) => await claimPage(actorOf(locals), params.claim)
);

export { actions } from '../../w/[workspace]/claims/[claim]/+page.server';
