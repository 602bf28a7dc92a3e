import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { tallyView } from '$lib/server/votes/queries';
import type { RequestEvent } from './$types';

/**
 * The tally: after the close, the frozen electorate with weights, the ballots, the rule and every figure
 * (fractions and display values). While open, the running figures only if the vote shows them, otherwise
 * the turnout per chamber.
 */
export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json(await tallyView(actorOf(locals), params.id))
);
