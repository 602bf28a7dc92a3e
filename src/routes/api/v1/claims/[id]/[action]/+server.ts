import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import * as claims from '$lib/server/claims/commands';
import { readClaim } from '$lib/server/claims/queries';
import type { Actor } from '$lib/server/policy';
import type { RequestEvent } from './$types';

type Run = (actor: Actor, id: string, body: unknown) => Promise<unknown>;

/** What each action of a claim does; the body is the command's input. */
const ACTIONS: Record<string, Run> = {
	take: (a, id, b) => claims.setTake(a, id, b),
	expenses: (a, id, b) => claims.addExpense(a, id, b, null),
	submit: (a, id, b) => claims.submitClaim(a, id, b),
	answer: (a, id, b) => claims.answerQuery(a, id, b),
	approve: (a, id) => claims.approveClaim(a, id),
	query: (a, id, b) => claims.queryClaim(a, id, b),
	reject: (a, id, b) => claims.rejectClaim(a, id, b),
	paid: (a, id, b) => claims.markPaid(a, id, b)
};

/** Acts on a claim; answers it as it now is. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const run = Object.hasOwn(ACTIONS, params.action) ? ACTIONS[params.action] : undefined;
	if (!run) error(404, { message: 'Not found', code: 'not_found' });
	const body = params.action === 'approve' ? {} : await readJson(request, z.unknown());
	await run(actorOf(locals), params.id, body);
	return json(await readClaim(actorOf(locals), params.id));
});
