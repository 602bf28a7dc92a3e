import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { createVote } from '$lib/server/votes/commands';
import { workspaceVotes } from '$lib/server/votes/queries';
import { serializeVote } from '$lib/server/votes/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { votes } = await workspaceVotes(actorOf(locals), params.id);
	return json({ votes: votes.map(serializeVote) });
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	const { vote } = await createVote(actorOf(locals), params.id, body);
	return json(serializeVote(vote), { status: 201, headers: { location: `/api/v1/votes/${vote.id}` } });
});
