import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireUser } from '$lib/server/access';
import * as tokens from '$lib/server/auth/tokens';
import { workspacesOfUser } from '$lib/server/workspaces/repository';
import { tokenInput } from '$lib/server/auth/schemas';
import { isoOrNull, isoUtc } from '$lib/domain/time';

/** Creating and listing tokens needs a session: a token cannot mint or see tokens. */
function sessionUser(locals: App.Locals) {
	const user = requireUser(actorOf(locals));
	if (locals.token) error(403, { message: 'Manage tokens from a signed-in session.', code: 'forbidden' });
	return user;
}

export const GET = api(async ({ locals }) =>
	json({
		tokens: (await tokens.listApiTokens(getDb(), sessionUser(locals).id)).map((t) => ({
			...t,
			expiresAt: isoOrNull(t.expiresAt),
			lastUsedAt: isoOrNull(t.lastUsedAt),
			createdAt: isoUtc(t.createdAt)
		}))
	})
);

export const POST = api(async ({ locals, request }) => {
	const user = sessionUser(locals);
	const body = await readJson(request, tokenInput);
	const db = getDb();
	const mine = new Set((await workspacesOfUser(db, user.id)).map((w) => w.workspace.id));
	if (body.workspaceIds?.some((id) => !mine.has(id)))
		error(422, { message: 'workspaceIds: name only workspaces you belong to.', code: 'invalid' });
	const expiresAt = body.expiresAt ? Date.parse(body.expiresAt) : null;
	if (expiresAt !== null && expiresAt <= Date.now())
		error(422, { message: 'expiresAt: must be in the future.', code: 'invalid' });
	const { token, info } = await tokens.createApiToken(db, { userId: user.id, ...body, expiresAt });
	return json({ ...info, expiresAt: isoOrNull(info.expiresAt), token }, { status: 201 });
});
