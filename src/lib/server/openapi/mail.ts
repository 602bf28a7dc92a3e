import { errors, json, ref } from './index.ts';

const modes = { type: 'string', enum: ['immediate', 'daily', 'weekly', 'none'] };

export const paths = {
	'/me/mail': {
		get: {
			summary: 'How often Parity emails you about each of your workspaces',
			tags: ['account'],
			responses: {
				'200': {
					description: 'Your choices (a workspace you have not chosen for shows the default, daily)',
					...json({
						type: 'object',
						required: ['workspaces'],
						properties: { workspaces: { type: 'array', items: ref('MailPreference') } }
					})
				},
				...errors(401)
			}
		}
	},
	'/me/mail/{workspaceId}': {
		parameters: [{ name: 'workspaceId', in: 'path', required: true, schema: { type: 'string' } }],
		put: {
			summary: 'Choose how often Parity emails you about one workspace (straight away, a digest, or never)',
			tags: ['account'],
			requestBody: {
				required: true,
				...json({
					type: 'object',
					required: ['mode'],
					additionalProperties: false,
					properties: { mode: modes }
				})
			},
			responses: {
				'200': {
					description: 'Saved',
					...json({
						type: 'object',
						required: ['workspaceId', 'mode'],
						properties: { workspaceId: { type: 'string' }, mode: modes }
					})
				},
				...errors(400, 401, 403, 404, 415, 422)
			}
		}
	}
};

export const schemas = {
	MailPreference: {
		type: 'object',
		required: ['workspaceId', 'slug', 'name', 'mode'],
		properties: {
			workspaceId: { type: 'string' },
			slug: { type: 'string' },
			name: { type: 'string' },
			mode: modes
		}
	}
};
