import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/api';
import { page } from '$lib/server/http/errors';
import { requireSiteAdmin } from '$lib/server/workspaces/access';
import { mergeOrganisations, verifyOrganisation } from '$lib/server/organisations/commands';
import { listOrganisations, listUnverified } from '$lib/server/organisations/queries';
import { formCommand, formFailure, text } from '$lib/server/forms';
import type { Actions, PageServerLoadEvent } from './$types';

/** Administrators: verify organisations for the directory and merge duplicates. */
export const load = page(async ({ locals, url }: PageServerLoadEvent) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	requireSiteAdmin(actorOf(locals));
	const db = getDb();
	return {
		unverified: await listUnverified(db, actorOf(locals)),
		all: (await listOrganisations(db, actorOf(locals))).map((o) => ({
			id: o.id,
			name: o.name,
			sector: o.sector,
			verified: o.verified
		}))
	};
});

export const actions: Actions = {
	verify: async ({ locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(
			data,
			async () => await verifyOrganisation(getDb(), actorOf(locals), text(data, 'id'))
		);
		return r.ok ? { success: `${r.value.name} is verified and in the directory.` } : r.failure;
	},
	merge: async ({ locals, request }) => {
		const data = await request.formData();
		const from = text(data, 'from');
		const into = text(data, 'into');
		if (!from || !into)
			return formFailure(400, 'Choose the duplicate and the organisation to keep.', data, {
				...(from ? {} : { from: 'Choose the duplicate.' }),
				...(into ? {} : { into: 'Choose the organisation to keep.' })
			});
		const r = await formCommand(
			data,
			async () => await mergeOrganisations(getDb(), actorOf(locals), from, into)
		);
		return r.ok ? { success: `Merged into ${r.value.name}.` } : r.failure;
	}
};
