import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import * as votes from '$lib/server/votes';
import type { RequestEvent } from './$types';

/**
 * The tally: after the close, the frozen electorate with weights, the ballots, the rule and every figure
 * (fractions and display values). While open, the running figures only if the vote shows them, otherwise
 * the turnout per chamber.
 */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { vote } = await votes.loadVoteFor(db, actorOf(locals), params.id);
	if (vote.status === 'closed') {
		const snap = await votes.getClosedVoteSnapshot(db, vote.id);
		return json({
			status: vote.status,
			final: true,
			vote: votes.serializeVote(vote),
			electorate: snap.electorate,
			ballots: snap.ballots.map((b) => ({
				organisationId: b.organisationId,
				organisationName: b.organisationName,
				choice: b.choice,
				statement: b.statement,
				assisted: b.assisted,
				castAt: new Date(b.castAt).toISOString()
			})),
			rule: snap.rule,
			result: snap.result,
			turnout: (await votes.visibleTally(db, vote)).turnout
		});
	}
	const view = await votes.visibleTally(db, vote);
	return json({
		status: vote.status,
		final: false,
		vote: votes.serializeVote(vote),
		electorate: vote.electorate,
		rule: vote.rule,
		result: view.result,
		turnout: view.turnout
	});
});
