import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as twoFactor from '$lib/server/auth/two-factor';
import { safeNextPath } from '$lib/server/auth/next-path';
import * as throttle from '$lib/server/auth/rate-limit';
import { formCommand, formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	// The key is a secret: no cache keeps the page.
	setHeaders({ 'cache-control': 'no-store' });
	const db = getDb();
	const status = await twoFactor.twoFactorStatus(db, locals.user);
	return {
		status,
		key: status.enabled || locals.user.isDemo ? null : await twoFactor.setupKey(db, locals.user),
		demo: locals.user.isDemo,
		held: locals.setUpTwoFactor,
		next: safeNextPath(url.searchParams.get('next'), url.origin),
		recovered: url.searchParams.has('recovered')
	};
};

/**
 * Runs a change that a current code proves, throttled with the sign-in counters (a borrowed session cannot
 * guess codes any faster than a stranger at the sign-in page).
 */
async function withCode<T>(
	{ request, locals }: RequestEvent,
	fn: (code: string, user: NonNullable<App.Locals['user']>, sessionId: string) => Promise<T>
) {
	if (!locals.user || !locals.session) redirect(303, '/login');
	const db = getDb();
	const data = await request.formData();
	const code = text(data, 'code').trim();
	if (!code)
		return {
			ok: false as const,
			failure: formFailure(400, 'Enter the code from your authenticator app.', data, {
				code: 'Enter the code from your authenticator app.'
			})
		};
	const counted = twoFactor.codeThrottleName(locals.user.email);
	const check = await throttle.reserveAttempt(db, counted, locals.ip);
	if (!check.allowed)
		return { ok: false as const, failure: formFailure(429, throttle.waitMessage(check.retryAfterMs), data) };
	const user = locals.user;
	const sessionId = locals.session.id;
	const r = await formCommand(data, () => fn(code, user, sessionId));
	if (r.ok) await throttle.recordSuccess(db, counted, locals.ip);
	return r;
}

export const actions: Actions = {
	/** Confirms the app with its first code: on, with recovery codes to keep. */
	enable: async (event) => {
		const r = await withCode(event, (code, user, sessionId) =>
			twoFactor.confirmSetup(getDb(), user, sessionId, code)
		);
		if (!r.ok) return r.failure;
		return {
			success: 'Two-factor sign-in is on. You are signed out everywhere else.',
			recoveryCodes: r.value
		};
	},
	/** New recovery codes; the old ones stop working. */
	recoveryCodes: async (event) => {
		const r = await withCode(event, (code, user) => twoFactor.renewRecoveryCodes(getDb(), user, code));
		if (!r.ok) return r.failure;
		return {
			success: 'Here are your new recovery codes. The old ones no longer work.',
			recoveryCodes: r.value
		};
	},
	/** Turns it off (not for someone who must use it). */
	disable: async (event) => {
		const r = await withCode(event, (code, user) => twoFactor.turnOff(getDb(), user, code));
		if (!r.ok) return r.failure;
		return { success: 'Two-factor sign-in is off. Signing in asks for your password only.' };
	}
};
