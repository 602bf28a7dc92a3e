import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import { organisationsOfUser } from '$lib/server/organisations/queries';
import { workspacesOfUser } from '$lib/server/workspaces/repository';
import { tokenReaches } from '$lib/server/auth/tokens';
import { deleteAccount } from '$lib/server/account/deletion';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { notifyAccessChanged } from '$lib/server/collab/registry';

export const GET = api(async ({ locals }) => {
	const user = requireUser(actorOf(locals));
	const db = getDb();
	return json({
		id: user.id,
		email: user.email,
		name: user.name,
		isAdmin: user.isAdmin,
		token: locals.token
			? {
					id: locals.token.id,
					name: locals.token.name,
					scope: locals.token.scope,
					workspaceIds: locals.token.workspaceIds
				}
			: null,
		organisations: (await organisationsOfUser(db, actorOf(locals))).map((o) => ({
			id: o.id,
			name: o.name,
			sector: o.sector
		})),
		workspaces: (await workspacesOfUser(db, user.id))
			.filter((w) => tokenReaches(locals.token, w.workspace.id))
			.map((w) => ({ id: w.workspace.id, slug: w.workspace.slug, name: w.workspace.name, role: w.role }))
	});
});

/**
 * Deletes the caller's account (a session, or a write token for all their workspaces). Refused while they are
 * the only facilitator of a workspace that has other members.
 */
export const DELETE = api(async ({ locals, cookies, url }) => {
	const actor = actorOf(locals);
	const userId = requireUser(actor).id;
	await deleteAccount(actor);
	notifyAccessChanged({ userId });
	if (locals.session) deleteSessionCookie(cookies, url);
	return new Response(null, { status: 204 });
});
