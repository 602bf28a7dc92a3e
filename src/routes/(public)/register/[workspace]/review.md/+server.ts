import { getDb } from '$lib/server/db';
import { download, readAccess, reviewRange } from '$lib/server/register-public';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { workspace } = await readAccess(
		getDb(),
		{ user: event.locals.user, token: null },
		event.params.workspace
	);
	return download(event, 'review.md', reviewRange(event.url, workspace.timeZone));
};
