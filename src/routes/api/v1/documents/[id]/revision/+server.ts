import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import type { RequestEvent } from './$types';
import { actorOf, api } from '$lib/server/api';
import { startRevision } from '$lib/server/decisions/adoption';
import { serializeDocument } from '$lib/server/documents/serialize';

/** A facilitator starts a revision of a decided document: it becomes `under_review` and editable again. */
export const POST = api<RequestEvent>(async ({ locals, params }) =>
	json(serializeDocument(await startRevision(getDb(), actorOf(locals), params.id)))
);
