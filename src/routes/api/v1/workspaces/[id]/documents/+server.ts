import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, readBody, readJson } from '$lib/server/api';
import { addDocument, importDocument } from '$lib/server/documents/commands';
import { documentsOf } from '$lib/server/documents/queries';
import { documentInput } from '$lib/server/documents/schemas';
import { serializeDocument } from '$lib/server/documents/serialize';
import { DOCX_TYPE } from '$lib/server/documents/word/import';
import { MAX_WORD_FILE } from '$lib/server/documents/word/guard';
import { authorize } from '$lib/server/policy/index';

export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { documents } = await documentsOf(actorOf(locals), params.id);
	return json({ documents: documents.map(serializeDocument) });
});

/** A JSON body creates a document from a template or blank; a Word file (.docx) body imports it. */
export const POST = api<RequestEvent>(async ({ locals, params, request, url }) => {
	const actor = actorOf(locals);
	// Refuse before reading the body, as the form does.
	const { member } = await documentsOf(actor, params.id);
	authorize(actor, 'document.create', member, { status: 'drafting' });
	const type = (request.headers.get('content-type') ?? '').toLowerCase();
	if (type.startsWith(DOCX_TYPE)) {
		const file = await readBody(
			request,
			MAX_WORD_FILE,
			'The file is larger than 10 MB. Save a copy without large images and try again.'
		);
		const input: Record<string, string> = {};
		for (const key of ['title', 'kind']) {
			const v = url.searchParams.get(key);
			if (v !== null) input[key] = v;
		}
		const { document, report } = await importDocument(actor, params.id, input, file);
		return json({ ...serializeDocument(document), import: report }, { status: 201 });
	}
	const body = await readJson(request, documentInput);
	const { document } = await addDocument(actor, params.id, body);
	return json(serializeDocument(document), { status: 201 });
});
