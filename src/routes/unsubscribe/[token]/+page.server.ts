import { getDb } from '$lib/server/db';
import { applyUnsubscribe, describeTarget, readUnsubscribeToken } from '$lib/server/mail/unsubscribe';
import { formFailure } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** Shows what the link would stop; nothing changes until the button is pressed (link checkers open links). */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const db = getDb();
	const target = await readUnsubscribeToken(db, params.token);
	const described = target ? await describeTarget(db, target) : null;
	return { valid: !!described, what: described?.what ?? null, email: described?.email ?? null };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const db = getDb();
		const data = await request.formData();
		const target = await readUnsubscribeToken(db, params.token);
		if (!target || !(await applyUnsubscribe(db, target)))
			return formFailure(404, 'This unsubscribe link is not valid.', data);
		return { done: true };
	}
};
