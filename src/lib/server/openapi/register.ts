import { list, type Fragment } from './index.ts';
import * as decisions from '../decisions/schemas.ts';
import * as register from '../register/schemas.ts';

const publicNote =
	'Public workspaces: anyone may read (with `Access-Control-Allow-Origin: *`). Private workspaces: members only, 404 otherwise.';

export const tag = 'register';

export const paths = {
	'/workspaces/{id}/decisions': {
		get: {
			summary: 'List published decisions (newest first)',
			description: publicNote,
			query: decisions.decisionFilters.shape,
			responses: { 200: ['Decisions', list('decisions', decisions.decisionJson)] },
			errors: [404, 422]
		},
		post: {
			summary: 'Publish a decision record (facilitators)',
			body: decisions.publishInput,
			responses: { 201: ['Published and appended to the register', decisions.decisionJson] },
			errors: [401, 403, 404, 409, 415, 422]
		}
	},
	'/decisions/{id}': {
		get: {
			summary: 'One decision with its full published record, dissents and actions',
			description: publicNote,
			responses: {
				200: ['The decision; `record` is the register entry payload', decisions.decisionRecordJson]
			},
			errors: [404]
		}
	},
	'/decisions/{id}/dissent': {
		post: {
			summary: "Add an organisation's dissenting statement",
			description:
				'Members acting for an organisation that took part, once per organisation, until the record’s dissent deadline. Facilitators may name `organisationId`.',
			body: decisions.dissentInput,
			responses: { 201: ['Added', decisions.dissentJson] },
			errors: [401, 403, 404, 409, 422]
		}
	},
	'/workspaces/{id}/actions': {
		get: {
			summary: 'List actions by due date',
			description: publicNote,
			query: decisions.actionFilters.shape,
			responses: { 200: ['Actions', list('actions', decisions.actionJson)] },
			errors: [404, 422]
		},
		post: {
			summary: 'Create an action (facilitators)',
			body: decisions.actionInput,
			responses: { 201: ['Created', decisions.actionJson] },
			errors: [401, 403, 404, 422]
		}
	},
	'/actions/{id}': {
		get: {
			summary: 'One action with its progress notes',
			responses: { 200: ['The action', decisions.actionNotesJson] },
			errors: [404]
		},
		patch: {
			summary: 'Change status or due date and/or add a progress note (owner organisation or facilitators)',
			body: decisions.actionUpdate,
			responses: { 200: ['Updated', decisions.actionJson] },
			errors: [401, 403, 404, 422]
		}
	},
	'/workspaces/{id}/register': {
		get: {
			summary: 'Register entries in order',
			description: publicNote,
			query: register.entriesQuery.shape,
			responses: { 200: ['Entries', register.entriesJson] },
			errors: [404, 422]
		}
	},
	'/workspaces/{id}/register/verify': {
		get: {
			summary: 'Recompute the chain, every tally and every personal digest',
			description: `${publicNote} Rate-limited per address; runs off the main thread.`,
			responses: { 200: ['Report', register.verifyReportJson] },
			errors: [404, 429]
		}
	},
	'/workspaces/{id}/register/redactions': {
		get: {
			summary: 'People the register holds details about (administrators)',
			description: 'A token limited to other workspaces does not reach this one (404).',
			responses: { 200: ['People', register.peopleJson] },
			errors: [401, 403, 404]
		},
		post: {
			summary: "Remove one person's details and append a personal.redacted entry (administrators)",
			body: register.redactionInput,
			responses: { 201: ['Redacted', register.redactionJson] },
			errors: [401, 403, 404, 422]
		}
	}
} satisfies Fragment['paths'];
