import { BODY_ERRORS, list, type Fragment } from './index.ts';
import * as meetings from '../meetings/schemas.ts';
import { z } from 'zod';

export const tag = 'meetings';

export const paths = {
	'/workspaces/{id}/meetings': {
		get: {
			summary: 'List the meetings of a workspace, latest first (visitors of a public workspace too)',
			description:
				'Visitors see each meeting’s title, time, place and agenda, with links only to published papers.',
			query: { when: meetings.listQuery.meta({ description: 'upcoming, past or all (default)' }) },
			responses: { 200: ['Meetings', list('meetings', meetings.meetingJson)] },
			errors: [401, 404, 422]
		},
		post: {
			summary: 'Schedule a meeting (facilitators)',
			body: meetings.meetingInput,
			responses: { 201: ['Scheduled', meetings.meetingJson] },
			errors: BODY_ERRORS
		}
	},
	'/meetings/{id}': {
		get: {
			summary: 'Read a meeting and its agenda',
			responses: { 200: ['The meeting', meetings.meetingJson] },
			errors: [401, 404]
		},
		patch: {
			summary: 'Change a meeting’s title, time, place or link (facilitators); raises its sequence',
			body: meetings.meetingPatch,
			responses: { 200: ['Changed', meetings.meetingJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/meetings/{id}/cancel': {
		post: {
			summary: 'Cancel a meeting (facilitators)',
			responses: { 200: ['Cancelled', meetings.meetingJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/meetings/{id}/minutes': {
		post: {
			summary:
				'Start the minutes (facilitators): a document from the minutes template with the agenda and attendance',
			responses: { 201: ['The meeting, linking its minutes', meetings.meetingJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/meetings/{id}/agenda': {
		post: {
			summary: 'Add an agenda item at the end (facilitators); a document’s version is pinned',
			body: meetings.agendaItemInput,
			responses: { 201: ['The meeting with its agenda', meetings.meetingJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/meetings/{id}/agenda/{itemId}': {
		patch: {
			summary: 'Move an agenda item (facilitators)',
			body: meetings.moveInput,
			responses: { 200: ['The meeting with its agenda', meetings.meetingJson] },
			errors: [...BODY_ERRORS, 409]
		},
		delete: {
			summary: 'Remove an agenda item (facilitators)',
			responses: { 204: ['Removed'] },
			errors: [401, 403, 404, 409]
		}
	},
	'/meetings/{id}/invitations': {
		get: {
			summary: 'Who is invited, and their attendance (members)',
			responses: { 200: ['Invitations', list('invitations', meetings.invitationJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary: 'Invite a member (userId) or a guest (name and email) (facilitators)',
			body: meetings.invitationInput,
			responses: { 201: ['Invited', meetings.invitationJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/meetings/{id}/attendance': {
		put: {
			summary:
				'Record who was present, sent apologies or was absent, and for which organisation (facilitators)',
			body: meetings.attendanceInput,
			responses: {
				200: ['Every invitation with its attendance', list('invitations', meetings.invitationJson)]
			},
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/me/calendar': {
		get: {
			summary: 'Whether you have a calendar feed of the meetings you are invited to',
			responses: { 200: ['Its state', z.strictObject({ on: z.boolean() })] },
			errors: [401]
		},
		post: {
			summary: 'Make your calendar feed’s address (an earlier one stops working); shown this once',
			responses: {
				201: [
					'The address to subscribe to',
					z.strictObject({ url: z.string().meta({ description: 'With its secret' }) })
				]
			},
			errors: [401, 403]
		},
		delete: {
			summary: 'Turn your calendar feed off',
			responses: { 204: ['Off'] },
			errors: [401, 403, 404]
		}
	}
} satisfies Fragment['paths'];
