import { z } from 'zod';
import { list, type Fragment } from './index.ts';
import * as comments from '../comments/schemas.ts';

const bodyErrors = [401, 403, 404, 409, 415, 422];

export const tag = 'comments';

export const paths = {
	'/documents/{id}/comments': {
		get: {
			summary: 'Comment threads on a document (members)',
			query: { filter: comments.threadFilter },
			responses: { 200: ['Threads in document order', list('threads', comments.threadJson)] },
			errors: [401, 403, 404, 422]
		},
		post: {
			summary: 'Open a thread on a passage (commenter or higher); @Name or @email mentions members',
			body: comments.threadInput,
			responses: { 201: ['Created', comments.threadJson] },
			errors: bodyErrors
		}
	},
	'/comments/{id}': {
		params: { id: 'A thread id, or the id of a comment in it' },
		get: {
			summary: 'A thread',
			responses: { 200: ['The thread', comments.threadJson] },
			errors: [401, 403, 404]
		},
		patch: {
			summary: 'Resolve or reopen the thread; edit your own comment (the earlier wording is kept)',
			body: comments.commentPatch,
			responses: { 200: ['The thread', comments.threadJson] },
			errors: bodyErrors
		},
		delete: {
			summary: 'Delete your own comment (its row stays, marked deleted; the text moves to the history)',
			responses: { 204: ['Deleted'] },
			errors: [401, 403, 404, 409]
		}
	},
	'/comments/{id}/replies': {
		params: { id: 'A thread id, or the id of a comment in it' },
		post: {
			summary: 'Reply in a thread',
			body: comments.replyInput,
			responses: {
				201: ['The thread with the reply', comments.threadJson.extend({ replyId: z.string() })]
			},
			errors: bodyErrors
		}
	},
	'/documents/{id}/suggestions': {
		get: {
			tags: ['suggestions'],
			summary: 'Suggestions on a document',
			query: { status: comments.suggestionStatus },
			responses: { 200: ['Suggestions', list('suggestions', comments.suggestionJson)] },
			errors: [401, 403, 404, 422]
		},
		post: {
			tags: ['suggestions'],
			summary:
				'Suggest replacing, deleting (empty replacement) or inserting (a point range) text, within one paragraph',
			body: comments.suggestionInput,
			responses: { 201: ['Created', comments.suggestionJson] },
			errors: bodyErrors
		}
	},
	'/suggestions/{id}/accept': {
		post: {
			tags: ['suggestions'],
			summary:
				'Accept (editor or facilitator): applied through the live document, credited to its author; 409 when outdated',
			responses: { 200: ['Accepted', comments.suggestionJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/suggestions/{id}/reject': {
		post: {
			tags: ['suggestions'],
			summary: 'Reject with a reason (editor or facilitator)',
			body: comments.rejectInput,
			responses: { 200: ['Rejected', comments.suggestionJson] },
			errors: bodyErrors
		}
	}
} satisfies Fragment['paths'];
