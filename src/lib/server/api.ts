import { error, isHttpError, json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actor } from './access.ts';
import { logError } from './log.ts';
import { isDomainError } from './errors.ts';
import { describeIssues } from './fields.ts';
import { findTextProblem, jsonNestsDeeper, MAX_JSON_DEPTH } from '../domain/input.ts';

/** The API's error shape: `{ "error": { "code", "message" } }`. */
export function errorResponse(
	status: number,
	code: string,
	message: string,
	headers?: HeadersInit
): Response {
	return json({ error: { code, message } }, { status, headers });
}

const CODES: Record<number, string> = {
	400: 'bad_request',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	409: 'conflict',
	413: 'too_large',
	415: 'unsupported_media_type',
	422: 'invalid',
	429: 'rate_limited'
};

/**
 * Wraps an API handler so that thrown SvelteKit errors (from access checks and validation) become JSON errors,
 * and anything unexpected becomes a 500 without details.
 */
export function api<E extends RequestEvent>(fn: (event: E) => Response | Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await fn(event);
		} catch (e) {
			if (isDomainError(e)) return errorResponse(e.status, e.code, e.message);
			if (isHttpError(e)) {
				const body = e.body as { message: string; code?: string };
				return errorResponse(e.status, body.code ?? CODES[e.status] ?? 'error', body.message);
			}
			if ((e as { status?: number; location?: string }).location) throw e;
			// The server's own errors about the request (a body over BODY_SIZE_LIMIT …) keep their 4xx status.
			const status = (e as { status?: unknown }).status;
			if (typeof status === 'number' && status >= 400 && status < 500)
				return errorResponse(status, CODES[status] ?? 'error', (e as Error).message || 'Bad request.');
			logError('api error', e);
			return errorResponse(500, 'internal', 'Something went wrong on the server.');
		}
	};
}

export function actorOf(locals: App.Locals): Actor {
	return { user: locals.user, token: locals.token };
}

/** Formats zod issues as one readable sentence per field. */
/** The largest JSON body, in bytes (the server takes larger bodies only for uploads). */
export const MAX_JSON_BODY = 1024 * 1024;

/**
 * Reads a request body, refusing (413) more than `limit` bytes whether or not it has a Content-Length, and
 * turning the server's own body-size error (above BODY_SIZE_LIMIT) into a 413 rather than a 500. Past the
 * limit the rest is read and dropped (up to the server's limit), so the client receives the 413 on a
 * connection it can keep using.
 */
export async function readBody(
	request: Request,
	limit: number,
	tooLargeMessage = `The body is larger than ${MAX_JSON_BODY} bytes (1 MiB).`
): Promise<Buffer> {
	if (!request.body) return Buffer.alloc(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	const refuse = (): never => error(413, { message: tooLargeMessage, code: 'too_large' });
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= limit) chunks.push(value);
		}
	} catch (e) {
		if (isHttpError(e)) throw e;
		if ((e as { status?: number }).status === 413) refuse();
		error(400, { message: 'The body could not be read.', code: 'bad_request' });
	}
	if (size > limit) refuse();
	return Buffer.concat(chunks);
}

async function readBodyText(request: Request, limit: number): Promise<string> {
	return new TextDecoder().decode(await readBody(request, limit));
}

/**
 * Reads a JSON body and validates it: 413 over 1 MiB, 400 for bad JSON, 422 for text that cannot be stored
 * (lone surrogates, NUL) in any field and for invalid or unknown fields.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('application/json'))
		error(415, { message: 'Send the body as application/json.', code: 'unsupported_media_type' });
	const text = await readBodyText(request, MAX_JSON_BODY);
	if (jsonNestsDeeper(text))
		error(422, { message: `The body nests deeper than ${MAX_JSON_DEPTH} levels.`, code: 'invalid' });
	let data: unknown;
	try {
		data = text === '' ? {} : JSON.parse(text);
	} catch {
		error(400, { message: 'The body is not valid JSON.', code: 'bad_request' });
	}
	const bad = findTextProblem(data);
	if (bad) error(422, { message: `${bad.path || 'The body'}: ${bad.problem}.`, code: 'invalid' });
	const parsed = schema.safeParse(data);
	if (!parsed.success) error(422, { message: describeIssues(parsed.error.issues), code: 'invalid' });
	return parsed.data;
}

/** Validates query or path values; 422 with a clear message when invalid. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
	const bad = findTextProblem(data);
	if (bad) error(422, { message: `${bad.path}: ${bad.problem}.`, code: 'invalid' });
	const parsed = schema.safeParse(data);
	if (!parsed.success) error(422, { message: describeIssues(parsed.error.issues), code: 'invalid' });
	return parsed.data;
}
