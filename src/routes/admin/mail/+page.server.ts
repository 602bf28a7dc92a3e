import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { requireAdmin } from '$lib/server/workspaces/access';
import { countByStatus, listMessages, retryMessage } from '$lib/server/mail/queue';
import { mailerStatus } from '$lib/server/mail/worker';
import { MAIL_STATUSES, type MailStatus } from '$lib/server/db/schema';
import { formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoadEvent, RequestEvent } from './$types';

export const load = page(async ({ locals, url }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	requireAdmin(actorOf(locals));
	const db = getDb();
	const param = url.searchParams.get('status');
	const status = MAIL_STATUSES.includes(param as MailStatus) ? (param as MailStatus) : undefined;
	return {
		status: status ?? null,
		counts: await countByStatus(db),
		messages: await listMessages(db, { status, limit: 200 }),
		mailer: mailerStatus()
	};
});

export const actions: Actions = {
	retry: page(async ({ locals, request }: RequestEvent) => {
		requireAdmin(actorOf(locals));
		const data = await request.formData();
		if (!(await retryMessage(getDb(), text(data, 'id'))))
			return formFailure(404, 'That message is not waiting after a failure.', data);
		return { success: 'The message is queued again.' };
	})
};
