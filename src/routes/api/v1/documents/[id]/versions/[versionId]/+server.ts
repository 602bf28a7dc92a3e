import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { actorOf, api } from '$lib/server/api';
import { versionFor } from '$lib/server/documents/queries';
import { serializeVersion } from '$lib/server/documents/serialize';

/** Members read any version; in a public workspace anyone reads an adopted one. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { version: v } = await versionFor(actorOf(locals), params.id, params.versionId);
	return json({ ...serializeVersion(v), html: v.html, text: v.text });
});
