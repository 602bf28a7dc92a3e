import { getDb } from '$lib/server/db';
import { WindowLimiter } from '$lib/server/limiter';
import { emailSchema } from '$lib/server/users';
import { requestPasswordReset } from '$lib/server/auth/password-reset';
import { formFailure, text } from '$lib/server/forms';
import type { Actions } from './$types';

/** Per address (so nobody can flood a mailbox) and per client address (so nobody can probe many). */
const perAddress = new WindowLimiter('reset-address', 3, 60 * 60_000);
const perClient = new WindowLimiter('reset-client', 20, 15 * 60_000);

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const data = await request.formData();
		const parsed = emailSchema.safeParse(text(data, 'email'));
		if (!parsed.success)
			return formFailure(400, 'Enter your email address, like name@example.org.', data, {
				email: 'Enter your email address, like name@example.org.'
			});
		const wait = await perClient.hit(locals.ip);
		if (wait) {
			const minutes = Math.ceil(wait / 60_000);
			return formFailure(
				429,
				`Too many requests. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
				data
			);
		}
		// Over the per-address limit nothing more is sent, and the answer stays the same.
		if (!(await perAddress.hit(parsed.data))) await requestPasswordReset(getDb(), parsed.data);
		return { sent: true, email: parsed.data };
	}
};
