import { json } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { discussionStamp } from '$lib/server/comments/queries';
import { getDb } from '$lib/server/db';
import { documentInWorkspace } from '$lib/server/documents/queries';
import { page } from '$lib/server/http/errors';
import type { RequestEvent } from './$types';

/**
 * The fingerprint of what the document page shows (its text and discussion): the page without the live
 * editor compares it with the one it was loaded with, to offer the latest.
 */
export const GET = page(async ({ params, locals }: RequestEvent) => {
	const { document } = await documentInWorkspace(actorOf(locals), params.workspace, params.document);
	return json(
		{ stamp: await discussionStamp(getDb(), document) },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
