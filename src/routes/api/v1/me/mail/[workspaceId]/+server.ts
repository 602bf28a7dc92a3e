import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireMember, requireUser, requireWriteScope } from '$lib/server/access';
import { setMode } from '$lib/server/mail/preferences';
import { modeInput } from '$lib/server/mail/schemas';
import type { RequestEvent } from './$types';

/** Chooses how often Parity emails you about one workspace. */
export const PUT = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	requireWriteScope(actor);
	const db = getDb();
	const { workspace } = await requireMember(db, actor, params.workspaceId);
	const { mode } = await readJson(request, modeInput);
	await setMode(db, actor.user!.id, workspace.id, mode);
	return json({ workspaceId: workspace.id, mode });
});
