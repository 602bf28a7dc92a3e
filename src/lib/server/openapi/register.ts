import { list, type Fragment } from './index.ts';
import {
	actionFilters,
	actionInput,
	actionJson,
	actionNotesJson,
	actionUpdate,
	decisionFilters,
	decisionJson,
	decisionRecordJson,
	dissentInput,
	dissentJson,
	publishInput
} from '../decisions/schemas.ts';
import {
	entriesJson,
	entriesQuery,
	peopleJson,
	redactionInput,
	redactionJson,
	verifyReportJson
} from '../register/schemas.ts';

const publicNote =
	'Public workspaces: anyone may read (with `Access-Control-Allow-Origin: *`). Private workspaces: members only, 404 otherwise.';

export const tag = 'register';

export const paths = {
	'/workspaces/{id}/decisions': {
		get: {
			summary: 'List published decisions (newest first)',
			description: publicNote,
			query: decisionFilters.shape,
			responses: { 200: ['Decisions', list('decisions', decisionJson)] },
			errors: [404, 422]
		},
		post: {
			summary: 'Publish a decision record (facilitators)',
			body: publishInput,
			responses: { 201: ['Published and appended to the register', decisionJson] },
			errors: [401, 403, 404, 409, 415, 422]
		}
	},
	'/decisions/{id}': {
		get: {
			summary: 'One decision with its full published record, dissents and actions',
			description: publicNote,
			responses: { 200: ['The decision; `record` is the register entry payload', decisionRecordJson] },
			errors: [404]
		}
	},
	'/decisions/{id}/dissent': {
		post: {
			summary: "Add an organisation's dissenting statement",
			description:
				'Members acting for an organisation that took part, once per organisation, until the record’s dissent deadline. Facilitators may name `organisationId`.',
			body: dissentInput,
			responses: { 201: ['Added', dissentJson] },
			errors: [401, 403, 404, 409, 422]
		}
	},
	'/workspaces/{id}/actions': {
		get: {
			summary: 'List actions by due date',
			description: publicNote,
			query: actionFilters.shape,
			responses: { 200: ['Actions', list('actions', actionJson)] },
			errors: [404, 422]
		},
		post: {
			summary: 'Create an action (facilitators)',
			body: actionInput,
			responses: { 201: ['Created', actionJson] },
			errors: [401, 403, 404, 422]
		}
	},
	'/actions/{id}': {
		get: {
			summary: 'One action with its progress notes',
			responses: { 200: ['The action', actionNotesJson] },
			errors: [404]
		},
		patch: {
			summary: 'Change status or due date and/or add a progress note (owner organisation or facilitators)',
			body: actionUpdate,
			responses: { 200: ['Updated', actionJson] },
			errors: [401, 403, 404, 422]
		}
	},
	'/workspaces/{id}/register': {
		get: {
			summary: 'Register entries in order',
			description: publicNote,
			query: entriesQuery.shape,
			responses: { 200: ['Entries', entriesJson] },
			errors: [404, 422]
		}
	},
	'/workspaces/{id}/register/verify': {
		get: {
			summary: 'Recompute the chain, every tally and every personal digest',
			description: `${publicNote} Rate-limited per address; runs off the main thread.`,
			responses: { 200: ['Report', verifyReportJson] },
			errors: [404, 429]
		}
	},
	'/workspaces/{id}/register/redactions': {
		get: {
			summary: 'People the register holds details about (administrators)',
			description: 'A token limited to other workspaces does not reach this one (404).',
			responses: { 200: ['People', peopleJson] },
			errors: [401, 403, 404]
		},
		post: {
			summary: "Remove one person's details and append a personal.redacted entry (administrators)",
			body: redactionInput,
			responses: { 201: ['Redacted', redactionJson] },
			errors: [401, 403, 404, 422]
		}
	}
} satisfies Fragment['paths'];
