import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { requireWriteScope } from '$lib/server/access';
import * as votes from '$lib/server/votes';
import type { RequestEvent } from './$types';

/** Opens a vote now, before its scheduled opening time: the electorate, weights and rule are frozen. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { member, vote } = await votes.loadVoteFor(db, actor, params.id);
	if (member.role !== 'facilitator')
		error(403, { message: 'Only facilitators can open a vote.', code: 'forbidden' });
	if (vote.status !== 'draft') error(409, { message: 'This vote has already opened.', code: 'conflict' });
	return json(votes.serializeVote(await votes.openVote(db, params.id, Date.now(), true)));
});
