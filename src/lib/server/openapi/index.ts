/**
 * The OpenAPI document is assembled from one fragment per area (`src/lib/server/openapi/<area>.ts`), each
 * exporting `paths` and optionally `schemas`. The route at /api/v1/openapi.json collects them.
 */
export type Fragment = { paths: Record<string, unknown>; schemas?: Record<string, unknown> };

export const errorSchema = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message'],
			properties: { code: { type: 'string' }, message: { type: 'string' } }
		}
	}
};

/** Standard error responses to spread into an operation's `responses`. */
export const errors = (...statuses: number[]) =>
	Object.fromEntries(
		statuses.map((s) => [
			String(s),
			{
				description: DESCRIPTIONS[s] ?? 'Error',
				content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
			}
		])
	);

const DESCRIPTIONS: Record<number, string> = {
	400: 'Malformed request (for example invalid JSON)',
	401: 'Not authenticated',
	403: 'Not allowed (role, token scope, or cross-site request)',
	404: 'Not found, or not visible to you',
	409: 'Conflict with the current state',
	410: 'No longer available',
	413: 'Body too large (JSON bodies: 1 MiB)',
	415: 'Body must be application/json',
	422: 'Invalid input; the message says which field and why',
	429: 'Rate limited'
};

export const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const idParam = (name = 'id') => ({ name, in: 'path', required: true, schema: { type: 'string' } });

export function buildDocument(fragments: Fragment[], serverUrl: string) {
	const paths: Record<string, unknown> = {};
	const schemas: Record<string, unknown> = { Error: errorSchema };
	for (const f of fragments) {
		Object.assign(paths, f.paths);
		Object.assign(schemas, f.schemas ?? {});
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Parity API',
			version: '1',
			description:
				'Co-drafting, weighted-equity votes and the public decision register. Authenticate with a session cookie ' +
				'(browser; non-GET requests need Content-Type: application/json and a same-origin Origin header) or ' +
				'`Authorization: Bearer parity_pat_…`. Errors are `{ "error": { "code", "message" } }`. ' +
				'Input rules for every operation: times between 2000-01-01 and 2199-12-31 (UTC); text well-formed ' +
				'Unicode without NUL characters (else 422); JSON bodies at most 1 MiB (else 413); an id that is ' +
				'sent must name an existing row (a blank or unknown id is a 422).'
		},
		servers: [{ url: `${serverUrl}/api/v1` }],
		security: [{ bearer: [] }, { cookie: [] }],
		paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
		components: {
			schemas,
			securitySchemes: {
				bearer: { type: 'http', scheme: 'bearer', description: 'Personal access token parity_pat_…' },
				cookie: { type: 'apiKey', in: 'cookie', name: 'parity_session' }
			}
		}
	};
}
