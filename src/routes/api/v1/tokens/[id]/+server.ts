import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import * as tokens from '$lib/server/auth/tokens';
import { notifyAccessChanged } from '$lib/server/collab/registry';
import type { RequestEvent } from './$types';

export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const user = requireUser(actorOf(locals));
	if (locals.token) error(403, { message: 'Manage tokens from a signed-in session.', code: 'forbidden' });
	if (!(await tokens.revokeApiToken(getDb(), user.id, params.id)))
		error(404, { message: 'No such token.', code: 'not_found' });
	notifyAccessChanged({ userId: user.id });
	return new Response(null, { status: 204 });
});
