import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireWriteScope } from '$lib/server/access';
import * as votes from '$lib/server/votes';
import type { RequestEvent } from './$types';

/** Closes an open vote before its closing time, with a stated reason. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { member } = await votes.loadVoteFor(db, actor, params.id);
	if (member.role !== 'facilitator')
		error(403, { message: 'Only facilitators can close a vote.', code: 'forbidden' });
	const body = await readJson(request, votes.closeInput);
	return json(votes.serializeVote(await votes.closeVoteEarly(db, params.id, body.reason, actor.user!.id)));
});
