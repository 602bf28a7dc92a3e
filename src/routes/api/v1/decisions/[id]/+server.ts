import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { registerHeaders } from '$lib/server/register/queries';
import { getEntry } from '$lib/server/register/repository';
import * as decisions from '$lib/server/decisions/queries';
import { serializeAction, serializeDecision } from '$lib/server/decisions/serialize';
import type { RequestEvent } from './$types';
import { isoUtc } from '$lib/domain/time';

/** One decision: its row, the full record as published in the register entry, dissents and actions. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const { decision: d, ...access } = await decisions.readDecision(actorOf(locals), params.id);
	const entry = await getEntry(db, d.workspaceId, d.registerSeq);
	return json(
		{
			...serializeDecision(d),
			record: entry?.payload ?? null,
			entry: entry ? { seq: entry.seq, at: entry.at, hash: entry.hash, prev: entry.prev } : null,
			dissents: (await decisions.listDissents(db, d.id)).map((x) => ({
				id: x.id,
				organisation: { id: x.organisationId, name: x.organisationName },
				statement: x.statement,
				registerSeq: x.registerSeq,
				createdAt: isoUtc(x.createdAt)
			})),
			actions: (
				await decisions.listActions(db, d.workspaceId, access.workspace.timeZone, { decisionId: d.id })
			).map(serializeAction)
		},
		{ headers: registerHeaders(access) }
	);
});
