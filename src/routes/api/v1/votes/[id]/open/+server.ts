import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { openVote } from '$lib/server/votes/commands';
import { serializeVote } from '$lib/server/votes/serialize';
import type { RequestEvent } from './$types';

/** Opens a vote now, before its scheduled opening time: the electorate, weights and rule are frozen. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	return json(serializeVote(await openVote(actorOf(locals), params.id)));
});
