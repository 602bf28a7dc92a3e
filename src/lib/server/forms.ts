import { fail, isHttpError } from '@sveltejs/kit';
import type { z } from 'zod';

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

/** Validates form input; on failure returns a `fail(400)` with a message per field and what was typed. */
export function validateForm<S extends z.ZodType>(
	schema: S,
	input: unknown,
	data: FormData
): { ok: true; data: z.infer<S> } | { ok: false; failure: ReturnType<typeof fail<FormFailure>> } {
	const parsed = schema.safeParse(input);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const key = String(issue.path[0] ?? 'form');
		errors[key] ??= issue.message;
	}
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
 * Runs a domain command that may throw SvelteKit errors (422, 409 …) and turns those into form failures, so the
 * form re-renders with the message. Access errors (401/403/404) are re-thrown.
 */
export async function formCommand<T>(data: FormData, fn: () => T | Promise<T>) {
	try {
		return { ok: true as const, value: await fn() };
	} catch (e) {
		if (isHttpError(e) && ![401, 403, 404].includes(e.status))
			return { ok: false as const, failure: formFailure(e.status, e.body.message, data) };
		throw e;
	}
}
