import { redirect } from '@sveltejs/kit';
import { actorOf } from '$lib/server/api';
import { checkbox, formCommand, formFailure, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { claimsPage } from '$lib/server/claims/queries';
import { exportBatch } from '$lib/server/claims/batches';
import { eraseClaimant } from '$lib/server/claims/retention';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals, url }: PageServerLoadEvent) => {
	const p = await claimsPage(actorOf(locals), params.workspace);
	const show = url.searchParams.get('show') === 'overdue' ? 'overdue' : 'all';
	return {
		approver: p.approver,
		statements: p.statements,
		erasable: p.erasable,
		mayExport: p.mayExport,
		maySetPolicy: p.maySetPolicy,
		show,
		mine: p.claims.filter((c) => c.own),
		others: p.claims.filter((c) => !c.own && (show === 'all' || c.overdue)),
		toExport: p.claims.filter((c) => ['approved', 'paid'].includes(c.status) && c.batch === null).length
	};
});

export const actions: Actions = {
	erase: async ({ params, locals, request }) => {
		const data = await request.formData();
		if (!checkbox(data, 'confirm'))
			return formFailure(400, 'Tick the box to confirm the erasure.', data, {
				confirm: 'Tick the box to confirm.'
			});
		const r = await formCommand(data, () =>
			eraseClaimant(actorOf(locals), params.workspace, text(data, 'userId'))
		);
		return r.ok
			? {
					success: `Erased the personal data of ${r.value.erased === 1 ? '1 claim' : `${r.value.erased} claims`}.`
				}
			: r.failure;
	},
	export: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () => exportBatch(actorOf(locals), params.workspace));
		if (!r.ok) return r.failure;
		redirect(303, `/w/${params.workspace}/claims/batches?exported=${r.value.number}`);
	}
};
