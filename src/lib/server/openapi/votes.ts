import { BODY_ERRORS, list, type Fragment } from './index.ts';
import * as votes from '../votes/schemas.ts';
import { z } from 'zod';

export const tag = 'votes';

export const paths = {
	'/workspaces/{id}/votes': {
		get: {
			summary: 'List the votes of a workspace (members only)',
			responses: { 200: ['Votes', list('votes', votes.voteJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary: 'Create a vote (facilitators)',
			body: votes.voteInput,
			responses: { 201: ['Created', votes.voteJson] },
			errors: BODY_ERRORS
		}
	},
	'/votes/{id}': {
		get: {
			summary: 'Read a vote',
			responses: { 200: ['The vote', votes.voteJson] },
			errors: [401, 403, 404]
		},
		patch: {
			summary: 'Edit a vote before it opens (facilitators)',
			body: votes.votePatch,
			responses: { 200: ['Updated', votes.voteJson] },
			errors: [...BODY_ERRORS, 409]
		},
		delete: {
			summary: 'Delete a vote that has not opened (facilitators)',
			responses: { 204: ['Deleted'] },
			errors: [401, 403, 404, 409]
		}
	},
	'/votes/{id}/open': {
		post: {
			summary:
				'Open a vote now, before its scheduled time (facilitators); freezes electorate, weights and rule',
			responses: { 200: ['Opened', votes.voteJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/votes/{id}/ballots': {
		get: {
			summary:
				'Ballots you may see: all after the close (or with running totals), otherwise your organisation’s',
			responses: { 200: ['Ballots', list('ballots', votes.ballotJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary:
				'Cast or change an organisation’s ballot (its voting delegate, or a facilitator with assisted: true)',
			body: votes.ballotInput,
			responses: {
				200: ['Replaced the organisation’s earlier ballot', votes.castJson],
				201: ['The organisation’s first ballot', votes.castJson]
			},
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/votes/{id}/close': {
		post: {
			summary: 'Close a vote early with a stated reason (facilitators)',
			body: votes.closeInput,
			responses: { 200: ['Closed', votes.voteJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/votes/{id}/tally': {
		get: {
			summary: 'The tally: electorate with weights, ballots, rule and figures (fractions and display values)',
			description:
				'After the close: the final result. While open: running figures only when the vote shows them, otherwise turnout per chamber.',
			responses: { 200: ['Tally', votes.tallyJson] },
			errors: [401, 403, 404]
		}
	},
	'/votes/{id}/reminders': {
		get: {
			summary: 'Organisations of an open vote that have not voted, with their last reminder (facilitators)',
			responses: {
				200: [
					'Empty unless the vote is open',
					z.strictObject({ open: z.boolean(), organisations: z.array(votes.waitingJson) })
				]
			},
			errors: [401, 403, 404]
		},
		post: {
			summary: 'Email a reminder to the voting delegates of organisations that have not voted (facilitators)',
			description:
				'At most once a day per organisation per vote. Organisations that have voted, were reminded less than ' +
				'24 hours ago or have no voting delegate who can be emailed are skipped and listed; when all are ' +
				'skipped nothing is sent: 429 if any was reminded too recently, otherwise 409.',
			body: votes.reminderInput,
			bodyOptional: true,
			responses: { 201: ['Reminders queued', votes.reminderOutcomeJson] },
			errors: [...BODY_ERRORS, 409, 413, 429]
		}
	}
} satisfies Fragment['paths'];
