import { errors, idParam, json, ref, type HandWritten } from './index.ts';

const outcome = { type: 'string', enum: ['approved', 'rejected', 'deferred'] };
const status = { type: 'string', enum: ['planned', 'in_progress', 'done', 'dropped'] };
const date = { type: 'string', format: 'date', example: '2027-03-31' };
const head = { type: 'string', pattern: '^\\d+:[0-9a-f]{64}$', description: 'Chain head `seq:hash`' };
const publicNote =
	'Public workspaces: anyone may read (with `Access-Control-Allow-Origin: *`). Private workspaces: members only, 404 otherwise.';

export const schemas = {
	Decision: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			workspaceId: { type: 'string' },
			title: { type: 'string' },
			question: { type: 'string' },
			outcome,
			method: { type: 'string', enum: ['vote', 'consensus'] },
			voteId: { type: ['string', 'null'] },
			document: {
				type: ['object', 'null'],
				properties: {
					id: { type: 'string' },
					title: { type: 'string' },
					kind: { type: 'string' },
					versionId: { type: ['string', 'null'] },
					versionHash: { type: ['string', 'null'] }
				}
			},
			rationale: { type: 'string' },
			decidedAt: { type: 'string', format: 'date-time' },
			decidedWhere: { type: 'string' },
			dissentUntil: { type: ['string', 'null'], format: 'date-time' },
			supersedes: { type: ['string', 'null'] },
			supersededBy: { type: ['string', 'null'] },
			registerSeq: { type: 'integer' }
		}
	},
	DecisionInput: {
		type: 'object',
		required: ['method', 'title', 'rationale', 'decidedWhere'],
		additionalProperties: false,
		description:
			'From a closed vote (`method: "vote"`, `voteId`; outcome, question, time and organisations come from the vote) ' +
			'or by consensus (`outcome`, `question`, `decidedAt`, `organisations` required). A vote still open gives 409.',
		properties: {
			method: { type: 'string', enum: ['vote', 'consensus'] },
			voteId: { type: 'string' },
			title: { type: 'string', maxLength: 200 },
			question: { type: 'string', maxLength: 2000 },
			outcome,
			rationale: { type: 'string', minLength: 1, maxLength: 10000 },
			decidedAt: { type: ['string', 'integer'], description: 'RFC 3339 or ms since 1970' },
			decidedWhere: { type: 'string', maxLength: 300 },
			organisations: {
				type: 'array',
				items: { type: 'string' },
				description: 'Partner organisation ids present'
			},
			attendees: {
				type: 'array',
				items: {
					type: 'object',
					required: ['name'],
					properties: {
						name: { type: 'string' },
						organisationId: { type: 'string' },
						userId: { type: 'string' }
					}
				},
				description: 'Personal data: kept beside the chain, removable on request'
			},
			conflicts: {
				type: 'array',
				items: {
					type: 'object',
					required: ['name', 'declaration'],
					properties: {
						name: { type: 'string' },
						organisationId: { type: 'string' },
						userId: { type: 'string' },
						declaration: { type: 'string' }
					}
				}
			},
			documentId: { type: ['string', 'null'] },
			documentVersionId: { type: ['string', 'null'] },
			documentVersionHash: {
				type: ['string', 'null'],
				pattern: '^[0-9a-f]{64}$',
				description: 'Optional check: must equal the saved version’s hash'
			},
			dissentDays: { type: 'integer', minimum: 0, maximum: 90, default: 14 },
			actions: { type: 'array', items: ref('ActionFields') },
			supersedes: { type: ['string', 'null'], description: 'Id of the record this one corrects' },
			supersedeReason: { type: 'string' }
		}
	},
	ActionFields: {
		type: 'object',
		required: ['ownerOrganisationId', 'description', 'dueDate'],
		additionalProperties: false,
		properties: {
			ownerOrganisationId: { type: 'string' },
			description: { type: 'string', maxLength: 2000 },
			dueDate: { ...date, description: 'Today or later, in the workspace time zone' }
		}
	},
	Action: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			workspaceId: { type: 'string' },
			decisionId: { type: ['string', 'null'] },
			owner: { type: 'object', properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } } },
			description: { type: 'string' },
			dueDate: date,
			status,
			overdue: { type: ['boolean', 'null'] },
			registerSeq: { type: 'integer' },
			createdAt: { type: 'string', format: 'date-time' },
			updatedAt: { type: 'string', format: 'date-time' }
		}
	},
	RegisterEntry: {
		type: 'object',
		description:
			'One entry of the hash chain (docs/register.md). `hash` is the lower-case hex SHA-256 of the RFC 8785 canonical JSON of the other fields.',
		properties: {
			v: { type: 'integer', const: 1 },
			workspace: { type: 'string' },
			seq: { type: 'integer', minimum: 1 },
			type: {
				type: 'string',
				enum: [
					'decision.published',
					'decision.superseded',
					'dissent.added',
					'action.created',
					'action.updated',
					'personal.redacted'
				]
			},
			at: { type: 'string', format: 'date-time', description: 'UTC with milliseconds' },
			payload: { type: 'object' },
			prev: { type: 'string', pattern: '^[0-9a-f]{64}$' },
			hash: { type: 'string', pattern: '^[0-9a-f]{64}$' }
		}
	},
	VerifyReport: {
		type: 'object',
		properties: {
			ok: { type: 'boolean' },
			entries: { type: 'integer', description: 'Entries that verified' },
			head,
			tallies: { type: 'integer', description: 'Vote tallies recomputed and matched' },
			personal: { type: 'integer', description: 'Personal-data digests matched' },
			failure: {
				type: ['object', 'null'],
				properties: { seq: { type: 'integer' }, reason: { type: 'string' }, message: { type: 'string' } }
			}
		}
	}
};

