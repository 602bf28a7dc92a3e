import { api } from '$lib/server/api';
import { readFeed } from '$lib/server/meetings/feed';
import type { RequestEvent } from './$types';

/** A person's calendar feed, for a calendar app to subscribe to (the secret in the address is the key). */
export const GET = api<RequestEvent>(async ({ params }) => {
	return new Response(await readFeed(params.secret), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'cache-control': 'private, no-store',
			'referrer-policy': 'no-referrer'
		}
	});
});
