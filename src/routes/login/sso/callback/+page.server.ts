import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { currentSso } from '$lib/server/auth/sso/config';
import { finishSignIn } from '$lib/server/auth/sso/sign-in';
import { deleteSsoCookie, LINK_COOKIE, setSsoCookie, STATE_COOKIE } from '$lib/server/auth/sso/cookies';
import { ssoRefusal } from '$lib/server/auth/sso/http';
import type { PageServerLoad } from './$types';

/** The provider's answer: signs the person in, or asks for their password to link, or says why not. */
export const load: PageServerLoad = async ({ url, cookies, request }) => {
	const { config } = currentSso();
	if (!config) error(404, { message: 'Single sign-on is not set up on this Parity.' });
	const db = getDb();
	const cookieState = cookies.get(STATE_COOKIE) ?? null;
	// One answer per attempt, whatever happens next.
	deleteSsoCookie(cookies, url, STATE_COOKIE);
	const outcome = await ssoRefusal(() =>
		finishSignIn(db, config, { callbackUrl: new URL(url.href), cookieState })
	);
	if (outcome.kind === 'link') {
		setSsoCookie(cookies, url, LINK_COOKIE, outcome.token, outcome.expiresAt);
		redirect(303, '/login/sso/link');
	}
	const token = auth.generateSessionToken();
	const session = await auth.createSession(db, token, outcome.userId, {
		method: 'single sign-on',
		userAgent: request.headers.get('user-agent')
	});
	setSessionCookie(cookies, url, token, session.expiresAt);
	redirect(303, outcome.next);
};
