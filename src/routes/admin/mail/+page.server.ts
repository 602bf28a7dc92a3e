import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireAdmin } from '$lib/server/access';
import { countByStatus, listMessages, retryMessage } from '$lib/server/mail/queue';
import { mailerStatus } from '$lib/server/mail/worker';
import { MAIL_STATUSES, type MailStatus } from '$lib/server/db/schema';
import { formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const actor = (locals: App.Locals) => ({ user: locals.user, token: null });

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	requireAdmin(actor(locals));
	const db = getDb();
	const param = url.searchParams.get('status');
	const status = MAIL_STATUSES.includes(param as MailStatus) ? (param as MailStatus) : undefined;
	return {
		status: status ?? null,
		counts: await countByStatus(db),
		messages: await listMessages(db, { status, limit: 200 }),
		mailer: mailerStatus()
	};
};

export const actions: Actions = {
	retry: async ({ locals, request }) => {
		requireAdmin(actor(locals));
		const data = await request.formData();
		if (!(await retryMessage(getDb(), text(data, 'id'))))
			return formFailure(404, 'That message is not waiting after a failure.', data);
		return { success: 'The message is queued again.' };
	}
};
