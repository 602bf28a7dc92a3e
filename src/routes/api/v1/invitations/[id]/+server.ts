import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireRole, requireWriteScope } from '$lib/server/access';
import * as invitations from '$lib/server/invitations';
import type { RequestEvent } from './$types';

/** Revokes a pending invitation: facilitators of its workspace. 409 once it has been used or revoked. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const inv = await invitations.getInvitation(db, params.id);
	if (!inv) error(404, { message: 'No such invitation.', code: 'not_found' });
	await requireRole(db, actor, inv.workspaceId, 'facilitator');
	if (!(await invitations.revokeInvitation(db, inv.id)))
		error(409, {
			message: `This invitation has been ${invitations.invitationStatus(inv) === 'accepted' ? 'used' : 'withdrawn'} already.`,
			code: 'conflict'
		});
	return new Response(null, { status: 204 });
});
