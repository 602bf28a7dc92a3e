import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { deleteAccount, deletionBlockers } from '$lib/server/account/deletion';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import { isDomainError } from '$lib/server/errors';
import { text, type FormFailure } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** "Delete my account": what happens, what stands in the way, and the confirmation. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const { subject, workspaces } = await deletionBlockers(getDb(), locals.user.id);
	return { email: locals.user.email, soleFacilitatorOf: workspaces, lastAdmin: subject.lastAdmin };
};

export const actions: Actions = {
	default: async ({ locals, request, cookies, url }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const userId = locals.user.id;
		try {
			await deleteAccount(actorOf(locals), { confirm: text(data, 'confirm') });
		} catch (e) {
			// What was typed (perhaps the password) is never sent back.
			if (isDomainError(e) && e.status < 500)
				return fail(e.status, { message: e.message, errors: e.issues, values: {} } satisfies FormFailure);
			throw e;
		}
		notifyAccessChanged({ userId });
		deleteSessionCookie(cookies, url);
		redirect(303, '/settings/delete/done');
	}
};
