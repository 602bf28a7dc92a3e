import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireAdmin } from '$lib/server/access';
import { getMessage, linksIn } from '$lib/server/mail/queue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	requireAdmin({ user: locals.user, token: null });
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const m = await getMessage(getDb(), params.id);
	if (!m) error(404, { message: 'No such message.', code: 'not_found' });
	const { html: _html, ...message } = m;
	return { message, links: linksIn(m.text) };
};
