import { z } from 'zod';
import { BODY_ERRORS, list, type Fragment } from './index.ts';
import * as s from '../claims/schemas.ts';

export const tag = 'claims';

const claimAction = (summary: string, body: z.ZodType | undefined, errors = [...BODY_ERRORS, 409]) => ({
	post: {
		summary,
		...(body ? { body } : {}),
		responses: { 200: ['The claim as it now is', s.claimJson] as [string, z.ZodType] },
		errors
	}
});

export const paths = {
	'/workspaces/{id}/payment-policy': {
		get: {
			summary: 'The payment policy’s versions, latest first (members)',
			responses: { 200: ['Versions', list('versions', s.policyJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary:
				'Record a new version of the payment policy from a day (facilitators); amounts in integer pence',
			body: s.policyInput,
			responses: { 201: ['Recorded', s.policyJson] },
			errors: BODY_ERRORS
		}
	},
	'/workspaces/{id}/claim-approvers': {
		put: {
			summary: 'Give a member "approves claims", or take it away (facilitators)',
			body: s.approverInput,
			responses: {
				200: ['Done', z.strictObject({ userId: z.string(), approves: z.boolean() })]
			},
			errors: BODY_ERRORS
		}
	},
	'/workspaces/{id}/claims': {
		get: {
			summary:
				'The claims you may see: your own and your organisation’s; every submitted claim for approvers',
			responses: { 200: ['Claims', list('claims', s.claimJson)] },
			errors: [401, 404]
		}
	},
	'/workspaces/{id}/claim-batches': {
		get: {
			summary: 'The export batches (approvers)',
			responses: { 200: ['Batches', list('batches', s.batchJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary: 'Export the approved claims not yet exported as the next numbered batch (approvers)',
			responses: { 201: ['The batch', s.batchJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/workspaces/{id}/claim-batches/{number}': {
		get: {
			summary: 'A batch as CSV (text/csv), for payroll or finance (approvers)',
			responses: { 200: ['The CSV file'] },
			errors: [401, 403, 404]
		}
	},
	'/workspaces/{id}/claim-figures': {
		get: {
			summary:
				'Per quarter of payment: totals, count, share paid on time, median days to pay; fewer than 5 claims suppressed',
			responses: { 200: ['Figures', s.figuresJson] },
			errors: [401, 404]
		}
	},
	'/claims/{id}': {
		get: {
			summary: 'Read a claim (its claimant, approvers, site administrators)',
			responses: { 200: ['The claim', s.claimJson] },
			errors: [401, 404]
		}
	},
	'/claims/{id}/take': claimAction(
		'Take all, less or none of the involvement payment (the claimant)',
		s.takeInput
	),
	'/claims/{id}/expenses': claimAction(
		'Add an expense without a receipt (the claimant); receipts are uploaded on the claim’s page',
		s.expenseInput
	),
	'/claims/{id}/submit': claimAction(
		'Submit a draft, having read the benefits notice (the claimant)',
		s.submitInput
	),
	'/claims/{id}/answer': claimAction('Answer an approver’s query (the claimant)', s.answerInput),
	'/claims/{id}/approve': claimAction(
		'Approve a submitted claim (approvers; not your own)',
		undefined,
		[401, 403, 404, 409]
	),
	'/claims/{id}/query': claimAction('Ask the claimant a question (approvers)', s.queryInput),
	'/claims/{id}/reject': claimAction('Reject with a reason (approvers)', s.rejectInput),
	'/claims/{id}/paid': claimAction('Mark an approved claim paid: date and reference (approvers)', s.paidInput)
} satisfies Fragment['paths'];
