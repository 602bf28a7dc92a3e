/**
 * The OpenAPI document, generated from the zod schemas that validate requests and shape responses. Each area
 * lists its operations in a small table (`src/lib/server/openapi/<area>.ts`, exporting `paths` and optionally
 * `tag`): a summary, the request schema, the answer's schema per status and the error statuses. Schemas with
 * `.meta({ id })` become named components; descriptions come from `.meta({ description })` beside the
 * schemas. The route at /api/v1/openapi.json collects the tables.
 */
import { z } from 'zod';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export type Operation = {
	summary: string;
	description?: string;
	tags?: string[];
	/** Query parameters: name → the schema the route reads it with. */
	query?: Record<string, z.ZodType>;
	/** The JSON body, as the route validates it. */
	body?: z.ZodType;
	/** The body may be left out. */
	bodyOptional?: boolean;
	/** Media types of a file the operation also takes as its whole body (a Word file to import). */
	uploads?: string[];
	/** Status → its description and the schema of the JSON answer (none when the answer is empty). */
	responses: Record<number, [string, z.ZodType?]>;
	/** Media types the 200 answer also comes in, as text (chosen with `format`). */
	formats?: string[];
	errors: number[];
};
/** Operations by method, and descriptions of path parameters by name. */
export type PathItem = { [M in (typeof METHODS)[number]]?: Operation } & { params?: Record<string, string> };
export type Fragment = { tag?: string; paths: Record<string, PathItem> };

const apiError = z
	.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) })
	.meta({ id: 'Error', description: 'Every error: a code for programs and a message for people' });

/** The errors of an operation that reads a JSON body: bad JSON, not signed in, not allowed, not found, not JSON, invalid. */
export const BODY_ERRORS = [400, 401, 403, 404, 415, 422];

/** An answer listing things under one key, such as `{ "votes": [...] }`. */
export const list = <K extends string>(key: K, item: z.ZodType) =>
	z.strictObject({ [key]: z.array(item) } as Record<K, z.ZodArray<z.ZodType>>);

const DESCRIPTIONS: Record<number, string> = {
	400: 'Malformed request (for example invalid JSON)',
	401: 'Not authenticated',
	403: 'Not allowed (role, token scope, or cross-site request)',
	404: 'Not found, or not visible to you',
	409: 'Conflict with the current state',
	410: 'No longer available',
	413: 'Body too large (JSON bodies: 1 MiB; Word files: 10 MB), or a Word file that unpacks too large',
	415: 'Body must be application/json',
	422: 'Invalid input; the message says which field and why',
	429: 'Rate limited'
};

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

/** The standard error responses of an operation. */
const errors = (statuses: number[]) =>
	Object.fromEntries(
		statuses.map((s) => [
			s,
			{ description: DESCRIPTIONS[s] ?? 'Error', ...json({ $ref: '#/components/schemas/Error' }) }
		])
	);

/** Every operation of the tables, with its method and path. */
export function operations(fragments: Fragment[]) {
	return fragments.flatMap((f) =>
		Object.entries(f.paths).flatMap(([path, item]) =>
			METHODS.flatMap((method) => (item[method] ? [{ path, method, op: item[method] }] : []))
		)
	);
}

/**
 * Converts zod schemas to JSON Schema (requests as zod's input, answers as its output), collecting the named
 * ones as components; one name must mean one shape.
 */
function converter() {
	const components: Record<string, unknown> = {};
	const convert = (schema: z.ZodType, io: 'input' | 'output') => {
		const { $defs, ...out } = z.toJSONSchema(schema, {
			io,
			// Noise: zod's regular expression for a format, and the safe-integer bounds of every integer.
			override: ({ jsonSchema: s }) => {
				if (s.format) delete s.pattern;
				if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
				if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
			}
		});
		delete out.$schema;
		for (const [id, def] of Object.entries($defs ?? {})) {
			if (components[id] && JSON.stringify(components[id]) !== JSON.stringify(def))
				throw new Error(`The schema ${id} has two shapes (request and answer): give them two names.`);
			components[id] = def;
		}
		return out;
	};
	return { components, convert };
}
type Converter = ReturnType<typeof converter>['convert'];

function pathItem(path: string, item: PathItem, tag: string | undefined, convert: Converter) {
	const params = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
		name,
		in: 'path',
		required: true,
		schema: { type: 'string' },
		description: item.params?.[name]
	}));
	const out: Record<string, unknown> = { parameters: params.length ? params : undefined };
	for (const method of METHODS) {
		const op = item[method];
		if (!op) continue;
		const query = Object.entries(op.query ?? {}).map(([name, s]) => {
			const { description, ...schema } = convert(s, 'input');
			return { name, in: 'query', description, schema };
		});
		const responses = Object.entries(op.responses).map(([status, [description, schema]]) => {
			const text = status === '200' ? (op.formats ?? []) : [];
			const content = schema && {
				'application/json': { schema: convert(schema, 'output') },
				...Object.fromEntries(
					text.map((type) => [
						type,
						{
							schema: type.startsWith('text/')
								? { type: 'string' }
								: { type: 'string', contentMediaType: type }
						}
					])
				)
			};
			return [status, { description, content }];
		});
		out[method] = {
			summary: op.summary,
			description: op.description,
			tags: op.tags ?? (tag ? [tag] : undefined),
			parameters: query.length ? query : undefined,
			requestBody: op.body && {
				required: !op.bodyOptional,
				content: {
					...json(convert(op.body, 'input')).content,
					...Object.fromEntries(
						(op.uploads ?? []).map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])
					)
				}
			},
			responses: { ...Object.fromEntries(responses), ...errors(op.errors) }
		};
	}
	return out;
}

/** The document, but for `servers`, which the route fills in from the request's origin. */
export function buildDocument(areas: Fragment[]): Record<string, unknown> {
	const { components, convert } = converter();
	convert(apiError, 'output');
	const paths: Record<string, unknown> = {};
	for (const area of areas)
		for (const [path, item] of Object.entries(area.paths))
			paths[path] = pathItem(path, item, area.tag, convert);
	const sorted = (o: Record<string, unknown>) =>
		Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
	const document = {
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
		security: [{ bearer: [] }, { cookie: [] }],
		paths: sorted(paths),
		components: {
			schemas: sorted(components),
			securitySchemes: {
				bearer: { type: 'http', scheme: 'bearer', description: 'Personal access token parity_pat_…' },
				cookie: { type: 'apiKey', in: 'cookie', name: 'parity_session' }
			}
		}
	};
	// zod names its definitions `#/$defs/…`; in the document they are components. JSON drops the undefined keys.
	return JSON.parse(JSON.stringify(document).replaceAll('"#/$defs/', '"#/components/schemas/'));
}
