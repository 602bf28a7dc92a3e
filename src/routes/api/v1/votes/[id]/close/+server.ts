import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { closeVote } from '$lib/server/votes/commands';
import { serializeVote } from '$lib/server/votes/serialize';
import type { RequestEvent } from './$types';

/** Closes an open vote before its closing time, with a stated reason. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	return json(serializeVote(await closeVote(actorOf(locals), params.id, body)));
});
