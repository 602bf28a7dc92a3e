import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { safeNextPath } from '$lib/server/auth/next-path';
import { currentSso } from '$lib/server/auth/sso/config';
import { beginSignIn } from '$lib/server/auth/sso/sign-in';
import { setSsoCookie, STATE_COOKIE } from '$lib/server/auth/sso/cookies';
import { ssoRefusal } from '$lib/server/auth/sso/http';
import { WindowLimiter } from '$lib/server/limiter';
import type { PageServerLoad } from './$types';

/** Each start stores an attempt for 10 minutes: at most 60 per address in that time. */
const starts = new WindowLimiter('sso-start', 60, 10 * 60 * 1000);

/** Starts single sign-on: a new attempt, then off to the provider. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const { config } = currentSso();
	if (!config) error(404, { message: 'Single sign-on is not set up on this Parity.' });
	const next = safeNextPath(url.searchParams.get('next'), url.origin);
	if (locals.user) redirect(303, next);
	const started = await ssoRefusal(async () => {
		await starts.take(locals.ip, (s) => `Too many attempts. Wait ${s} seconds and try again.`);
		return await beginSignIn(getDb(), config, { redirectUri: `${url.origin}/login/sso/callback`, next });
	});
	setSsoCookie(cookies, url, STATE_COOKIE, started.state, started.expiresAt);
	redirect(303, started.url.href);
};
