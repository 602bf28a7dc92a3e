import { BODY_ERRORS, list, type Fragment } from './index.ts';
import { invitationInput } from '../workspaces/invitations.ts';
import * as workspaces from '../workspaces/schemas.ts';
import { historyCursor, historyJson } from '../governance/schemas.ts';

const params = { id: 'Workspace id or slug' };

export const tag = 'workspaces';

export const paths = {
	'/workspaces': {
		get: {
			summary: 'Your workspaces (within the token’s workspace list), each with your role',
			responses: { 200: ['Workspaces', list('workspaces', workspaces.workspaceJson)] },
			errors: [401]
		},
		post: {
			summary: 'Create a workspace; you become its first facilitator',
			description: 'A token limited to named workspaces cannot create one (403).',
			body: workspaces.workspaceInput,
			responses: { 201: ['Created', workspaces.workspaceJson] },
			errors: [400, 401, 403, 415, 422]
		}
	},
	'/workspaces/{id}': {
		params,
		get: {
			summary: 'Read a workspace (members; anyone for a public workspace)',
			responses: { 200: ['The workspace', workspaces.workspaceDetailJson] },
			errors: [404]
		},
		patch: {
			summary: 'Change name, description, visibility or time zone (facilitators)',
			body: workspaces.workspacePatch,
			responses: { 200: ['Updated', workspaces.workspaceDetailJson] },
			errors: BODY_ERRORS
		}
	},
	'/workspaces/{id}/partners': {
		params,
		get: {
			summary:
				'Partner organisations (the electorate of votes) with this workspace’s record of each: chamber, size band, equity flags, who set them and when',
			responses: { 200: ['Partners', list('partners', workspaces.partnerJson)] },
			errors: [404]
		},
		post: {
			summary:
				'Add a verified organisation, or one created for this workspace, as a partner (facilitators); its chamber and size band are copied into the workspace’s record',
			body: workspaces.partnerInput,
			responses: { 201: ['Added', workspaces.partnerJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/workspaces/{id}/partners/{organisationId}': {
		params,
		patch: {
			summary:
				'Change the workspace’s record of a partner: chamber, size band, equity flags, or confirm or dismiss the organisation’s own changes (facilitators)',
			description:
				'Equity flags apply to VCSE partners only (422 when set on a statutory one). `confirm` or `dismiss` cannot be combined with `sector` or `sizeBand`.',
			body: workspaces.partnerPatch,
			responses: { 200: ['Updated', workspaces.partnerJson] },
			errors: BODY_ERRORS
		},
		delete: {
			summary:
				'Remove a partner (facilitators); its members then act for no organisation and lose delegate status',
			responses: { 204: ['Removed'] },
			errors: [401, 403, 404]
		}
	},
	'/workspaces/{id}/history': {
		params,
		get: {
			summary:
				'The governance history, newest first, 100 at a time: every change to who may act and how votes count (facilitators), or the changes that bear on votes (members)',
			query: { before: historyCursor },
			responses: { 200: ['History', historyJson] },
			errors: [401, 403, 404, 422]
		}
	},
	'/workspaces/{id}/members': {
		params,
		get: {
			summary: 'Members with role, organisation, standing and delegate status (members only)',
			description: 'Email addresses are included for facilitators only.',
			responses: { 200: ['Members', list('members', workspaces.memberJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary:
				'Add someone you already work with in another workspace (facilitators; an administrator may add anyone with an account); invite everyone else',
			body: workspaces.memberInput,
			responses: { 201: ['Added', workspaces.memberJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/workspaces/{id}/members/{userId}': {
		params,
		patch: {
			summary: 'Change a member’s role, organisation, standing or delegate status (facilitators)',
			description: 'Takes effect on the next request; open editing sockets re-check at once.',
			body: workspaces.memberPatch,
			responses: { 200: ['Updated', workspaces.memberJson] },
			errors: BODY_ERRORS
		},
		delete: {
			summary: 'Remove a member (facilitators); the last facilitator cannot be removed',
			responses: { 204: ['Removed'] },
			errors: [401, 403, 404, 422]
		}
	},
	'/workspaces/{id}/invitations': {
		params,
		get: {
			summary: 'Invitations and their status, without links (facilitators)',
			responses: { 200: ['Invitations', list('invitations', workspaces.invitationJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary: 'Invite an email address with a role and organisation (facilitators)',
			description:
				'The answer holds the invitation link, shown this once: send it to the person. It works once, until it expires or is revoked.',
			body: invitationInput,
			responses: { 201: ['Created', workspaces.invitedJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/invitations/{id}': {
		delete: {
			summary: 'Revoke a pending invitation (facilitators of its workspace)',
			responses: { 204: ['Revoked'] },
			errors: [401, 403, 404, 409]
		}
	}
} satisfies Fragment['paths'];
