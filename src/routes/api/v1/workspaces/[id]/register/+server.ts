import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api, parseWith } from '$lib/server/api';
import { readAccess, registerHeaders } from '$lib/server/register/queries';
import * as register from '$lib/server/register/repository';
import { getHead, headText } from '$lib/server/register/chain';
import { entriesQuery } from '$lib/server/register/schemas';
import type { RequestEvent } from './$types';

/** Register entries in order (`after` a seq, at most `limit`), with the current head. */
export const GET = api<RequestEvent>(async ({ locals, params, url }) => {
	const db = getDb();
	const access = await readAccess(actorOf(locals), params.id);
	const q = parseWith(entriesQuery, Object.fromEntries(url.searchParams));
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
