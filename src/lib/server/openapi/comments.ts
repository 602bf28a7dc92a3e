import { errors, idParam, json, ref, type Fragment } from './index.ts';

const anchorFields = {
	anchor: {
		type: 'object',
		required: ['start', 'end', 'quote'],
		description:
			'Base64 `Y.encodeRelativePosition` values into the `default` XmlFragment (start assoc 0, end assoc −1) and the text they quote',
		properties: { start: { type: 'string' }, end: { type: 'string' }, quote: { type: 'string' } }
	},
	range: {
		type: 'object',
		description:
			'Offsets into the plain text (blocks joined by line breaks); from = to marks a point (suggestions only)',
		properties: { from: { type: 'integer', minimum: 0 }, to: { type: 'integer', minimum: 0 } }
	},
	block: { type: 'integer', minimum: 0, description: 'A whole top-level block (paragraph, heading, list …)' },
	quote: { type: 'string', description: 'Text to find in the document' },
	near: {
		type: 'integer',
		minimum: 0,
		description: 'With quote: the plain-text offset to pick the nearest repeat'
	}
};
const body = {
	type: 'string',
	minLength: 1,
	maxLength: 10000,
	description: 'Plain text, kept as typed; shown escaped everywhere'
};
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const author = {
	type: 'object',
	properties: {
		id: { type: ['string', 'null'] },
		name: { type: ['string', 'null'] },
		organisation: {
			type: ['string', 'null'],
			description: 'The organisation they write for in the workspace, or the one given at a consultation link'
		},
		guest: { type: 'boolean' }
	}
};

export const schemas = {
	CommentThread: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			documentId: { type: 'string' },
			consultationId: { type: ['string', 'null'] },
			status: { type: 'string', enum: ['open', 'resolved'] },
			quote: { type: 'string', description: 'The text when the thread was made' },
			anchor: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } },
			position: {
				type: 'object',
				description: 'Where the anchor sits now; `deleted` when its text is gone',
				properties: {
					status: { type: 'string', enum: ['ok', 'deleted'] },
					from: { type: 'integer' },
					to: { type: 'integer' },
					text: { type: 'string' }
				}
			},
			block: { type: ['integer', 'null'] },
			createdAt: time,
			updatedAt: time,
			resolvedAt: nullableTime,
			comments: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'string' },
						author,
						body: { type: 'string' },
						deleted: { type: 'boolean' },
						mentions: { type: 'array', items: { type: 'string' } },
						createdAt: time,
						editedAt: nullableTime,
						edits: {
							type: 'array',
							items: { type: 'object', properties: { body: { type: 'string' }, replacedAt: time } }
						}
					}
				}
			}
		}
	},
	Suggestion: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			documentId: { type: 'string' },
			consultationId: { type: ['string', 'null'] },
			kind: { type: 'string', enum: ['insert', 'delete', 'replace'] },
			quote: { type: 'string' },
			replacement: { type: 'string' },
			note: { type: 'string' },
			anchor: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } },
			author,
			status: {
				type: 'string',
				enum: ['open', 'accepted', 'rejected', 'outdated'],
				description: 'An open suggestion whose text changed since shows as outdated and cannot be accepted'
			},
			reason: { type: ['string', 'null'] },
			decidedBy: { type: ['string', 'null'] },
			decidedAt: nullableTime,
			createdAt: time,
			position: { type: ['integer', 'null'] }
		}
	},
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
	'/documents/{id}/comments': {
		get: {
			tags: ['comments'],
			summary: 'Comment threads on a document (members)',
			parameters: [
				doc,
				{
					name: 'filter',
					in: 'query',
					schema: { type: 'string', enum: ['all', 'open', 'resolved', 'mine', 'mentions'] }
				}
			],
			responses: {
				'200': {
					description: 'Threads in document order',
					...json({ type: 'object', properties: { threads: { type: 'array', items: ref('CommentThread') } } })
				},
				...errors(401, 403, 404, 422)
			}
		},
		post: {
			tags: ['comments'],
			summary: 'Open a thread on a passage (commenter or higher); @Name or @email mentions members',
			parameters: [doc],
			requestBody: json({
				type: 'object',
				required: ['body'],
				additionalProperties: false,
				properties: { body, ...anchorFields, consultationId: { type: ['string', 'null'] } }
			}),
			responses: {
				'201': { description: 'Created', ...json(ref('CommentThread')) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/comments/{id}': {
		get: {
			tags: ['comments'],
			summary: 'A thread (by thread id or by the id of a comment in it)',
			parameters: [idParam()],
			responses: {
				'200': { description: 'The thread', ...json(ref('CommentThread')) },
				...errors(401, 403, 404)
			}
		},
		patch: {
			tags: ['comments'],
			summary: 'Resolve or reopen the thread; edit your own comment (the earlier wording is kept)',
			parameters: [idParam()],
			requestBody: json({
				type: 'object',
				additionalProperties: false,
				properties: { status: { type: 'string', enum: ['open', 'resolved'] }, body }
			}),
			responses: {
				'200': { description: 'The thread', ...json(ref('CommentThread')) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		},
		delete: {
			tags: ['comments'],
			summary: 'Delete your own comment (its row stays, marked deleted; the text moves to the history)',
			parameters: [idParam()],
			responses: { '204': { description: 'Deleted' }, ...errors(401, 403, 404, 409) }
		}
	},
	'/comments/{id}/replies': {
		post: {
			tags: ['comments'],
			summary: 'Reply in a thread',
			parameters: [idParam()],
			requestBody: json({
				type: 'object',
				required: ['body'],
				additionalProperties: false,
				properties: { body }
			}),
			responses: {
				'201': { description: 'The thread with the reply', ...json(ref('CommentThread')) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/documents/{id}/suggestions': {
		get: {
			tags: ['suggestions'],
			summary: 'Suggestions on a document',
			parameters: [
				doc,
				{
					name: 'status',
					in: 'query',
					schema: { type: 'string', enum: ['open', 'accepted', 'rejected', 'outdated'] }
				}
			],
			responses: {
				'200': {
					description: 'Suggestions',
					...json({
						type: 'object',
						properties: { suggestions: { type: 'array', items: ref('Suggestion') } }
					})
				},
				...errors(401, 403, 404, 422)
			}
		},
		post: {
			tags: ['suggestions'],
			summary:
				'Suggest replacing, deleting (empty replacement) or inserting (a point range) text, within one paragraph',
			parameters: [doc],
			requestBody: json({
				type: 'object',
				required: ['replacement'],
				additionalProperties: false,
				properties: {
					replacement: { type: 'string', maxLength: 10000 },
					note: { type: 'string', maxLength: 2000 },
					...anchorFields,
					consultationId: { type: ['string', 'null'] }
				}
			}),
			responses: {
				'201': { description: 'Created', ...json(ref('Suggestion')) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/suggestions/{id}/accept': {
		post: {
			tags: ['suggestions'],
			summary:
				'Accept (editor or facilitator): applied through the live document, credited to its author; 409 when outdated',
			parameters: [idParam()],
			responses: {
				'200': { description: 'Accepted', ...json(ref('Suggestion')) },
				...errors(401, 403, 404, 409)
			}
		}
	},
	'/suggestions/{id}/reject': {
		post: {
			tags: ['suggestions'],
			summary: 'Reject with a reason (editor or facilitator)',
			parameters: [idParam()],
			requestBody: json({
				type: 'object',
				required: ['reason'],
				additionalProperties: false,
				properties: { reason: body }
			}),
			responses: {
				'200': { description: 'Rejected', ...json(ref('Suggestion')) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		}
	},
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
} satisfies Fragment['paths'];
