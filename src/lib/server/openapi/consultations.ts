import { list, type Fragment } from './index.ts';
import * as consultations from '../consultations/schemas.ts';

const bodyErrors = [400, 401, 403, 404, 409, 415, 422];

export const tag = 'consultations';

export const paths = {
	'/documents/{id}/consultations': {
		get: {
			summary: 'Consultations on a document, newest first',
			responses: { 200: ['Consultations', list('consultations', consultations.consultationCountsJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary: 'Open a consultation (facilitator); a public audience also gets a public link, shown once',
			body: consultations.openInput,
			responses: { 201: ['Opened', consultations.openedJson] },
			errors: bodyErrors
		}
	},
	'/consultations/{id}': {
		get: {
			summary: 'A consultation with how many organisations have responded per sector',
			responses: { 200: ['The consultation', consultations.consultationViewJson] },
			errors: [401, 403, 404]
		}
	},
	'/consultations/{id}/extend': {
		post: {
			summary: 'Extend an open consultation to a later closing time, with a stated reason (facilitators)',
			body: consultations.extendInput,
			responses: { 200: ['Extended', consultations.consultationJson] },
			errors: bodyErrors
		}
	},
	'/consultations/{id}/close': {
		post: {
			summary: 'Close an open consultation now, with a stated reason (facilitators)',
			body: consultations.closeInput,
			responses: { 200: ['Closed', consultations.consultationJson] },
			errors: bodyErrors
		}
	},
	'/consultations/{id}/responses': {
		get: {
			summary:
				'Every contribution (answers, comments, suggestions) with organisation and sector; people from a public link who have not confirmed their email are marked',
			responses: { 200: ['Contributions', consultations.contributionsJson] },
			errors: [401, 403, 404]
		},
		post: {
			summary:
				'Answer the questions (one answer each, in order); answering again replaces; refused after the close',
			body: consultations.responseInput,
			responses: {
				200: ['Replaced', consultations.responseJson],
				201: ['Recorded', consultations.responseJson]
			},
			errors: bodyErrors
		}
	},
	'/consultations/{id}/summary': {
		get: {
			summary: 'Summary grouped by sector and organisation, with the passages referred to',
			query: { format: consultations.summaryFormat },
			responses: { 200: ['The summary', consultations.summaryJson] },
			formats: ['text/markdown', 'text/csv'],
			errors: [401, 403, 404, 422]
		}
	},
	'/consultations/{id}/links': {
		get: {
			summary: 'Public links of a consultation (facilitator)',
			responses: { 200: ['Links', list('links', consultations.linkJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary: 'A new public link (facilitator); its secret is shown once',
			responses: { 201: ['Created', consultations.newLinkJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/consultations/{id}/links/{linkId}': {
		delete: {
			summary: 'Revoke a public link: it grants nothing from now on',
			responses: { 204: ['Revoked'] },
			errors: [401, 403, 404]
		}
	}
} satisfies Fragment['paths'];