export const paths = {
	'/workspaces/{id}/decisions': {
		get: {
			summary: 'List published decisions (newest first)',
			description: publicNote,
			parameters: [
				idParam(),
				{ name: 'kind', in: 'query', schema: { type: 'string' }, description: 'Document kind, or "none"' },
				{ name: 'outcome', in: 'query', schema: outcome },
				{ name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
				{ name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
				{ name: 'q', in: 'query', schema: { type: 'string' }, description: 'Text search' }
			],
			responses: {
				200: {
					description: 'Decisions',
					...json({ type: 'object', properties: { decisions: { type: 'array', items: ref('Decision') } } })
				},
				...errors(404, 422)
			}
		},
		post: {
			summary: 'Publish a decision record (facilitators)',
			parameters: [idParam()],
			requestBody: { required: true, ...json(ref('DecisionInput')) },
			responses: {
				201: { description: 'Published and appended to the register', ...json(ref('Decision')) },
				...errors(401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/decisions/{id}': {
		get: {
			summary: 'One decision with its full published record, dissents and actions',
			description: publicNote,
			parameters: [idParam()],
			responses: {
				200: {
					description: 'The decision; `record` is the register entry payload',
					...json({
						allOf: [
							ref('Decision'),
							{
								type: 'object',
								properties: {
									record: { type: 'object' },
									entry: { type: 'object' },
									dissents: { type: 'array', items: { type: 'object' } },
									actions: { type: 'array', items: ref('Action') }
								}
							}
						]
					})
				},
				...errors(404)
			}
		}
	},
	'/decisions/{id}/dissent': {
		post: {
			summary: "Add an organisation's dissenting statement",
			description:
				'Members acting for an organisation that took part, once per organisation, until the record’s dissent deadline. Facilitators may name `organisationId`.',
			parameters: [idParam()],
			requestBody: {
				required: true,
				...json({
					type: 'object',
					required: ['statement'],
					additionalProperties: false,
					properties: { statement: { type: 'string', maxLength: 4000 }, organisationId: { type: 'string' } }
				})
			},
			responses: { 201: { description: 'Added' }, ...errors(401, 403, 404, 409, 422) }
		}
	},
	'/workspaces/{id}/actions': {
		get: {
			summary: 'List actions by due date',
			description: publicNote,
			parameters: [
				idParam(),
				{ name: 'owner', in: 'query', schema: { type: 'string' } },
				{ name: 'status', in: 'query', schema: { type: 'string', enum: [...status.enum, 'overdue'] } },
				{ name: 'decision', in: 'query', schema: { type: 'string' } }
			],
			responses: {
				200: {
					description: 'Actions',
					...json({ type: 'object', properties: { actions: { type: 'array', items: ref('Action') } } })
				},
				...errors(404, 422)
			}
		},
		post: {
			summary: 'Create an action (facilitators)',
			parameters: [idParam()],
			requestBody: {
				required: true,
				...json({
					allOf: [
						ref('ActionFields'),
						{ type: 'object', properties: { decisionId: { type: ['string', 'null'] } } }
					]
				})
			},
			responses: { 201: { description: 'Created', ...json(ref('Action')) }, ...errors(401, 403, 404, 422) }
		}
	},
	'/actions/{id}': {
		get: {
			summary: 'One action with its progress notes',
			parameters: [idParam()],
			responses: { 200: { description: 'The action', ...json(ref('Action')) }, ...errors(404) }
		},
		patch: {
			summary: 'Change status or due date and/or add a progress note (owner organisation or facilitators)',
			parameters: [idParam()],
			requestBody: {
				required: true,
				...json({
					type: 'object',
					additionalProperties: false,
					properties: { status, dueDate: date, note: { type: 'string', maxLength: 4000 } }
				})
			},
			responses: { 200: { description: 'Updated', ...json(ref('Action')) }, ...errors(401, 403, 404, 422) }
		}
	},
	'/workspaces/{id}/register': {
		get: {
			summary: 'Register entries in order',
			description: publicNote,
			parameters: [
				idParam(),
				{ name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
				{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } }
			],
			responses: {
				200: {
					description: 'Entries',
					...json({
						type: 'object',
						properties: {
							head,
							entries: { type: 'array', items: ref('RegisterEntry') },
							next: { type: ['integer', 'null'] }
						}
					})
				},
				...errors(404, 422)
			}
		}
	},
	'/workspaces/{id}/register/verify': {
		get: {
			summary: 'Recompute the chain, every tally and every personal digest',
			description: `${publicNote} Rate-limited per address; runs off the main thread.`,
			parameters: [idParam()],
			responses: { 200: { description: 'Report', ...json(ref('VerifyReport')) }, ...errors(404, 429) }
		}
	},
	'/workspaces/{id}/register/redactions': {
		get: {
			summary: 'People the register holds details about (administrators)',
			description: 'A token limited to other workspaces does not reach this one (404).',
			parameters: [idParam()],
			responses: { 200: { description: 'People' }, ...errors(401, 403, 404) }
		},
		post: {
			summary: "Remove one person's details and append a personal.redacted entry (administrators)",
			parameters: [idParam()],
			requestBody: {
				required: true,
				...json({
					type: 'object',
					required: ['person', 'reason'],
					properties: { person: { type: 'string' }, reason: { type: 'string' } }
				})
			},
			responses: { 201: { description: 'Redacted' }, ...errors(401, 403, 404, 422) }
		}
	}
} satisfies HandWritten['paths'];
