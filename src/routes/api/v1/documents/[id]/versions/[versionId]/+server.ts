import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import type { RequestEvent } from './$types';
import { actorOf, api } from '$lib/server/api';
import { getVersion } from '$lib/server/documents';
import { documentForActor, serializeVersion } from '$lib/server/document-api';

export const GET = api<RequestEvent>(({ locals, params }) => {
	const doc = documentForActor(getDb(), actorOf(locals), params.id, 'read');
	const v = getVersion(getDb(), doc.id, params.versionId);
	if (!v) error(404, { message: 'Not found', code: 'not_found' });
	return json({ ...serializeVersion(v), html: v.html, text: v.text });
});
