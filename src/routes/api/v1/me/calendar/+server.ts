import { json } from '@sveltejs/kit';
import { actorOf, api } from '$lib/server/api';
import { feedState, renewFeed, stopFeed } from '$lib/server/meetings/feed';
import type { RequestEvent } from './$types';

export const GET = api<RequestEvent>(async ({ locals }) => {
	const { on } = await feedState(actorOf(locals));
	return json({ on });
});

/** Makes a new feed address (the earlier one stops working); its secret is shown this once. */
export const POST = api<RequestEvent>(async ({ locals, url }) => {
	const path = await renewFeed(actorOf(locals));
	return json({ url: url.origin + path }, { status: 201 });
});

/** Turns the feed off. */
export const DELETE = api<RequestEvent>(async ({ locals }) => {
	await stopFeed(actorOf(locals));
	return new Response(null, { status: 204 });
});
