import { actorOf } from '$lib/server/api';
import { formCommand, succeeded, text, checkbox } from '$lib/server/forms';
import { page } from '$lib/server/http/errors';
import * as claims from '$lib/server/claims/commands';
import { claimPage } from '$lib/server/claims/queries';
import { readExpenseForm, readReceipt, readTakeForm } from '$lib/server/claims/form';
import type { Actions, PageServerLoadEvent } from './$types';

export const load = page(
	async ({ params, locals }: PageServerLoadEvent) =>
		await claimPage(actorOf(locals), params.claim, params.workspace)
);

export const actions: Actions = {
	take: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			claims.setTake(actorOf(locals), params.claim, readTakeForm(data), params.workspace)
		);
		return r.ok ? succeeded('Your choice was saved.', data) : r.failure;
	},
	addExpense: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, async () =>
			claims.addExpense(
				actorOf(locals),
				params.claim,
				readExpenseForm(data),
				await readReceipt(data),
				params.workspace
			)
		);
		return r.ok ? succeeded('The expense was added.', data) : r.failure;
	},
	removeExpense: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			claims.removeExpense(actorOf(locals), params.claim, text(data, 'id'), params.workspace)
		);
		return r.ok ? succeeded('The expense was removed.', data) : r.failure;
	},
	submit: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			claims.submitClaim(
				actorOf(locals),
				params.claim,
				checkbox(data, 'noticeRead') ? { noticeRead: true } : {},
				params.workspace
			)
		);
		return r.ok ? { success: 'Your claim was submitted.' } : r.failure;
	},
	answer: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			claims.answerQuery(actorOf(locals), params.claim, { answer: text(data, 'answer') }, params.workspace)
		);
		return r.ok ? { success: 'Your answer was sent; the claim is back with the approvers.' } : r.failure;
	},
	approve: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			claims.approveClaim(actorOf(locals), params.claim, params.workspace)
		);
		return r.ok ? { success: 'The claim was approved.' } : r.failure;
	},
	query: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			claims.queryClaim(actorOf(locals), params.claim, { question: text(data, 'question') }, params.workspace)
		);
		return r.ok ? { success: 'Your question was sent to the claimant.' } : r.failure;
	},
	reject: async ({ params, locals, request }) => {
		const data = await request.formData();
		const r = await formCommand(data, () =>
			claims.rejectClaim(actorOf(locals), params.claim, { reason: text(data, 'reason') }, params.workspace)
		);
		return r.ok ? { success: 'The claim was rejected.' } : r.failure;
	},
	paid: async ({ params, locals, request }) => {
		const data = await request.formData();
		const input = { paidOn: text(data, 'paidOn'), reference: text(data, 'reference') };
		const r = await formCommand(data, () =>
			claims.markPaid(actorOf(locals), params.claim, input, params.workspace)
		);
		return r.ok ? { success: 'The claim was marked paid.' } : r.failure;
	}
};
