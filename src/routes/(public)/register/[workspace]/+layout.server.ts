import { getDb } from '$lib/server/db';
import { readAccess, registerHeaders } from '$lib/server/register-public';
import * as jobs from '$lib/server/register-jobs';
import type { LayoutServerLoad } from './$types';

/** Every register page shows the chain head and how many entries verified (recomputed when the head moves). */
export const load: LayoutServerLoad = async ({ locals, params, setHeaders }) => {
	const db = getDb();
	const access = await readAccess(db, { user: locals.user, token: null }, params.workspace);
	setHeaders(registerHeaders(access));
	const report = await jobs.verified(db, access.workspace.id);
	const w = access.workspace;
	return {
		register: {
			id: w.id,
			slug: w.slug,
			name: w.name,
			description: w.description,
			visibility: w.visibility,
			timeZone: w.timeZone
		},
		member: access.member,
		chain: {
			head: report.headText,
			ok: report.ok,
			count: report.count,
			tallies: report.tallies,
			failure: report.failure?.message ?? null
		}
	};
};
