import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import { tokenReaches } from '$lib/server/auth/tokens';
import { listPreferences } from '$lib/server/mail/preferences';

/** How often Parity emails you about each of your workspaces. */
export const GET = api(async ({ locals }) => {
	const user = requireUser(actorOf(locals));
	return json({
		workspaces: (await listPreferences(getDb(), user.id))
			.filter((w) => tokenReaches(locals.token, w.workspaceId))
			.map((w) => ({ workspaceId: w.workspaceId, slug: w.slug, name: w.name, mode: w.mode }))
	});
});
