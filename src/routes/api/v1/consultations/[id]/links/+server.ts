import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { createLink } from '$lib/server/consultations/commands';
import { linksOf } from '$lib/server/consultations/queries';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json({ links: await linksOf(actorOf(locals), params.id) })
);

/** A new public link; its secret is shown once. */
export const POST = api<RequestEvent>(async ({ locals, params }) =>
	json({ url: `/consult/${await createLink(actorOf(locals), params.id)}` }, { status: 201 })
);
