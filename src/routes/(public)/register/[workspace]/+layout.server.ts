import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { readAccess, registerHeaders } from '$lib/server/register/queries';
import * as jobs from '$lib/server/register/jobs';
import type { LayoutServerLoad, LayoutServerLoadEvent } from './$types';

/** Every register page shows the chain head and how many entries verified (recomputed when the head moves). */
export const load: LayoutServerLoad = page(async ({ locals, params, setHeaders }: LayoutServerLoadEvent) => {
	const db = getDb();
	const access = await readAccess(actorOf(locals), params.workspace);
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
});
