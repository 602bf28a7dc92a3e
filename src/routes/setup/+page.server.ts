import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb, transaction } from '$lib/server/db';
import * as auth from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { checkSetupCode, clearSetupCode, needsSetup } from '$lib/server/setup';
import { insertUser, prepareUser, UserInputError } from '$lib/server/users';
import { formFailure, text } from '$lib/server/forms';
import { WindowLimiter } from '$lib/server/limiter';
import type { Actions, PageServerLoad } from './$types';

const attempts = new WindowLimiter('setup', 10, 15 * 60 * 1000);

export const load: PageServerLoad = async () => {
	if (!(await needsSetup(getDb()))) redirect(303, '/');
};

const input = z.object({ code: z.string(), name: z.string(), email: z.string(), password: z.string() });

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const db = getDb();
		if (!(await needsSetup(db))) redirect(303, '/');
		const data = await request.formData();
		const form = input.parse({
			code: text(data, 'code'),
			name: text(data, 'name'),
			email: text(data, 'email'),
			password: text(data, 'password')
		});
		if (await attempts.hit(locals.ip))
			return formFailure(429, 'Too many attempts. Wait a few minutes and try again.', data);
		if (!form.code.trim())
			return formFailure(400, 'Enter the set-up code.', data, { code: 'Enter the set-up code.' });
		if (!(await checkSetupCode(db, form.code)))
			return formFailure(403, 'That set-up code is not right. It was printed when Parity started.', data, {
				code: 'That set-up code is not right.'
			});
		let user;
		try {
			user = await prepareUser(db, { ...form, isAdmin: true });
		} catch (e) {
			if (e instanceof UserInputError) return formFailure(400, e.message, data, { [e.field]: e.message });
			throw e;
		}
		const created = await transaction(db, async () => {
			if (!(await needsSetup(db))) return false;
			await insertUser(db, user);
			await clearSetupCode(db);
			return true;
		});
		if (!created) redirect(303, '/');
		const token = auth.generateSessionToken();
		const session = await auth.createSession(db, token, user.id, {
			method: 'setup',
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, '/');
	}
};
