import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireMember, requireUser, requireWriteScope } from '$lib/server/access';
import { setMode } from '$lib/server/mail/preferences';
import { MAIL_MODES } from '$lib/server/db/schema';
import type { RequestEvent } from './$types';

const body = z
	.object({ mode: z.enum(MAIL_MODES, { error: 'mode: one of immediate, daily, weekly, none.' }) })
	.strict();

/** Chooses how often Parity emails you about one workspace. */
export const PUT = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	requireUser(actor);
	requireWriteScope(actor);
	const db = getDb();
	const { workspace } = await requireMember(db, actor, params.workspaceId);
	const { mode } = await readJson(request, body);
	await setMode(db, actor.user!.id, workspace.id, mode);
	return json({ workspaceId: workspace.id, mode });
});
