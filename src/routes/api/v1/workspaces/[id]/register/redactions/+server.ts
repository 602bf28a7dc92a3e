import { json } from '@sveltejs/kit';
import { actorOf, api, readJson } from '$lib/server/api';
import { peopleNamed } from '$lib/server/register/queries';
import { redactionInput } from '$lib/server/register/schemas';
import { redactPerson } from '$lib/server/register/commands';
import type { RequestEvent } from './$types';

/** The people the register holds details about (administrators). */
export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json({ people: (await peopleNamed(actorOf(locals), params.id)).people })
);

/** Removes one person's details from the register and appends a personal.redacted entry (administrators). */
export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const body = await readJson(request, redactionInput);
	const { entry, removed } = await redactPerson(actorOf(locals), params.id, body);
	return json({ seq: entry.seq, hash: entry.hash, removed }, { status: 201 });
});
