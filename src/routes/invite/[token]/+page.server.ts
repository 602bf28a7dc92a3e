import { error, redirect } from '@sveltejs/kit';
import { getDb, transaction } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import {
	acceptInvitation,
	findInvitationByToken,
	invitationStatus
} from '$lib/server/workspaces/invitations';
import { findUserByEmail, insertUser, prepareUser, UserInputError } from '$lib/server/users';
import { formFailure, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { isDomainError } from '$lib/server/errors';
import { WindowLimiter } from '$lib/server/limiter';
import { currentSso, domainAllowed } from '$lib/server/auth/sso/config';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

const lookups = new WindowLimiter('invitation', 60, 15 * 60 * 1000);

async function find(token: string, ip: string) {
	if (await lookups.hit(ip)) error(429, { message: 'Too many attempts. Wait a few minutes and try again.' });
	const found = await findInvitationByToken(getDb(), token);
	if (!found) error(404, { message: 'This invitation link is not valid.' });
	return found;
}

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const found = await find(params.token, locals.ip);
	const inv = found.invitation;
	const sso = currentSso().config;
	return {
		status: invitationStatus(inv),
		email: inv.email,
		role: inv.role,
		workspaceName: found.workspaceName,
		workspaceSlug: found.workspaceSlug,
		organisationName: found.organisationName,
		hasAccount: !!(await findUserByEmail(getDb(), inv.email)),
		// Single sign-on can make the account when the invited address is one it accepts.
		sso: sso && domainAllowed(sso, inv.email) ? sso.name : null,
		signedInAs: locals.user?.email ?? null
	};
});

export const actions: Actions = {
	accept: page(async ({ params, locals, request }: RequestEvent) => {
		const data = await request.formData();
		const found = await find(params.token, locals.ip);
		if (!locals.user) redirect(303, `/login?next=/invite/${params.token}`);
		if (locals.user.email !== found.invitation.email)
			return formFailure(
				403,
				`This invitation is for ${found.invitation.email}. Sign out and sign in with that address.`,
				data
			);
		try {
			await acceptInvitation(getDb(), found.invitation.id, locals.user.id);
		} catch (e) {
			if (isDomainError(e) && e.status === 410) return formFailure(410, e.message, data);
			throw e;
		}
		redirect(303, `/w/${found.workspaceSlug}`);
	}),
	join: page(async ({ params, locals, request, cookies, url }: RequestEvent) => {
		const db = getDb();
		const data = await request.formData();
		const found = await find(params.token, locals.ip);
		const inv = found.invitation;
		if (invitationStatus(inv) !== 'pending')
			return formFailure(410, 'This invitation can no longer be used.', data);
		if (await findUserByEmail(db, inv.email))
			return formFailure(409, 'An account with this address exists: sign in to accept.', data);
		if (text(data, 'password') !== text(data, 'confirm'))
			return formFailure(400, 'The passwords do not match.', data, {
				confirm: 'The passwords do not match.'
			});
		let user;
		try {
			user = await prepareUser(db, {
				email: inv.email,
				name: text(data, 'name'),
				password: text(data, 'password')
			});
		} catch (e) {
			if (e instanceof UserInputError) return formFailure(400, e.message, data, { [e.field]: e.message });
			throw e;
		}
		try {
			await transaction(db, async () => {
				await insertUser(db, user);
				await acceptInvitation(db, inv.id, user.id);
			});
		} catch (e) {
			if (e instanceof UserInputError) return formFailure(409, e.message, data);
			if (isDomainError(e) && e.status === 410)
				return formFailure(410, 'This invitation can no longer be used.', data);
			throw e;
		}
		const token = auth.generateSessionToken();
		const session = await auth.createSession(db, token, user.id, {
			method: 'invitation',
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, `/w/${found.workspaceSlug}`);
	})
};
