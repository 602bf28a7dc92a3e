import { BODY_ERRORS, list, type Fragment } from './index.ts';
import * as documents from '../documents/schemas.ts';

export const tag = 'documents';

export const paths = {
	'/workspaces/{id}/documents': {
		get: {
			summary: 'List the workspace’s documents (members only)',
			responses: { 200: ['Documents', list('documents', documents.documentJson)] },
			errors: [401, 404]
		},
		post: {
			summary: 'Create a document, blank or from a template (editors and facilitators)',
			body: documents.documentInput,
			responses: { 201: ['Created', documents.documentJson] },
			errors: BODY_ERRORS
		}
	},
	'/documents/{id}': {
		get: {
			summary: 'Read a document: JSON with its content, or `format=md` / `format=html`',
			query: { format: documents.documentFormat },
			responses: { 200: ['The document', documents.documentContentJson] },
			formats: ['text/markdown', 'text/html'],
			errors: [401, 404, 422]
		},
		patch: {
			summary:
				'Change the title (editors and facilitators). The status is not set by hand (sending it is refused); a decided document is read-only (409)',
			body: documents.documentPatch,
			responses: { 200: ['Updated', documents.documentJson] },
			errors: [400, 401, 403, 404, 409, 415, 422]
		}
	},
	'/documents/{id}/revision': {
		post: {
			summary:
				'Start a revision of a decided document (facilitators): its status becomes `under_review` and it can be edited again',
			responses: { 200: ['The document, under review', documents.documentJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/documents/{id}/versions': {
		get: {
			summary: 'List named versions, newest first',
			responses: { 200: ['Versions', list('versions', documents.versionJson)] },
			errors: [401, 404]
		},
		post: {
			summary: 'Save the current content as a named version',
			body: documents.versionInput,
			responses: { 201: ['Saved', documents.versionJson] },
			errors: BODY_ERRORS
		}
	},
	'/documents/{id}/versions/{versionId}': {
		get: {
			summary:
				'Read a version, with its HTML and text (members; in a public workspace anyone reads an adopted version)',
			responses: { 200: ['The version', documents.versionTextJson] },
			errors: [401, 404]
		}
	}
} satisfies Fragment['paths'];
