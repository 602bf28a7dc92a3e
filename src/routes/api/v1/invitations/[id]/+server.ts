import { actorOf, api } from '$lib/server/api';
import * as commands from '$lib/server/workspaces/commands';
import type { RequestEvent } from './$types';

/** Revokes a pending invitation: facilitators of its workspace. 409 once it has been used or revoked. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await commands.revokeInvitation(actorOf(locals), params.id);
	return new Response(null, { status: 204 });
});
