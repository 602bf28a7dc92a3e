import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, api, readJson } from '$lib/server/api';
import { respond } from '$lib/server/consultations/commands';
import { contributionsOf } from '$lib/server/consultations/queries';
import type { ContributionsJson, ResponseJson } from '$lib/server/consultations/schemas';
import { serializeContribution } from '$lib/server/consultations/serialize';
import type { RequestEvent } from './$types';

/** Every contribution (answers, comments, suggestions) with the organisation and sector behind it. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { responded, contributions } = await contributionsOf(actorOf(locals), params.id);
	const answer: ContributionsJson = { responded, contributions: contributions.map(serializeContribution) };
	return json(answer);
});

/** Answers the questions (one answer per question, in order); answering again replaces one's answers. */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, z.unknown());
	const r = await respond(actorOf(locals), params.id, body);
	const answer: ResponseJson = { id: r.id, replaced: r.replaced };
	return json(answer, { status: r.replaced ? 200 : 201 });
});
