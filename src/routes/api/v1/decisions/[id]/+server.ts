import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { readAccess, registerHeaders } from '$lib/server/register-public';
import * as decisions from '$lib/server/decisions';
import * as actions from '$lib/server/actions';
import * as register from '$lib/server/register';
import type { RequestEvent } from './$types';

/** One decision: its row, the full record as published in the register entry, dissents and actions. */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const d = await decisions.findDecision(db, params.id);
	if (!d) error(404, { message: 'Not found', code: 'not_found' });
	const access = await readAccess(db, actorOf(locals), d.workspaceId);
	const entry = await register.getEntry(db, d.workspaceId, d.registerSeq);
	return json(
		{
			...decisions.serializeDecision(d),
			record: entry?.payload ?? null,
			entry: entry ? { seq: entry.seq, at: entry.at, hash: entry.hash, prev: entry.prev } : null,
			dissents: (await decisions.listDissents(db, d.id)).map((x) => ({
				id: x.id,
				organisation: { id: x.organisationId, name: x.organisationName },
				statement: x.statement,
				registerSeq: x.registerSeq,
				createdAt: new Date(x.createdAt).toISOString()
			})),
			actions: (
				await actions.listActions(db, d.workspaceId, access.workspace.timeZone, { decisionId: d.id })
			).map(actions.serializeAction)
		},
		{ headers: registerHeaders(access) }
	);
});
