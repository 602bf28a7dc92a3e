import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import type { RequestEvent } from './$types';
import { actorOf, api, readJson } from '$lib/server/api';
import { listVersions, saveVersion, versionInput } from '$lib/server/documents';
import { documentForActor, serializeVersion } from '$lib/server/document-api';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const doc = await documentForActor(getDb(), actorOf(locals), params.id, 'read');
	return json({ versions: (await listVersions(getDb(), doc.id)).map(serializeVersion) });
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const doc = await documentForActor(getDb(), actorOf(locals), params.id, 'write');
	const body = await readJson(request, versionInput);
	const v = await saveVersion(getDb(), doc.id, body.name, locals.user!.id);
	return json(serializeVersion({ ...v, authorName: locals.user!.name }), { status: 201 });
});
