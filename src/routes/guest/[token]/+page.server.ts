import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { actorOf } from '$lib/server/api';
import { formCommand, texts } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { claimGuestLink, joinAsGuest, openGuestLink } from '$lib/server/meetings/guests';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

export const load = page(async ({ params, locals, setHeaders }: PageServerLoadEvent) => {
	// The address holds a secret: no cache keeps the page (and no Referer leaves the site: hooks).
	setHeaders({ 'cache-control': 'no-store' });
	const actor = actorOf(locals);
	const link = await openGuestLink(actor, params.token, locals.ip);
	// Signed in as the invited address (back from signing in): the invitation joins the account.
	if (!link.mine && locals.user?.email === link.email) await claimGuestLink(actor, params.token, locals.ip);
	if (link.mine || locals.user?.email === link.email) redirect(303, `/meetings/${link.meetingId}`);
	const { mine: _mine, meetingId: _id, ...shown } = link;
	return shown;
});

export const actions: Actions = {
	join: async ({ params, locals, request, cookies, url }: RequestEvent) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			joinAsGuest(params.token, texts(data, 'name', 'password', 'confirm'), locals.ip)
		);
		if (!r.ok) return r.failure;
		const db = getDb();
		const token = auth.generateSessionToken();
		const session = await auth.createSession(db, token, r.value.user.id, {
			method: 'guest link',
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, `/meetings/${r.value.meetingId}`);
	}
};
