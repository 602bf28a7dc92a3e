import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { dummyPasswordHash, verifyPassword } from '$lib/server/auth/password';
import * as throttle from '$lib/server/auth/rate-limit';
import { findUserByEmail } from '$lib/server/users';
import { formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * Only same-site paths are followed after signing in. Browsers drop tabs and line breaks from addresses and
 * read a backslash as `/`, so `/<tab>/evil.example` would leave the site: whitespace and backslashes are refused.
 */
function safeNext(next: string | null): string {
	if (!next || !next.startsWith('/') || /[\\\s]/.test(next)) return '/';
	const base = new URL('http://parity.invalid');
	const url = new URL(next, base);
	return url.origin === base.origin && !next.startsWith('//') ? url.pathname + url.search + url.hash : '/';
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
};

const WRONG = 'The email address or password is not right.';

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const db = getDb();
		const data = await request.formData();
		const email = text(data, 'email').trim().toLowerCase();
		const password = text(data, 'password');
		const next = safeNext(text(data, 'next') || url.searchParams.get('next'));
		if (!email || !password)
			return formFailure(400, 'Enter your email address and password.', data, {
				...(email ? {} : { email: 'Enter your email address.' }),
				...(password ? {} : { password: 'Enter your password.' })
			});
		if (email.length > 254 || password.length > 256) return formFailure(400, WRONG, data);
		const check = throttle.checkSignIn(db, email, locals.ip);
		if (!check.allowed) {
			const seconds = Math.ceil(check.retryAfterMs / 1000);
			return formFailure(
				429,
				`Too many attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
				data
			);
		}
		const user = findUserByEmail(db, email);
		// Hash even for unknown addresses, so the answer takes as long either way.
		const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
		if (!user || !ok) {
			throttle.recordFailure(db, email, locals.ip);
			return formFailure(400, WRONG, data);
		}
		throttle.recordSuccess(db, email, locals.ip);
		const token = auth.generateSessionToken();
		const session = auth.createSession(db, token, user.id);
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, next);
	}
};
