import { fail, isHttpError } from '@sveltejs/kit';
import type { z } from 'zod';
import { textProblem } from '../domain/input.ts';
import { isDomainError } from './errors.ts';
import { rethrowAsHttp } from './http/errors.ts';
import { fieldIssues } from './fields.ts';

export type FormFailure = {
	message: string;
	errors: Record<string, string>;
	values: Record<string, string>;
};

/** The text fields of a form, for re-rendering what the person typed (passwords are never echoed back). */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string' && !/password|code/i.test(k)) values[k] = v;
	return values;
}

export function checkbox(data: FormData, name: string): boolean {
	const v = data.get(name);
	return v === 'on' || v === 'true' || v === '1';
}

export function text(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v : '';
}

/** The named text fields of a form, by name, for a schema to check. */
export function texts<K extends string>(data: FormData, ...names: K[]): Record<K, string> {
	return Object.fromEntries(names.map((name) => [name, text(data, name)])) as Record<K, string>;
}

/** Validates form input; on failure returns a `fail(400)` with a message per field and what was typed. */
export function validateForm<S extends z.ZodType>(
	schema: S,
	input: unknown,
	data: FormData
): { ok: true; data: z.infer<S> } | { ok: false; failure: ReturnType<typeof fail<FormFailure>> } {
	const parsed = schema.safeParse(input);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors = fieldIssues(parsed.error.issues);
	return { ok: false, failure: formFailure(400, 'Please correct the highlighted fields.', data, errors) };
}

export function formFailure(
	status: number,
	message: string,
	data: FormData,
	errors: Record<string, string> = {}
) {
	return fail(status, { message, errors, values: formValues(data) } satisfies FormFailure);
}

/**
 * Runs a command and turns its refusals about the input or the state (invalid, conflict, too many attempts)
 * into form failures, so the form re-renders with the message beside what was typed. Access refusals
 * (401/403/404) render the error page.
 */
export async function formCommand<T>(data: FormData, fn: () => T | Promise<T>) {
	try {
		return { ok: true as const, value: await fn() };
	} catch (e) {
		if (isDomainError(e)) {
			if ([401, 403, 404].includes(e.status)) rethrowAsHttp(e);
			return { ok: false as const, failure: formFailure(e.status, e.message, data, e.issues) };
		}
		if (isHttpError(e) && ![401, 403, 404].includes(e.status))
			return { ok: false as const, failure: formFailure(e.status, e.body.message, data) };
		throw e;
	}
}

/**
 * A form action's success. `where` (a hidden field: the form's place on the page, also its action's
 * `#fragment`) is echoed, so the page shows the answer beside the form that posted; without it, the answer is
 * the page's.
 */
export function succeeded(success: string, data: FormData): { success: string; where?: string } {
	const where = text(data, 'where');
	return where ? { success, where } : { success };
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Why an address can name nothing stored, or null: a NUL character or ill-formed Unicode in its path or in a
 * query parameter, once decoded (ids, slugs and searches are stored or compared as text, which PostgreSQL
 * refuses to hold a NUL). A path that does not decode is left for the router.
 */
export function addressTextProblem(url: URL): string | null {
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		path = url.pathname;
	}
	for (const text of [path, ...[...url.searchParams].flat()]) {
		const problem = textProblem(text);
		if (problem) return `The address ${problem}, which names nothing here.`;
	}
	return null;
}

/**
 * Why a form post cannot be stored, or null: any field name or text value that holds a NUL character or
 * ill-formed Unicode (the same rule as JSON bodies). Reads a copy of the body, so the action still can; a body
 * that cannot be read (over the size limit, malformed) is left for the action to refuse.
 */
export async function formTextProblem(request: Request): Promise<string | null> {
	const type = (request.headers.get('content-type') ?? '').toLowerCase();
	if (!FORM_TYPES.some((t) => type.startsWith(t))) return null;
	let data: FormData;
	try {
		data = await request.clone().formData();
	} catch {
		return null;
	}
	for (const [name, value] of data) {
		const problem = textProblem(name) ?? (typeof value === 'string' ? textProblem(value) : null);
		if (problem)
			return `A field of the form ${problem}, which cannot be stored. Remove it and send the form again.`;
	}
	return null;
}
