import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, readJson } from '$lib/server/api';
import { addDocument } from '$lib/server/documents/commands';
import { documentsOf } from '$lib/server/documents/queries';
import { documentInput } from '$lib/server/documents/schemas';
import { serializeDocument } from '$lib/server/documents/serialize';
import { authorize } from '$lib/server/policy/index';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { documents } = await documentsOf(actorOf(locals), params.id);
	return json({ documents: documents.map(serializeDocument) });
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	// Refuse before reading the body, as the form does.
	const { member } = await documentsOf(actor, params.id);
	authorize(actor, 'document.create', member, { status: 'drafting' });
	const body = await readJson(request, documentInput);
	const { document } = await addDocument(actor, params.id, body);
	return json(serializeDocument(document), { status: 201 });
});
