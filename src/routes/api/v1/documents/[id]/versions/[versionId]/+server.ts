import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import type { RequestEvent } from './$types';
import { actorOf, api } from '$lib/server/api';
import { serializeVersion, versionForActor } from '$lib/server/document-api';

/** Members read any version; in a public workspace anyone reads an adopted one. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const { version: v } = await versionForActor(getDb(), actorOf(locals), params.id, params.versionId);
	return json({ ...serializeVersion(v), html: v.html, text: v.text });
});
