import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import type { RequestEvent } from './$types';
import { actorOf, api, readJson } from '$lib/server/api';
import { requireMember, requireRole, requireWriteScope } from '$lib/server/access';
import { createDocument, documentInput, listDocuments } from '$lib/server/documents';
import { serializeDocument } from '$lib/server/document-api';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const actor = actorOf(locals);
	const { workspace } = await requireMember(getDb(), actor, params.id);
	return json({ documents: (await listDocuments(getDb(), workspace.id)).map(serializeDocument) });
});

export const POST = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	const { workspace } = await requireRole(getDb(), actor, params.id, 'editor');
	requireWriteScope(actor);
	const body = await readJson(request, documentInput);
	if (!locals.user) error(401, { message: 'Sign in first.', code: 'unauthenticated' });
	const doc = await createDocument(getDb(), workspace.id, body, locals.user.id);
	return json(serializeDocument(doc), { status: 201 });
});
