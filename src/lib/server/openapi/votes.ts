import { errors, idParam, json, ref, type HandWritten } from './index.ts';

const decimal = {
	type: 'string',
	pattern: '^\\d+(\\.\\d{1,4})?$',
	description: 'A decimal with at most 4 places (numbers are accepted on input and stored as strings)'
};
const figure = {
	type: 'object',
	required: ['fraction', 'display'],
	properties: {
		fraction: {
			type: 'string',
			example: '2/3',
			description: 'Exact reduced fraction; decisions compare these'
		},
		display: { type: 'string', example: '0.667', description: 'Rounded to 3 places, for reading' }
	}
};
const nullableFigure = { oneOf: [ref('Figure'), { type: 'null' }] };
const choice = { type: 'string', enum: ['for', 'against', 'abstain'] };
const time = {
	oneOf: [
		{ type: 'string', format: 'date-time' },
		{ type: 'integer', description: 'milliseconds since 1970 (UTC)' }
	]
};

const voteFields = {
	question: { type: 'string', minLength: 3, maxLength: 500 },
	explanation: { type: 'string', maxLength: 10000 },
	documentId: { type: ['string', 'null'] },
	documentVersionId: { type: ['string', 'null'] },
	opensAt: time,
	closesAt: time,
	rule: ref('VoteRuleInput'),
	showRunningTotals: { type: 'boolean', default: false },
	electorate: {
		type: ['array', 'null'],
		items: { type: 'string' },
		description: 'Organisation ids; null (default) means every verified partner at the opening'
	}
};

export const schemas = {
	Figure: figure,
	VoteRule: {
		type: 'object',
		properties: {
			uplift: decimal,
			shares: { type: 'object', properties: { vcse: decimal, statutory: decimal } },
			quorum: decimal,
			threshold: decimal,
			dualMajority: { type: 'boolean' }
		}
	},
	VoteRuleInput: {
		type: 'object',
		additionalProperties: false,
		description:
			'Defaults: uplift 1.5 (1–100), shares 0.5 each (> 0), quorum 0.5 and threshold 0.5 (0–1), dualMajority false',
		properties: {
			uplift: { type: ['string', 'number'] },
			shares: {
				type: 'object',
				properties: { vcse: { type: ['string', 'number'] }, statutory: { type: ['string', 'number'] } }
			},
			quorum: { type: ['string', 'number'] },
			threshold: { type: ['string', 'number'] },
			dualMajority: { type: 'boolean' }
		}
	},
	ElectorateEntry: {
		type: 'object',
		properties: {
			organisationId: { type: 'string' },
			name: { type: 'string' },
			sector: { type: 'string', enum: ['vcse', 'statutory'] },
			grassroots: { type: 'boolean' },
			byAndFor: { type: 'boolean' },
			weight: { type: 'string', description: 'fraction, e.g. "3/2"' }
		}
	},
	Vote: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			workspaceId: { type: 'string' },
			question: { type: 'string' },
			explanation: { type: 'string' },
			documentId: { type: ['string', 'null'] },
			documentVersionId: {
				type: ['string', 'null'],
				description:
					'The version put to the vote: the one named, or, from the opening, the document’s text pinned as a version'
			},
			status: { type: 'string', enum: ['draft', 'open', 'closed'] },
			opensAt: { type: 'string', format: 'date-time' },
			closesAt: { type: 'string', format: 'date-time' },
			openedAt: { type: ['string', 'null'], format: 'date-time' },
			closedAt: { type: ['string', 'null'], format: 'date-time' },
			closedReason: { type: ['string', 'null'], description: '"scheduled" or the facilitator’s reason' },
			rule: ref('VoteRule'),
			showRunningTotals: { type: 'boolean' },
			electorateChoice: { type: ['array', 'null'], items: { type: 'string' } },
			electorate: {
				type: ['array', 'null'],
				items: ref('ElectorateEntry'),
				description: 'Frozen at the opening'
			},
			result: { oneOf: [ref('TallyResult'), { type: 'null' }] }
		}
	},
	VoteInput: {
		type: 'object',
		required: ['question', 'opensAt', 'closesAt'],
		additionalProperties: false,
		properties: voteFields
	},
	VotePatch: { type: 'object', additionalProperties: false, properties: voteFields },
	BallotInput: {
		type: 'object',
		required: ['organisationId', 'choice'],
		additionalProperties: false,
		properties: {
			organisationId: { type: 'string' },
			choice,
			statement: { type: 'string', maxLength: 2000, description: 'Optional public statement of reasons' },
			assisted: {
				type: 'boolean',
				default: false,
				description: 'A facilitator recording a choice given by phone or in person'
			}
		}
	},
	Ballot: {
		type: 'object',
		properties: {
			organisationId: { type: 'string' },
			choice,
			statement: { type: 'string' },
			assisted: { type: 'boolean' },
			castAt: { type: 'string', format: 'date-time' },
			replaced: { type: 'boolean' }
		}
	},
	ChamberResult: {
		type: 'object',
		properties: {
			chamber: { type: 'string', enum: ['vcse', 'statutory'] },
			share: ref('Figure'),
			eligible: { type: 'integer' },
			cast: { type: 'integer' },
			headcount: { type: 'object', additionalProperties: { type: 'integer' } },
			weights: { type: 'object', additionalProperties: ref('Figure') },
			support: nullableFigure,
			turnout: nullableFigure,
			quorumMet: { type: ['boolean', 'null'] },
			inOverall: { type: 'boolean' }
		}
	},
	TallyResult: {
		type: 'object',
		properties: {
			chambers: { type: 'array', items: ref('ChamberResult') },
			overall: nullableFigure,
			threshold: ref('Figure'),
			quorum: ref('Figure'),
			dualMajority: { type: 'boolean' },
			passes: { type: 'boolean' },
			reasons: { type: 'array', items: { type: 'string' } },
			headcount: { type: 'object', additionalProperties: { type: 'integer' } },
			organisations: { type: 'array', items: { type: 'object' } }
		}
	}
};

