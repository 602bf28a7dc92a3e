import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import type { RequestEvent } from './$types';
import { actorOf, api, parseWith, readJson } from '$lib/server/api';
import { currentContent, documentPatch, updateDocument } from '$lib/server/documents';
import { documentForActor, serializeDocument } from '$lib/server/document-api';
import { escapeHtml } from '$lib/domain/content';

const format = z.enum(['json', 'md', 'html'], { error: 'format: use json, md or html.' });

export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const doc = await documentForActor(getDb(), actorOf(locals), params.id, 'read');
	const f = parseWith(format, url.searchParams.get('format') ?? 'json');
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
	const doc = await documentForActor(getDb(), actorOf(locals), params.id, 'write');
	const patch = await readJson(request, documentPatch);
	return json(serializeDocument(await updateDocument(getDb(), doc.id, patch)));
});
