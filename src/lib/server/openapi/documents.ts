import { BODY_ERRORS, list, type Fragment } from './index.ts';
import { z } from 'zod';
import * as documents from '../documents/schemas.ts';
import { DOCX_TYPE } from '../documents/word/import.ts';
import { FILE_TYPES } from '../documents/export/sheet.ts';

export const tag = 'documents';

export const paths = {
	'/workspaces/{id}/documents': {
		get: {
			summary: 'List the workspace’s documents (members only)',
			responses: { 200: ['Documents', list('documents', documents.documentJson)] },
			errors: [401, 404]
		},
		post: {
			summary:
				'Create a document, blank or from a template (editors and facilitators); or import a Word file (.docx) sent as the body',
			description:
				'With `Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document` the body is a ' +
				'Word file (at most 10 MB) and the query may give `title` and `kind` (default `other`). Headings, ' +
				'paragraphs, nested lists, tables, bold, italic, links and footnotes (as numbered notes at the end) come ' +
				'across; the answer (`ImportedDocument`) lists what was left out. A file that is not a .docx, is ' +
				'password-protected or damaged is refused with 422, one over 10 MB or unpacking past 100 MB (or 200 ' +
				'times its packed size) with 413; nothing is created.',
			query: { title: documents.importInput.shape.title, kind: documents.importInput.shape.kind },
			body: documents.documentInput,
			uploads: [DOCX_TYPE],
			responses: {
				201: ['Created', z.union([documents.documentJson, documents.importedDocumentJson])]
			},
			errors: [...BODY_ERRORS, 413]
		}
	},
	'/documents/{id}': {
		get: {
			summary:
				'Read a document: JSON with its content, or `format=md` / `format=html`, or download it as `format=docx` / `format=pdf` (A4, a title page and footer with the partnership, title, status, version, date and SHA-256; a tagged PDF)',
			query: {
				format: documents.documentFormat,
				comments: documents.documentFlag,
				suggestions: documents.documentFlag
			},
			responses: { 200: ['The document', documents.documentContentJson] },
			formats: ['text/markdown', 'text/html', FILE_TYPES.docx, FILE_TYPES.pdf],
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
				'Read a version, with its HTML and text, or download it as `format=docx` / `format=pdf` (members; in a public workspace anyone reads an adopted version)',
			query: { format: documents.versionFormat },
			responses: { 200: ['The version', documents.versionTextJson] },
			formats: [FILE_TYPES.docx, FILE_TYPES.pdf],
			errors: [401, 404, 422]
		}
	}
} satisfies Fragment['paths'];
