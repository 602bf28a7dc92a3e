import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { download, reviewRange } from '$lib/server/register/downloads';
import { readAccess } from '$lib/server/register/queries';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = page(async ({ locals, params, url }) => {
	const actor = actorOf(locals);
	const { workspace } = await readAccess(actor, params.workspace);
	return download(
		actor,
		{ workspace: params.workspace, ip: locals.ip, origin: url.origin },
		'review.md',
		reviewRange(url.searchParams, workspace.timeZone)
	);
});
