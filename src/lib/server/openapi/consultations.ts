// The consultations area, still described by hand until it moves into its feature folder.
import { errors, idParam, json, ref, type HandWritten } from './index.ts';

const time = { type: 'string', format: 'date-time' };

export const schemas = {
	Consultation: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			workspaceId: { type: 'string' },
			documentId: { type: 'string' },
			title: { type: 'string' },
			audience: { type: 'string', enum: ['members', 'public'] },
			questions: { type: 'array', items: { type: 'string' } },
			contentHash: { type: 'string', description: 'SHA-256 of the document text at the opening' },
			versionId: { type: ['string', 'null'] },
			openedAt: time,
			closesAt: time,
			open: { type: 'boolean' },
			responded: {
				type: 'object',
				description: 'Organisations that took part, per sector',
				properties: { vcse: { type: 'integer' }, statutory: { type: 'integer' }, none: { type: 'integer' } }
			},
			publicLink: { type: ['string', 'null'], description: 'Only in the answer that created it' }
		}
	}
};

const doc = idParam();

export const paths = {
	'/documents/{id}/consultations': {
		get: {
			tags: ['consultations'],
			summary: 'Consultations on a document, newest first',
			parameters: [doc],
			responses: {
				'200': {
					description: 'Consultations',
					...json({
						type: 'object',
						properties: { consultations: { type: 'array', items: ref('Consultation') } }
					})
				},
				...errors(401, 403, 404)
			}
		},
		post: {
			tags: ['consultations'],
			summary: 'Open a consultation (facilitator); a public audience also gets a public link, shown once',
			parameters: [doc],
			requestBody: json({
				type: 'object',
				required: ['closesAt', 'audience', 'questions'],
				additionalProperties: false,
				properties: {
					title: { type: 'string', maxLength: 200 },
					closesAt: {
						type: 'string',
						example: '2026-12-01T17:00',
						description: "Local date and time in the workspace's time zone"
					},
					audience: { type: 'string', enum: ['members', 'public'] },
					questions: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', maxLength: 1000 } }
				}
			}),
			responses: {
				'201': { description: 'Opened', ...json(ref('Consultation')) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/consultations/{id}': {
		get: {
			tags: ['consultations'],
			summary: 'A consultation with how many organisations have responded per sector',
			parameters: [idParam()],
			responses: {
				'200': { description: 'The consultation', ...json(ref('Consultation')) },
				...errors(401, 403, 404)
			}
		}
	},
	'/consultations/{id}/responses': {
		get: {
			tags: ['consultations'],
			summary: 'Every contribution (answers, comments, suggestions) with organisation and sector',
			parameters: [idParam()],
			responses: {
				'200': { description: 'Contributions', ...json({ type: 'object' }) },
				...errors(401, 403, 404)
			}
		},
		post: {
			tags: ['consultations'],
			summary:
				'Answer the questions (one answer each, in order); answering again replaces; refused after the close',
			parameters: [idParam()],
			requestBody: json({
				type: 'object',
				required: ['answers'],
				additionalProperties: false,
				properties: {
					answers: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', maxLength: 10000 } }
				}
			}),
			responses: {
				'201': { description: 'Recorded', ...json({ type: 'object' }) },
				'200': { description: 'Replaced', ...json({ type: 'object' }) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/consultations/{id}/summary': {
		get: {
			tags: ['consultations'],
			summary: 'Summary grouped by sector and organisation, with the passages referred to',
			parameters: [
				idParam(),
				{ name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'md', 'csv'] } }
			],
			responses: {
				'200': {
					description: 'The summary',
					content: {
						'application/json': { schema: { type: 'object' } },
						'text/markdown': { schema: { type: 'string' } },
						'text/csv': { schema: { type: 'string' } }
					}
				},
				...errors(401, 403, 404, 422)
			}
		}
	},
	'/consultations/{id}/links': {
		get: {
			tags: ['consultations'],
			summary: 'Public links of a consultation (facilitator)',
			parameters: [idParam()],
			responses: { '200': { description: 'Links', ...json({ type: 'object' }) }, ...errors(401, 403, 404) }
		},
		post: {
			tags: ['consultations'],
			summary: 'A new public link (facilitator); its secret is shown once',
			parameters: [idParam()],
			responses: {
				'201': {
					description: 'Created',
					...json({ type: 'object', properties: { url: { type: 'string' } } })
				},
				...errors(401, 403, 404, 409)
			}
		}
	},
	'/consultations/{id}/links/{linkId}': {
		delete: {
			tags: ['consultations'],
			summary: 'Revoke a public link: it grants nothing from now on',
			parameters: [idParam(), idParam('linkId')],
			responses: { '204': { description: 'Revoked' }, ...errors(401, 403, 404) }
		}
	}
} satisfies HandWritten['paths'];
