import { confirmEmail } from '$lib/server/consultations/commands';
import { page } from '$lib/server/http/errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The address holds a one-time secret: kept out of other sites' Referer headers and out of caches. Opening it
// confirms nothing (mail scanners open links); the button does.
export const load: PageServerLoad = async ({ setHeaders }) => {
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	return {};
};

export const actions: Actions = {
	default: page(async ({ params }: RequestEvent) => {
		const { title } = await confirmEmail(params.code);
		return { confirmed: title };
	})
};
