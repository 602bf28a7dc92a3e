import { errors, idParam, json, ref } from './index.ts';

const time = { type: ['string', 'null'], format: 'date-time' };

export const schemas = {
	WaitingOrganisation: {
		type: 'object',
		properties: {
			organisationId: { type: 'string' },
			name: { type: 'string' },
			sector: { type: 'string', enum: ['vcse', 'statutory'] },
			delegates: {
				type: 'integer',
				description: 'Its voting delegates who can be emailed (not observers, not those who chose no email)'
			},
			lastReminder: {
				oneOf: [
					{
						type: 'object',
						properties: {
							at: { type: 'string', format: 'date-time' },
							by: { type: ['string', 'null'], description: 'The facilitator who sent it' },
							times: { type: 'integer', description: 'Reminders about this vote so far' },
							recipients: { type: 'integer' }
						}
					},
					{ type: 'null' }
				]
			},
			nextReminderAt: { ...time, description: 'Null when a reminder may be sent now' }
		}
	},
	ReminderInput: {
		type: 'object',
		additionalProperties: false,
		properties: {
			organisationIds: {
				type: 'array',
				minItems: 1,
				maxItems: 1000,
				items: { type: 'string', minLength: 1, maxLength: 100 },
				description:
					'Organisations of the electorate to remind; left out, every organisation that has not voted'
			}
		}
	},
	ReminderOutcome: {
		type: 'object',
		properties: {
			reminded: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						organisationId: { type: 'string' },
						name: { type: 'string' },
						recipients: { type: 'integer', description: 'Voting delegates emailed' }
					}
				}
			},
			skipped: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						organisationId: { type: 'string' },
						name: { type: 'string' },
						reason: { type: 'string', enum: ['voted', 'reminded_recently', 'no_delegate'] },
						nextReminderAt: time
					}
				}
			}
		}
	}
};

export const paths = {
	'/votes/{id}/reminders': {
		parameters: [idParam()],
		get: {
			summary: 'Organisations of an open vote that have not voted, with their last reminder (facilitators)',
			tags: ['votes'],
			responses: {
				'200': {
					description: 'Empty unless the vote is open',
					...json({
						type: 'object',
						properties: {
							open: { type: 'boolean' },
							organisations: { type: 'array', items: ref('WaitingOrganisation') }
						}
					})
				},
				...errors(401, 403, 404)
			}
		},
		post: {
			summary: 'Email a reminder to the voting delegates of organisations that have not voted (facilitators)',
			description:
				'At most once a day per organisation per vote. Organisations that have voted, were reminded less than ' +
				'24 hours ago or have no voting delegate who can be emailed are skipped and listed; when all are ' +
				'skipped nothing is sent: 429 if any was reminded too recently, otherwise 409.',
			tags: ['votes'],
			requestBody: { required: false, ...json(ref('ReminderInput')) },
			responses: {
				'201': { description: 'Reminders queued', ...json(ref('ReminderOutcome')) },
				...errors(400, 401, 403, 404, 409, 413, 415, 422, 429)
			}
		}
	}
};
