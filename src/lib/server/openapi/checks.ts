import { BODY_ERRORS, type Fragment } from './index.ts';
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
	},
	'/documents/{id}/checks/dismissals': {
		post: {
			summary:
				'Dismiss a finding on the current text, with a reason members see (editors and facilitators). It holds while the text it was found in is unchanged',
			body: checks.dismissalInput,
			responses: { 201: ['The finding, dismissed', checks.findingJson] },
			errors: BODY_ERRORS
		}
	},
	'/documents/{id}/checks/dismissals/{key}': {
		delete: {
			summary: 'Take a dismissal back (editors and facilitators)',
			responses: { 204: ['Taken back'] },
			errors: [401, 403, 404]
		}
	},
	'/documents/{id}/checks/set': {
		put: {
			summary:
				'Pick the families of checks that run on a document of kind `other` (facilitators); none run on such a document until then. Other kinds follow their kind (422)',
			body: checks.checkSetInput,
			responses: { 200: ['The families picked', checks.checkSetJson] },
			errors: BODY_ERRORS
		}
	},
	'/workspaces/{id}/checks': {
		get: {
			summary: 'The workspace’s drafting-check settings (members)',
			responses: { 200: ['Settings', checks.settingsJson] },
			errors: [401, 404]
		},
		put: {
			summary:
				'Turn a check off with a reason, on again, or set its number (facilitators): SV1 minimum weighting, PR6 maximum payment days, PR4 minimum standstill',
			body: checks.settingInput,
			responses: { 200: ['Settings', checks.settingsJson] },
			errors: BODY_ERRORS
		}
	}
} satisfies Fragment['paths'];
