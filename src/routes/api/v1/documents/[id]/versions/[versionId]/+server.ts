import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api, parseWith } from '$lib/server/api';
import { versionFile } from '$lib/server/documents/export/download';
import { versionFormat } from '$lib/server/documents/schemas';
import { versionFor } from '$lib/server/documents/queries';
import { serializeVersion } from '$lib/server/documents/serialize';

/** Members read any version; in a public workspace anyone reads an adopted one (also as Word or PDF). */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const actor = actorOf(locals);
	const { version: v } = await versionFor(actor, params.id, params.versionId);
	const f = parseWith(versionFormat, url.searchParams.get('format') ?? 'json');
	if (f !== 'json') return await versionFile(actor, params.id, v.id, f);
	return json({ ...serializeVersion(v), html: v.html, text: v.text });
});
