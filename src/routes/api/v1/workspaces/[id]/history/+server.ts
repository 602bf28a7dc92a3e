import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { governanceHistory, serializeChange } from '$lib/server/governance/history';
import { readCursor, writeCursor } from '$lib/server/governance/cursor';
import type { RequestEvent } from './$types';

/** The workspace's governance history, newest first (facilitators: all of it; members: what bears on votes). */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const history = await governanceHistory(
		getDb(),
		actorOf(locals),
		params.id,
		readCursor(url.searchParams.get('before'))
	);
	return json({
		scope: history.scope,
		changes: history.changes.map(serializeChange),
		next: writeCursor(history.next)
	});
});
