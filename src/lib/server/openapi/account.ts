import { z } from 'zod';
import { BODY_ERRORS, list, type Fragment } from './index.ts';
import * as auth from '../auth/schemas.ts';
import * as mail from '../mail/schemas.ts';
import { personalDataJson } from '../account/schemas.ts';

export const tag = 'account';

export const paths = {
	'/me': {
		get: {
			summary: 'Who you are: your account, the token in use, your organisations and workspaces',
			responses: { 200: ['You', auth.meJson] },
			errors: [401]
		},
		delete: {
			summary:
				'Delete your account (a session, or a write token for all your workspaces). Comments and suggestions stay, attributed to a former member of your organisation; your details are redacted from the registers; sessions, tokens and unsent mail go; a confirmation is emailed. Refused (403) while you are the only facilitator of a workspace with other members.',
			responses: { 204: ['Deleted'] },
			errors: [401, 403]
		}
	},
	'/me/two-factor': {
		get: {
			summary:
				'Your two-factor sign-in: whether it is on, whether you must use it (and why), and how many recovery codes are left',
			responses: { 200: ['Status', auth.twoFactorJson] },
			errors: [401]
		}
	},
	'/me/data': {
		get: {
			summary:
				'Everything Parity holds about you: account, memberships, organisations, comments, suggestions, ballots you cast, consultation responses',
			responses: { 200: ['Your data', personalDataJson] },
			errors: [401, 403]
		}
	},
	'/tokens': {
		get: {
			summary: 'Your personal access tokens that are not revoked (needs a session, not a token)',
			responses: { 200: ['Tokens', list('tokens', auth.tokenJson)] },
			errors: [401, 403]
		},
		post: {
			summary: 'Create a personal access token (needs a session); the secret is in the answer only',
			body: auth.tokenInput,
			responses: { 201: ['Created', auth.newTokenJson] },
			errors: [400, 401, 403, 415, 422]
		}
	},
	'/tokens/{id}': {
		delete: {
			summary: 'Revoke one of your tokens (needs a session)',
			responses: { 204: ['Revoked'] },
			errors: [401, 403, 404]
		}
	},
	'/me/mail': {
		get: {
			summary: 'How often Parity emails you about each of your workspaces',
			responses: {
				200: [
					'Your choices (a workspace you have not chosen for shows the default, daily)',
					z.strictObject({ workspaces: z.array(mail.preferenceJson) })
				]
			},
			errors: [401]
		}
	},
	'/me/mail/{workspaceId}': {
		put: {
			summary: 'Choose how often Parity emails you about one workspace (straight away, a digest, or never)',
			body: mail.modeInput,
			responses: { 200: ['Saved', mail.modeJson] },
			errors: BODY_ERRORS
		}
	}
} satisfies Fragment['paths'];
