import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireWriteScope } from '$lib/server/access';
import * as votes from '$lib/server/votes';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { vote } = await votes.loadVoteFor(getDb(), actorOf(locals), params.id);
	return json(votes.serializeVote(vote));
});

/** Edits a vote before it opens; 409 afterwards. */
export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { member } = await votes.loadVoteFor(db, actor, params.id);
	if (member.role !== 'facilitator')
		error(403, { message: 'Only facilitators can edit a vote.', code: 'forbidden' });
	const body = await readJson(request, votes.votePatch);
	return json(votes.serializeVote(await votes.updateVote(db, params.id, body)));
});

/** Deletes a vote that has not opened. */
export const DELETE = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { member } = await votes.loadVoteFor(db, actor, params.id);
	if (member.role !== 'facilitator')
		error(403, { message: 'Only facilitators can delete a vote.', code: 'forbidden' });
	await votes.deleteDraft(db, params.id);
	return new Response(null, { status: 204 });
});
