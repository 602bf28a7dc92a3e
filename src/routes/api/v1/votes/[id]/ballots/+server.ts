import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireWriteScope } from '$lib/server/access';
import * as votes from '$lib/server/votes';
import type { RequestEvent } from './$types';

/** The ballots the caller may see: all of them after the close (or with running totals shown), otherwise their organisation's. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { vote, member } = await votes.loadVoteFor(db, actorOf(locals), params.id);
	const all = vote.status === 'closed' || (vote.status === 'open' && vote.showRunningTotals);
	const ballots = (await votes.listBallots(db, vote.id))
		.filter((b) => all || b.organisationId === member.organisationId)
		.map((b) => ({
			organisationId: b.organisationId,
			choice: b.choice,
			statement: b.statement,
			assisted: b.assistedBy !== null,
			castBy: b.castByName,
			castAt: new Date(b.updatedAt).toISOString()
		}));
	return json({ ballots });
});

/** Casts or changes an organisation's ballot: 201 when new, 200 when it replaced an earlier one. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const db = getDb();
	const actor = actorOf(locals);
	requireWriteScope(actor);
	const { member } = await votes.loadVoteFor(db, actor, params.id);
	const body = await readJson(request, votes.ballotInput);
	votes.mayCast(member, body.organisationId, body.assisted);
	if (!actor.user) error(401, { message: 'Sign in first.', code: 'unauthenticated' });
	const { created, ballot } = await votes.castBallot(db, params.id, body, actor.user.id);
	return json(
		{
			organisationId: ballot.organisationId,
			choice: ballot.choice,
			statement: ballot.statement,
			assisted: ballot.assistedBy !== null,
			castAt: new Date(ballot.updatedAt).toISOString(),
			replaced: !created
		},
		{ status: created ? 201 : 200 }
	);
});
