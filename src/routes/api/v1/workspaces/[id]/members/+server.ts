import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireMember, requireRole, requireWriteScope } from '$lib/server/access';
import { findAddableUser } from '$lib/server/organisations';
import * as workspaces from '$lib/server/workspaces';
import type { RequestEvent } from './$types';

/** Members only; email addresses are shown to facilitators only. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actorOf(locals), params.id);
	const showEmail = member.role === 'facilitator';
	return json({
		members: (await workspaces.listMembers(db, workspace.id)).map((m) =>
			workspaces.serializeMember(m, showEmail)
		)
	});
});

/** Adds someone who already has an account (by email or user id): facilitators only. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const { email, userId, ...membership } = await readJson(request, workspaces.memberInput);
	// Only people the facilitator already works with (anyone, for an administrator), so that adding members
	// cannot reveal who has an account.
	const user = await findAddableUser(db, actor.user!, { email, userId });
	if (!user)
		error(404, {
			message: 'No account you can add: add people you work with in a workspace, or send an invitation.',
			code: 'not_found'
		});
	const added = await workspaces.addMember(db, workspace.id, user.id, membership);
	return json(workspaces.serializeMember(added, true), { status: 201 });
});
