import { errors, idParam, json, ref, type HandWritten } from './index.ts';

const kinds = ['social_value', 'reimbursement', 'procurement_principles', 'commissioning_review', 'other'];
const statuses = ['drafting', 'consultation', 'decided', 'under_review'];
const templates = ['social_value', 'reimbursement', 'procurement_principles', 'commissioning_review'];

export const schemas = {
	Document: {
		type: 'object',
		required: ['id', 'workspaceId', 'title', 'kind', 'status', 'createdAt', 'updatedAt'],
		properties: {
			id: { type: 'string' },
			workspaceId: { type: 'string' },
			title: { type: 'string' },
			kind: { type: 'string', enum: kinds },
			status: {
				type: 'string',
				enum: statuses,
				description:
					'Moved by events only: `consultation` when a consultation opens, `decided` when an approved decision adopts a version (read-only until a revision starts), `under_review` when a facilitator starts a revision'
			},
			adoptedVersionId: {
				type: ['string', 'null'],
				description: 'The version the latest approved decision adopted'
			},
			createdAt: { type: 'string', format: 'date-time' },
			updatedAt: { type: 'string', format: 'date-time' }
		}
	},
	DocumentVersion: {
		type: 'object',
		required: ['id', 'documentId', 'name', 'hash', 'createdAt'],
		properties: {
			id: { type: 'string' },
			documentId: { type: 'string' },
			name: { type: 'string' },
			hash: { type: 'string', description: 'Lowercase hex SHA-256 of the rendered HTML' },
			createdBy: { type: ['string', 'null'] },
			authorName: { type: ['string', 'null'] },
			createdAt: { type: 'string', format: 'date-time' },
			html: { type: 'string' },
			text: { type: 'string' }
		}
	}
};

export const paths = {
	'/workspaces/{id}/documents': {
		parameters: [idParam()],
		get: {
			summary: 'List the workspace’s documents (members only)',
			responses: {
				'200': {
					description: 'Documents',
					...json({ type: 'object', properties: { documents: { type: 'array', items: ref('Document') } } })
				},
				...errors(401, 404)
			}
		},
		post: {
			summary: 'Create a document, blank or from a template (editors and facilitators)',
			requestBody: json({
				type: 'object',
				required: ['title', 'kind'],
				additionalProperties: false,
				properties: {
					title: { type: 'string', minLength: 3, maxLength: 200 },
					kind: { type: 'string', enum: kinds },
					template: { type: ['string', 'null'], enum: [...templates, null] }
				}
			}),
			responses: {
				'201': { description: 'Created', ...json(ref('Document')) },
				...errors(400, 401, 403, 404, 415, 422)
			}
		}
	},
	'/documents/{id}': {
		parameters: [idParam()],
		get: {
			summary: 'Read a document: JSON with its content, or `format=md` / `format=html`',
			parameters: [
				{
					name: 'format',
					in: 'query',
					schema: { type: 'string', enum: ['json', 'md', 'html'], default: 'json' }
				}
			],
			responses: {
				'200': {
					description: 'The document',
					content: {
						'application/json': { schema: ref('Document') },
						'text/markdown': { schema: { type: 'string' } },
						'text/html': { schema: { type: 'string' } }
					}
				},
				...errors(401, 404, 422)
			}
		},
		patch: {
			summary:
				'Change the title (editors and facilitators). The status is not set by hand (sending it is refused); a decided document is read-only (409)',
			requestBody: json({
				type: 'object',
				additionalProperties: false,
				properties: { title: { type: 'string' } }
			}),
			responses: {
				'200': { description: 'Updated', ...json(ref('Document')) },
				...errors(400, 401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/documents/{id}/revision': {
		parameters: [idParam()],
		post: {
			summary:
				'Start a revision of a decided document (facilitators): its status becomes `under_review` and it can be edited again',
			responses: {
				'200': { description: 'The document, under review', ...json(ref('Document')) },
				...errors(401, 403, 404, 409)
			}
		}
	},
	'/documents/{id}/versions': {
		parameters: [idParam()],
		get: {
			summary: 'List named versions, newest first',
			responses: {
				'200': {
					description: 'Versions',
					...json({
						type: 'object',
						properties: { versions: { type: 'array', items: ref('DocumentVersion') } }
					})
				},
				...errors(401, 404)
			}
		},
		post: {
			summary: 'Save the current content as a named version',
			requestBody: json({
				type: 'object',
				required: ['name'],
				additionalProperties: false,
				properties: { name: { type: 'string', maxLength: 120 } }
			}),
			responses: {
				'201': { description: 'Saved', ...json(ref('DocumentVersion')) },
				...errors(400, 401, 403, 404, 415, 422)
			}
		}
	},
	'/documents/{id}/versions/{versionId}': {
		parameters: [idParam(), idParam('versionId')],
		get: {
			summary:
				'Read a version, with its HTML and text (members; in a public workspace anyone reads an adopted version)',
			responses: {
				'200': { description: 'The version', ...json(ref('DocumentVersion')) },
				...errors(401, 404)
			}
		}
	}
} satisfies HandWritten['paths'];
