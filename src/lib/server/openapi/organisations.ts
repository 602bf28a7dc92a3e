import { BODY_ERRORS, list, type Fragment } from './index.ts';
import * as organisations from '../organisations/schemas.ts';

export const tag = 'organisations';

export const paths = {
	'/organisations': {
		get: {
			summary:
				'The organisations you may see: the verified directory, your own, and unverified ones you may see',
			description:
				'With a token limited to some workspaces: only the partners of those workspaces, read-only.',
			responses: { 200: ['Organisations', list('organisations', organisations.organisationJson)] },
			errors: [401]
		},
		post: {
			summary: 'Create an organisation; you become its first member',
			description:
				'An administrator’s is verified at once; anyone else’s waits for an administrator. A token limited to some workspaces cannot create one (403).',
			body: organisations.organisationCreate,
			responses: { 201: ['Created', organisations.organisationJson] },
			errors: [400, 401, 403, 415, 422]
		}
	},
	'/organisations/{id}': {
		get: {
			summary: 'Read an organisation',
			responses: { 200: ['The organisation', organisations.organisationJson] },
			errors: [401, 404]
		},
		patch: {
			summary: 'Change an organisation (its members, or an administrator)',
			description:
				'Changes no workspace’s record of it as a partner: each shows its facilitators the difference to confirm or dismiss. Acting for an organisation in a workspace gives no right to change it.',
			body: organisations.organisationPatch,
			responses: { 200: ['Updated', organisations.organisationJson] },
			errors: BODY_ERRORS
		}
	},
	'/organisations/{id}/members': {
		get: {
			summary: 'The organisation’s members (its members, or an administrator)',
			responses: { 200: ['Members', list('members', organisations.organisationMemberJson)] },
			errors: [401, 403, 404]
		},
		post: {
			summary:
				'Add someone you already work with in a workspace to the organisation (its members; an administrator may add anyone with an account)',
			body: organisations.organisationMemberInput,
			responses: { 201: ['Added', organisations.personJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/organisations/{id}/verify': {
		post: {
			summary: 'Verify an organisation for the directory (administrators)',
			responses: { 200: ['Verified', organisations.organisationJson] },
			errors: [401, 403, 404, 409]
		}
	},
	'/organisations/{id}/merge': {
		post: {
			summary: 'Merge this duplicate into another organisation (administrators)',
			description:
				'Partnerships (with each workspace’s record), the people acting for it, invitations, consultation responses and members move; ballots, decisions, dissents and actions keep naming it as recorded. 409 while it is in the electorate of an open vote.',
			body: organisations.mergeInput,
			responses: { 200: ['The organisation kept', organisations.organisationJson] },
			errors: [...BODY_ERRORS, 409]
		}
	},
	'/organisations/{id}/members/{userId}': {
		delete: {
			summary: 'Remove someone from the organisation (its members, or an administrator)',
			responses: { 204: ['Removed'] },
			errors: [401, 403, 404]
		}
	}
} satisfies Fragment['paths'];
