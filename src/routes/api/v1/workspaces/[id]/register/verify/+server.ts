import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, api } from '$lib/server/api';
import { readAccess, registerHeaders } from '$lib/server/register/queries';
import * as jobs from '$lib/server/register/jobs';
import type { RequestEvent } from './$types';

/**
 * Recomputes the whole chain, every vote tally and every personal-data digest, off the main thread, and
 * names the first entry that fails. Rate-limited per address.
 */
export const GET = api<RequestEvent>(async ({ locals, params }) => {
	const db = getDb();
	const access = await readAccess(actorOf(locals), params.id);
	await jobs.rateLimit(locals.ip);
	const report = await jobs.verifyNow(db, access.workspace.id);
	return json(
		{
			ok: report.ok,
			entries: report.count,
			head: report.headText,
			tallies: report.tallies,
			personal: report.personal,
			failure: report.failure
				? { seq: report.failure.seq, reason: report.failure.reason, message: report.failure.message }
				: null
		},
		{ headers: registerHeaders(access) }
	);
});
