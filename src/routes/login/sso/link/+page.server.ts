import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { currentSso } from '$lib/server/auth/sso/config';
import { confirmLink, pendingLink, SignInRefused } from '$lib/server/auth/sso/sign-in';
import { deleteSsoCookie, LINK_COOKIE } from '$lib/server/auth/sso/cookies';
import { formCommand, formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const EXPIRED = 'This request to link your account has expired. Sign in with single sign-on again.';

/** A provider account whose address matches a Parity account: the person confirms with their password once. */
export const load: PageServerLoad = async ({ cookies }) => {
	const { config } = currentSso();
	if (!config) error(404, { message: 'Single sign-on is not set up on this Parity.' });
	const pending = await pendingLink(getDb(), cookies.get(LINK_COOKIE) ?? '');
	if (!pending) error(410, { message: EXPIRED, code: 'sso' });
	return { provider: config.name, ...pending };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const db = getDb();
		const data = await request.formData();
		const password = text(data, 'password');
		if (!password)
			return formFailure(400, 'Enter your Parity password.', data, {
				password: 'Enter your Parity password.'
			});
		const r = await formCommand(data, async () => {
			try {
				return await confirmLink(db, { token: cookies.get(LINK_COOKIE) ?? '', password, ip: locals.ip });
			} catch (e) {
				if (e instanceof SignInRefused) return e;
				throw e;
			}
		});
		if (!r.ok) return r.failure;
		if (r.value instanceof SignInRefused)
			return formFailure(r.value.status, r.value.message, data, { password: r.value.message });
		deleteSsoCookie(cookies, url, LINK_COOKIE);
		const token = auth.generateSessionToken();
		const session = await auth.createSession(db, token, r.value.userId, {
			method: 'single sign-on',
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, r.value.next);
	}
};
