import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb, transaction } from '$lib/server/db';
import { verifyPassword } from '$lib/server/auth/password';
import * as throttle from '$lib/server/auth/rate-limit';
import * as tokens from '$lib/server/auth/tokens';
import { invalidateUserSessions, signInHistory } from '$lib/server/auth/session';
import { twoFactorStatus } from '$lib/server/auth/two-factor';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { getUser, hasPassword, setPassword, UserInputError } from '$lib/server/users';
import { identitiesOf, unlinkIdentity } from '$lib/server/auth/sso/sign-in';
import { currentSso } from '$lib/server/auth/sso/config';
import { workspacesOfUser } from '$lib/server/workspaces/repository';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import { listPreferences, MODE_LABELS, setMode } from '$lib/server/mail/preferences';
import { MAIL_MODES, type MailMode } from '$lib/server/db/schema';
import { actorOf } from '$lib/server/api';
import { checkbox, formCommand, formFailure, text, validateForm } from '$lib/server/forms';
import { feedState, renewFeed, stopFeed } from '$lib/server/meetings/feed';
import { guestReminders, setGuestReminders } from '$lib/server/meetings/guests';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const db = getDb();
	return {
		tokens: await tokens.listApiTokens(db, locals.user.id),
		mail: await listPreferences(db, locals.user.id),
		modeLabels: MODE_LABELS,
		reminders: await guestReminders(actorOf(locals)),
		feed: await feedState(actorOf(locals)),
		passwordReset: url.searchParams.has('reset'),
		twoFactor: await twoFactorStatus(db, locals.user),
		sso: {
			provider: currentSso().config?.name ?? 'single sign-on',
			identities: await identitiesOf(db, locals.user.id),
			hasPassword: hasPassword((await getUser(db, locals.user.id))!)
		},
		signIns: (await signInHistory(db, locals.user.id)).map(({ sessionId, ...r }) => ({
			...r,
			here: sessionId === locals.session?.id
		})),
		workspaces: (await workspacesOfUser(db, locals.user.id)).map((w) => ({
			id: w.workspace.id,
			name: w.workspace.name
		}))
	};
};

const tokenForm = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Give the token a name, such as “website publishing”.')
		.max(80, 'Use at most 80 characters.'),
	scope: z.enum(['read', 'write'], { error: 'Choose read or write.' }),
	expiresInDays: z
		.string()
		.transform((s) => (s === '' ? null : Number(s)))
		.pipe(z.number({ error: 'Choose when the token expires.' }).int().min(1).max(366).nullable()),
	workspaceIds: z.array(z.string())
});

export const actions: Actions = {
	/** Ends every session of the person, this one too: for a lost phone or a shared computer left signed in. */
	signOutEverywhere: async ({ locals, cookies, url }) => {
		if (!locals.user) redirect(303, '/login');
		await invalidateUserSessions(getDb(), locals.user.id);
		notifyAccessChanged({ userId: locals.user.id });
		deleteSessionCookie(cookies, url);
		redirect(303, '/login?signedOut=everywhere');
	},
	email: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const db = getDb();
		const data = await request.formData();
		const mine = await listPreferences(db, locals.user.id);
		const chosen = mine.map((w) => ({ w, mode: text(data, `mode-${w.workspaceId}`) as MailMode }));
		if (chosen.some((c) => !MAIL_MODES.includes(c.mode)))
			return formFailure(400, 'Choose how often to hear about each workspace.', data);
		await transaction(db, async () => {
			for (const c of chosen) await setMode(db, locals.user!.id, c.w.workspaceId, c.mode);
		});
		return { success: 'Your email choices are saved.' };
	},
	reminders: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const on = checkbox(data, 'reminders');
		const r = await formCommand(data, () => setGuestReminders(actorOf(locals), on));
		if (!r.ok) return r.failure;
		return {
			success: on
				? 'You will be reminded the day before a meeting you are invited to as a guest.'
				: 'You will not be reminded of meetings you are invited to as a guest.'
		};
	},
	feed: async ({ locals, request, url }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const r = await formCommand(data, () => renewFeed(actorOf(locals)));
		if (!r.ok) return r.failure;
		return { success: 'Your calendar address is ready.', feedUrl: url.origin + r.value };
	},
	stopFeed: async ({ locals, request }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const r = await formCommand(data, () => stopFeed(actorOf(locals)));
		return r.ok ? { success: 'Your calendar feed is off: its address finds nothing now.' } : r.failure;
	},
	password: async ({ request, locals }) => {
		if (!locals.user || !locals.session) redirect(303, '/login');
		const db = getDb();
		const data = await request.formData();
		const current = text(data, 'current');
		const next = text(data, 'password');
		const user = (await getUser(db, locals.user.id))!;
		// Throttled like signing in (the same counters), so a borrowed session cannot guess the password.
		const check = await throttle.reserveAttempt(db, user.email, locals.ip);
		if (!check.allowed) return formFailure(429, throttle.waitMessage(check.retryAfterMs), data);
		if (!(await verifyPassword(user.passwordHash, current)))
			return formFailure(400, 'Your current password is not right.', data, {
				current: 'Your current password is not right.'
			});
		await throttle.recordSuccess(db, user.email, locals.ip);
		if (next !== text(data, 'confirm'))
			return formFailure(400, 'The new passwords do not match.', data, {
				confirm: 'The new passwords do not match.'
			});
		try {
			await setPassword(db, user.id, next, locals.session.id);
		} catch (e) {
			if (e instanceof UserInputError) return formFailure(400, e.message, data, { password: e.message });
			throw e;
		}
		notifyAccessChanged({ userId: user.id });
		return { success: 'Your password has been changed. You have been signed out everywhere else.' };
	},
	unlinkSso: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		const r = await formCommand(data, () => unlinkIdentity(getDb(), locals.user!.id, text(data, 'id')));
		if (!r.ok) return r.failure;
		return { success: 'Single sign-on is unlinked: sign in with your password from now on.' };
	},
	createToken: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const db = getDb();
		const data = await request.formData();
		const v = validateForm(
			tokenForm,
			{
				name: text(data, 'name'),
				scope: text(data, 'scope'),
				expiresInDays: text(data, 'expiresInDays'),
				workspaceIds: data.getAll('workspaceIds').map(String)
			},
			data
		);
		if (!v.ok) return v.failure;
		const allowed = new Set((await workspacesOfUser(db, locals.user.id)).map((w) => w.workspace.id));
		if (v.data.workspaceIds.some((id) => !allowed.has(id)))
			return formFailure(400, 'Choose only workspaces you belong to.', data);
		const { token, info } = await tokens.createApiToken(db, {
			userId: locals.user.id,
			name: v.data.name,
			scope: v.data.scope,
			workspaceIds: v.data.workspaceIds,
			expiresAt: v.data.expiresInDays ? Date.now() + v.data.expiresInDays * 86_400_000 : null
		});
		return { newToken: token, tokenName: info.name };
	},
	revokeToken: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const data = await request.formData();
		if (!(await tokens.revokeApiToken(getDb(), locals.user.id, text(data, 'id'))))
			return formFailure(404, 'That token does not exist or was already revoked.', data);
		notifyAccessChanged({ userId: locals.user.id });
		return { success: 'The token has been revoked.' };
	}
};
