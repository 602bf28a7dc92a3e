import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) {
			await auth.invalidateSession(getDb(), locals.session.id);
			notifyAccessChanged({ userId: locals.session.userId });
		}
		deleteSessionCookie(cookies, url);
		redirect(303, '/login');
	}
};
