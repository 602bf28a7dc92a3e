import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSecretCookie, setSessionCookie } from '$lib/server/auth/cookies';
import * as twoFactor from '$lib/server/auth/two-factor';
import { dummyPasswordHash, verifyPassword } from '$lib/server/auth/password';
import * as throttle from '$lib/server/auth/rate-limit';
import { safeNextPath } from '$lib/server/auth/next-path';
import { findUserByEmail } from '$lib/server/users';
import { currentSso } from '$lib/server/auth/sso/config';
import { formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNextPath(url.searchParams.get('next'), url.origin);
	if (locals.user) redirect(303, next);
	return {
		next,
		signedOutEverywhere: url.searchParams.get('signedOut') === 'everywhere',
		passwordChanged: url.searchParams.has('passwordChanged'),
		codeExpired: url.searchParams.has('expired'),
		// The provider's name for the single sign-on link, when it is set up.
		sso: currentSso().config?.name ?? null
	};
};

const WRONG = 'The email address or password is not right.';

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const db = getDb();
		const data = await request.formData();
		const email = text(data, 'email').trim().toLowerCase();
		const password = text(data, 'password');
		const next = safeNextPath(text(data, 'next') || url.searchParams.get('next'), url.origin);
		if (!email || !password)
			return formFailure(400, 'Enter your email address and password.', data, {
				...(email ? {} : { email: 'Enter your email address.' }),
				...(password ? {} : { password: 'Enter your password.' })
			});
		if (email.length > 254 || password.length > 256) return formFailure(400, WRONG, data);
		// Counted before the password is checked, so simultaneous guesses cannot all slip under the limit.
		const check = await throttle.reserveAttempt(db, email, locals.ip);
		if (!check.allowed) return formFailure(429, throttle.waitMessage(check.retryAfterMs), data);
		const user = await findUserByEmail(db, email);
		// Hash even for unknown addresses, so the answer takes as long either way.
		const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
		if (!user || !ok) return formFailure(400, WRONG, data);
		if (user.disabledAt !== null)
			return formFailure(
				403,
				'This account is disabled. Ask an administrator of this Parity to enable it again.',
				data
			);
		await throttle.recordSuccess(db, email, locals.ip);
		if (await twoFactor.usesTwoFactor(db, user.id)) {
			// Not signed in yet: the second step's page asks for a code first.
			const challenge = await twoFactor.openChallenge(db, user.id);
			setSecretCookie(cookies, url, {
				name: twoFactor.CHALLENGE_COOKIE,
				value: challenge.token,
				path: twoFactor.CHALLENGE_PATH,
				expiresAt: challenge.expiresAt
			});
			redirect(303, `${twoFactor.CHALLENGE_PATH}?next=${encodeURIComponent(next)}`);
		}
		const token = auth.generateSessionToken();
		const session = await auth.createSession(db, token, user.id, {
			method: 'password',
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, next);
	}
};
