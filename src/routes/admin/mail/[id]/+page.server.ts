import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { requireAdmin } from '$lib/server/workspaces/access';
import { getMessage, linksIn } from '$lib/server/mail/queue';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ locals, params, url, setHeaders }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	requireAdmin(actorOf(locals));
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const m = await getMessage(getDb(), params.id);
	if (!m) error(404, { message: 'No such message.', code: 'not_found' });
	const { html: _html, ...message } = m;
	return { message, links: linksIn(m.text) };
});