export const paths = {
	'/workspaces/{id}/votes': {
		parameters: [idParam()],
		get: {
			summary: 'List the votes of a workspace (members only)',
			tags: ['votes'],
			responses: {
				'200': {
					description: 'Votes',
					...json({ type: 'object', properties: { votes: { type: 'array', items: ref('Vote') } } })
				},
				...errors(401, 403, 404)
			}
		},
		post: {
			summary: 'Create a vote (facilitators)',
			tags: ['votes'],
			requestBody: { required: true, ...json(ref('VoteInput')) },
			responses: {
				'201': { description: 'Created', ...json(ref('Vote')) },
				...errors(400, 401, 403, 404, 415, 422)
			}
		}
	},
	'/votes/{id}': {
		parameters: [idParam()],
		get: {
			summary: 'Read a vote',
			tags: ['votes'],
			responses: { '200': { description: 'The vote', ...json(ref('Vote')) }, ...errors(401, 403, 404) }
		},
		patch: {
			summary: 'Edit a vote before it opens (facilitators)',
			tags: ['votes'],
			requestBody: { required: true, ...json(ref('VotePatch')) },
			responses: {
				'200': { description: 'Updated', ...json(ref('Vote')) },
				...errors(400, 401, 403, 404, 409, 415, 422)
			}
		},
		delete: {
			summary: 'Delete a vote that has not opened (facilitators)',
			tags: ['votes'],
			responses: { '204': { description: 'Deleted' }, ...errors(401, 403, 404, 409) }
		}
	},
	'/votes/{id}/open': {
		parameters: [idParam()],
		post: {
			summary:
				'Open a vote now, before its scheduled time (facilitators); freezes electorate, weights and rule',
			tags: ['votes'],
			responses: { '200': { description: 'Opened', ...json(ref('Vote')) }, ...errors(401, 403, 404, 409) }
		}
	},
	'/votes/{id}/ballots': {
		parameters: [idParam()],
		get: {
			summary:
				'Ballots you may see: all after the close (or with running totals), otherwise your organisation’s',
			tags: ['votes'],
			responses: {
				'200': {
					description: 'Ballots',
					...json({ type: 'object', properties: { ballots: { type: 'array', items: ref('Ballot') } } })
				},
				...errors(401, 403, 404)
			}
		},
		post: {
			summary:
				'Cast or change an organisation’s ballot (its voting delegate, or a facilitator with assisted: true)',
			tags: ['votes'],
			requestBody: { required: true, ...json(ref('BallotInput')) },
			responses: {
				'200': { description: 'Replaced the organisation’s earlier ballot', ...json(ref('Ballot')) },
				'201': { description: 'The organisation’s first ballot', ...json(ref('Ballot')) },
				...errors(400, 401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/votes/{id}/close': {
		parameters: [idParam()],
		post: {
			summary: 'Close a vote early with a stated reason (facilitators)',
			tags: ['votes'],
			requestBody: {
				required: true,
				...json({
					type: 'object',
					required: ['reason'],
					properties: { reason: { type: 'string', minLength: 3 } }
				})
			},
			responses: {
				'200': { description: 'Closed', ...json(ref('Vote')) },
				...errors(400, 401, 403, 404, 409, 415, 422)
			}
		}
	},
	'/votes/{id}/tally': {
		parameters: [idParam()],
		get: {
			summary: 'The tally: electorate with weights, ballots, rule and figures (fractions and display values)',
			description:
				'After the close: the final result. While open: running figures only when the vote shows them, otherwise turnout per chamber.',
			tags: ['votes'],
			responses: {
				'200': {
					description: 'Tally',
					...json({
						type: 'object',
						properties: {
							status: { type: 'string' },
							final: { type: 'boolean' },
							vote: ref('Vote'),
							electorate: { type: ['array', 'null'], items: ref('ElectorateEntry') },
							ballots: { type: 'array', items: ref('Ballot') },
							rule: ref('VoteRule'),
							result: { oneOf: [ref('TallyResult'), { type: 'null' }] },
							turnout: { type: 'array', items: { type: 'object' } }
						}
					})
				},
				...errors(401, 403, 404)
			}
		}
	}
} satisfies HandWritten['paths'];
