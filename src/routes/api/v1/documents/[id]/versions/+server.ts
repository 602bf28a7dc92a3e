import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, readJson } from '$lib/server/api';
import { nameVersion } from '$lib/server/documents/commands';
import { documentFor, versionsOf } from '$lib/server/documents/queries';
import { versionInput } from '$lib/server/documents/schemas';
import { serializeVersion } from '$lib/server/documents/serialize';

export const GET = api<RequestEvent>(async ({ locals, params }) =>
	json({ versions: (await versionsOf(actorOf(locals), params.id)).map(serializeVersion) })
);

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await documentFor(actor, params.id, 'document.nameVersion');
	const body = await readJson(request, versionInput);
	return json(serializeVersion(await nameVersion(actor, params.id, body)), { status: 201 });
});
