import type { Fragment } from './index.ts';
import * as checks from '../checks/schemas.ts';

export const tag = 'checks';

export const paths = {
	'/documents/{id}/checks': {
		get: {
			summary:
				'Drafting checks on the current text (members): what the policy is missing, each with its severity, reason and source. Not legal advice',
			responses: { 200: ['Findings', checks.checksJson] },
			errors: [401, 404]
		}
	},
	'/documents/{id}/versions/{versionId}/checks': {
		get: {
			summary: 'Drafting checks on a named version (whoever may read the version)',
			responses: { 200: ['Findings', checks.checksJson] },
			errors: [401, 404]
		}
	}
} satisfies Fragment['paths'];
