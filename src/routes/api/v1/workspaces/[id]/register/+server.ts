import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith } from '$lib/server/api';
import { readAccess, registerHeaders } from '$lib/server/register/queries';
import * as register from '$lib/server/register/repository';
import { getHead, headText } from '$lib/server/register/chain';
import type { RequestEvent } from './$types';

const query = z.object({
	after: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(1000).default(100)
});

/** Register entries in order (`after` a seq, at most `limit`), with the current head. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const access = await readAccess(actorOf(locals), params.id);
	const q = parseWith(query, Object.fromEntries(url.searchParams));
	const entries = await register.listEntries(db, access.workspace.id, q);
	const head = await getHead(db, access.workspace.id);
	return json(
		{
			workspace: access.workspace.id,
			head: headText(head),
			entries,
			next: entries.length === q.limit ? entries.at(-1)!.seq : null
		},
		{ headers: registerHeaders(access) }
	);
});
