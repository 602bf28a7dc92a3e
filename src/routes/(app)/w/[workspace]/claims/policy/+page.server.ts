import { actorOf } from '$lib/server/api';
import { formCommand, succeeded, text } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import { setApprover, setPolicy } from '$lib/server/claims/commands';
import { policyPage } from '$lib/server/claims/queries';
import { CATEGORY_ROWS, LEVEL_ROWS, policyFormValues, readPolicyForm } from '$lib/server/claims/form';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(async ({ params, locals }: PageServerLoadEvent) => {
	const p = await policyPage(actorOf(locals), params.workspace);
	return {
		maySet: p.maySet,
		approverChoices: p.approverChoices,
		versions: p.versions.map((v) => ({
			id: v.id,
			effectiveFrom: v.effectiveFrom,
			terms: v.terms,
			retentionYears: v.retentionYears,
			decisionId: v.decisionId,
			documentVersionId: v.documentVersionId,
			note: v.note,
			createdByName: v.createdByName,
			createdAt: v.createdAt
		})),
		formValues: policyFormValues(p.versions[0]),
		levelRows: LEVEL_ROWS,
		categoryRows: CATEGORY_ROWS
	};
});

export const actions: Actions = {
	approver: async ({ params, locals, request }) => {
		const data = await request.formData();
		const input = { userId: text(data, 'userId'), approves: text(data, 'approves') === 'yes' };
		const r = await formCommand(data, () => setApprover(actorOf(locals), params.workspace, input));
		return r.ok
			? succeeded(r.value.approves ? 'They now approve claims.' : 'They no longer approve claims.', data)
			: r.failure;
	},
	policy: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			setPolicy(actorOf(locals), params.workspace, readPolicyForm(data))
		);
		return r.ok ? { success: `The policy in force from ${r.value.effectiveFrom} was recorded.` } : r.failure;
	}
};
