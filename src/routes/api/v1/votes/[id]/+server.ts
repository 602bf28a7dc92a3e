import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { deleteVote, updateVote } from '$lib/server/votes/commands';
import { voteFor } from '$lib/server/votes/queries';
import { serializeVote } from '$lib/server/votes/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { vote } = await voteFor(actorOf(locals), params.id);
	return json(serializeVote(vote));
});

/** Edits a vote before it opens; 409 afterwards. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	return json(serializeVote(await updateVote(actorOf(locals), params.id, body)));
});

/** Deletes a vote that has not opened. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	await deleteVote(actorOf(locals), params.id);
	return new Response(null, { status: 204 });
});
