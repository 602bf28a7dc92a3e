import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireMember, requireRole, requireWriteScope } from '$lib/server/access';
import * as votes from '$lib/server/votes';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { workspace } = await requireMember(db, actorOf(locals), params.id);
	const list = await votes.listVotes(db, workspace.id);
	for (const v of list) if (votes.isDue(v)) await votes.catchUp(db, v.id);
	return json({ votes: (await votes.listVotes(db, workspace.id)).map(votes.serializeVote) });
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { workspace } = await requireRole(db, actor, params.id, 'facilitator');
	const body = await readJson(request, votes.voteInput);
	const vote = await votes.createVote(db, workspace.id, body, actor.user!.id);
	return json(votes.serializeVote(vote), { status: 201, headers: { location: `/api/v1/votes/${vote.id}` } });
});
