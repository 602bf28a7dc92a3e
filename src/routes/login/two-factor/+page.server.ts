import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import * as twoFactor from '$lib/server/auth/two-factor';
import * as throttle from '$lib/server/auth/rate-limit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { safeNextPath } from '$lib/server/auth/next-path';
import { formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const WRONG = 'That code is not right. Type the code your authenticator app shows now, or a recovery code.';

export const load: PageServerLoad = async ({ locals, url, cookies, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const next = safeNextPath(url.searchParams.get('next'), url.origin);
	if (locals.user) redirect(303, next);
	const token = cookies.get(twoFactor.CHALLENGE_COOKIE);
	// No first step waiting (never started, expired, or done in another tab): the page says to sign in again.
	const waiting = !!token && !!(await twoFactor.findChallenge(getDb(), token));
	return { next, waiting };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const db = getDb();
		const data = await request.formData();
		const next = safeNextPath(text(data, 'next') || url.searchParams.get('next'), url.origin);
		const challenge = await twoFactor.findChallenge(db, cookies.get(twoFactor.CHALLENGE_COOKIE) ?? '');
		if (!challenge) redirect(303, '/login?expired=1');
		const code = text(data, 'code').trim();
		if (!code)
			return formFailure(400, 'Enter the code from your authenticator app.', data, {
				code: 'Enter the code from your authenticator app.'
			});
		const { user } = challenge;
		// The sign-in throttle: wrong codes slow down the (account, address) pair, and count against the address.
		const counted = twoFactor.codeThrottleName(user.email);
		const check = await throttle.reserveAttempt(db, counted, locals.ip);
		if (!check.allowed) return formFailure(429, throttle.waitMessage(check.retryAfterMs), data);
		const how = await twoFactor.checkSecondFactor(db, user.id, code);
		if (!how) return formFailure(400, WRONG, data, { code: WRONG });
		await throttle.recordSuccess(db, counted, locals.ip);
		await twoFactor.closeChallenge(db, challenge.id);
		cookies.delete(twoFactor.CHALLENGE_COOKIE, { path: twoFactor.CHALLENGE_PATH });
		const token = auth.generateSessionToken();
		const session = await auth.createSession(db, token, user.id, {
			method: how === 'authenticator' ? 'password + authenticator' : 'password + recovery code',
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, url, token, session.expiresAt);
		// After a recovery code, the settings say how many are left (and offer new ones).
		redirect(303, how === 'recovery code' ? '/settings/two-factor?recovered=1' : next);
	}
};
