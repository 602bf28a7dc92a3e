import { page } from '$lib/server/http/errors';
import { actorOf } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { governanceHistory } from '$lib/server/governance/history';
import { readCursor, writeCursor } from '$lib/server/governance/cursor';
import type { PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const history = await governanceHistory(
		getDb(),
		actorOf(locals),
		params.workspace,
		readCursor(url.searchParams.get('before'))
	);
	return {
		scope: history.scope,
		changes: history.changes,
		older: writeCursor(history.next),
		newest: !url.searchParams.has('before')
	};
});
