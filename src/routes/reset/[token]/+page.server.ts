import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { findPasswordReset, resetPassword } from '$lib/server/auth/password-reset';
import { usesTwoFactor } from '$lib/server/auth/two-factor';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import { formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The address holds a secret: keep it out of other sites' Referer headers and out of caches.
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const reset = await findPasswordReset(getDb(), params.token);
	return { valid: !!reset, email: reset?.email ?? null };
};

export const actions: Actions = {
	default: async ({ params, request, cookies, url }) => {
		const db = getDb();
		const data = await request.formData();
		const password = text(data, 'password');
		if (password !== text(data, 'password_again'))
			return formFailure(400, 'The two passwords are not the same.', data, {
				password_again: 'Type the same password again.'
			});
		const r = await resetPassword(db, params.token, password);
		if (!r.ok) return formFailure(r.gone ? 410 : 400, r.problem, data, r.gone ? {} : { password: r.problem });
		notifyAccessChanged({ userId: r.userId }); // open live sessions of the old password close
		// A link in an email is one factor: someone with two signs in again, with a code.
		if (await usesTwoFactor(db, r.userId)) redirect(303, '/login?passwordChanged=1');
		const token = auth.generateSessionToken();
		const session = await auth.createSession(db, token, r.userId, {
			method: 'password reset',
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, '/settings?reset=1');
	}
};
