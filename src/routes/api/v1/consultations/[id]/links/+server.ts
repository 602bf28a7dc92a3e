import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { createLink } from '$lib/server/consultations/commands';
import { linksOf } from '$lib/server/consultations/queries';
import type { LinkJson, NewLinkJson } from '$lib/server/consultations/schemas';
import { serializeLink } from '$lib/server/consultations/serialize';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const links: LinkJson[] = (await linksOf(actorOf(locals), params.id)).map(serializeLink);
	return json({ links });
});

/** A new public link; its secret is shown once. */
export const POST = api<RequestEvent>(async ({ locals, params }) => {
	const answer: NewLinkJson = { url: `/consult/${await createLink(actorOf(locals), params.id)}` };
	return json(answer, { status: 201 });
});
