import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith } from '$lib/server/api';
import { readAccess, registerHeaders } from '$lib/server/register-public';
import * as register from '$lib/server/register';
import type { RequestEvent } from './$types';

const query = z.object({
	after: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(1000).default(100)
});

/** Register entries in order (`after` a seq, at most `limit`), with the current head. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const access = await readAccess(db, actorOf(locals), params.id);
	const q = parseWith(query, Object.fromEntries(url.searchParams));
	const entries = await register.listEntries(db, access.workspace.id, q);
	const head = await register.getHead(db, access.workspace.id);
	return json(
		{
			workspace: access.workspace.id,
			head: register.headText(head),
			entries,
			next: entries.length === q.limit ? entries.at(-1)!.seq : null
		},
		{ headers: registerHeaders(access) }
	);
});
