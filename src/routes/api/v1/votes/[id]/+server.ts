import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireWriteScope } from '$lib/server/access';
import * as votes from '$lib/server/votes';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(({ locals, params }) => {
	const { vote } = votes.loadVoteFor(getDb(), actorOf(locals), params.id);
	return json(votes.serializeVote(vote));
});

/** Edits a vote before it opens; 409 afterwards. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { member } = votes.loadVoteFor(db, actor, params.id);
	if (member.role !== 'facilitator')
		error(403, { message: 'Only facilitators can edit a vote.', code: 'forbidden' });
	const body = await readJson(request, votes.votePatch);
	return json(votes.serializeVote(votes.updateVote(db, params.id, body)));
});

/** Deletes a vote that has not opened. */
export const DELETE = api<RequestEvent>(({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { member } = votes.loadVoteFor(db, actor, params.id);
	if (member.role !== 'facilitator')
		error(403, { message: 'Only facilitators can delete a vote.', code: 'forbidden' });
	votes.deleteDraft(db, params.id);
	return new Response(null, { status: 204 });
});
