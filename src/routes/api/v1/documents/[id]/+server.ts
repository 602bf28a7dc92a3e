import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { currentContent } from '$lib/server/documents/content';
import { currentFile } from '$lib/server/documents/export/download';
import { renameDocument } from '$lib/server/documents/commands';
import { documentFor } from '$lib/server/documents/queries';
import { documentFlag, documentFormat, documentPatch } from '$lib/server/documents/schemas';
import { serializeDocument } from '$lib/server/documents/serialize';
import { escapeHtml } from '$lib/domain/content';

export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const actor = actorOf(locals);
	const { document: doc } = await documentFor(actor, params.id);
	const f = parseWith(documentFormat, url.searchParams.get('format') ?? 'json');
	if (f === 'docx' || f === 'pdf') {
		const flag = (name: string) => parseWith(documentFlag, url.searchParams.get(name) ?? 'false') === 'true';
		return await currentFile(actor, doc.id, f, {
			comments: flag('comments'),
			suggestions: flag('suggestions')
		});
	}
	const content = await currentContent(doc.id);
	const filename = doc.title.replace(/[^\w -]+/g, '').trim() || 'document';
	if (f === 'md')
		return new Response(content.markdown, {
			headers: {
				'content-type': 'text/markdown; charset=utf-8',
				'content-disposition': `inline; filename="${filename}.md"`
			}
		});
	if (f === 'html')
		return new Response(
			`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title></head><body>${content.html}</body></html>`,
			{
				// The Content-Security-Policy that lets nothing run is added by the server hook.
				headers: { 'content-type': 'text/html; charset=utf-8' }
			}
		);
	return json({
		...serializeDocument(doc),
		content: { html: content.html, text: content.text, markdown: content.markdown, hash: content.hash }
	});
});

export const PATCH = api<RequestEvent>(async ({ locals, params, request }) => {
	const actor = actorOf(locals);
	await documentFor(actor, params.id, 'document.edit');
	const patch = await readJson(request, documentPatch);
	return json(serializeDocument(await renameDocument(actor, params.id, patch)));
});
