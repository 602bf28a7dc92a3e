/**
 * Schema pieces shared by every API schema and form parser, so that one rule holds for each kind of value
 * (docs/architecture.md, "Input rules"). Text is checked once for every field where bodies are read
 * (`readJson` in api.ts, form posts in hooks.server.ts).
 */
import { z } from 'zod';
import { Invalid, type FieldIssues } from './errors.ts';
import { dateInRange, inTimeRange, TIME_RANGE } from '../domain/input.ts';
import { dateOnly, zonedToUtc } from '../domain/time.ts';

export { TIME_RANGE };

const timeMessage = `Give a time as an RFC 3339 string such as "2026-12-01T09:00:00Z" or as milliseconds since 1970, ${TIME_RANGE}.`;

/** A time: milliseconds since 1970 or RFC 3339 with an offset, within the accepted range; gives milliseconds. */
export const instant = z
	.union([z.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))], {
		error: timeMessage
	})
	.refine(inTimeRange, `The time must be ${TIME_RANGE}.`);

/** A time in an answer: RFC 3339 in UTC, as `Date.prototype.toISOString` writes it. */
export const isoTime = z.iso.datetime();

/** `instant`, as an RFC 3339 string only. */
export const isoInstant = z.iso
	.datetime({ offset: true, error: `Give a time as an RFC 3339 string such as "2026-12-01T09:00:00Z".` })
	.refine((s) => inTimeRange(Date.parse(s)), `The time must be ${TIME_RANGE}.`);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a text is a real calendar date `YYYY-MM-DD` (not 2027-02-30). */
export function isRealDate(text: string): boolean {
	if (!DATE.test(text)) return false;
	const ms = Date.parse(`${text}T00:00:00Z`);
	return !Number.isNaN(ms) && dateOnly(ms) === text;
}

/** A calendar date `YYYY-MM-DD` within the accepted range. */
export const calendarDate = (label: string) =>
	z
		.string({ error: `${label} must be a date such as 2027-03-31.` })
		.trim()
		.refine(isRealDate, `${label} must be a date such as 2027-03-31.`)
		.refine(dateInRange, `${label} must be ${TIME_RANGE}.`)
		.meta({ format: 'date' });

/** Refuses (Invalid) an instant computed by a form parser or command outside the accepted range. */
export function checkInstant(ms: number, label: string): number {
	if (!inTimeRange(ms)) throw new Invalid(`${label} must be ${TIME_RANGE}.`);
	return ms;
}

/**
 * A wall-clock time typed in a zone (`YYYY-MM-DDTHH:mm`, as `<input type="datetime-local">` sends) as an
 * instant within the accepted range, or null when it is not a real time there.
 */
export function zonedInstant(local: string, timeZone: string, label: string): number | null {
	const ms = zonedToUtc(local, timeZone);
	return ms === null ? null : checkInstant(ms, label);
}

/**
 * A form's wall-clock times (`YYYY-MM-DDTHH:mm`, typed in the workspace's zone) as instants: `labels` names
 * the time fields and how messages call them. Refuses (Invalid) a missing or impossible time, or one out of
 * range, with a message about that field.
 */
export function readLocalTimes<T extends Record<string, unknown>>(
	input: T,
	timeZone: string,
	labels: Record<string, string>
): T {
	const out: Record<string, unknown> = { ...input };
	for (const [name, label] of Object.entries(labels)) {
		if (!(name in input)) continue;
		const raw = typeof input[name] === 'string' ? (input[name] as string).trim() : '';
		const fail = (message: string): never => {
			throw new Invalid(message, { [name]: message });
		};
		if (!raw) fail(`Enter the ${label}.`);
		const at = zonedToUtc(raw, timeZone);
		if (at === null) fail(`The ${label} is not a valid date and time.`);
		if (!inTimeRange(at!)) fail(`The ${label} must be ${TIME_RANGE}.`);
		out[name] = at;
	}
	return out as T;
}

/** A request body or form as an object of fields (anything else: none), for merging with fields of the door's. */
export function asRecord(input: unknown): Record<string, unknown> {
	return input && typeof input === 'object' && !Array.isArray(input)
		? (input as Record<string, unknown>)
		: {};
}

/** The first message for each field (`form` for the whole input), to show beside what the person typed. */
export function fieldIssues(issues: z.core.$ZodIssue[]): FieldIssues {
	const out: FieldIssues = {};
	for (const issue of issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
	return out;
}

/** The issues as the API words them: one sentence each, led by the field's path. */
export function describeIssues(issues: z.core.$ZodIssue[]): string {
	return issues
		.map((i) => {
			if (i.code === 'unrecognized_keys') return `Unknown field(s): ${i.keys.join(', ')}.`;
			const path = i.path.join('.');
			return path ? `${path}: ${i.message}` : i.message;
		})
		.join(' ');
}

/**
 * Checks a command's input against a schema; refuses (Invalid) with one sentence per field (as the API words
 * them), and the first message for each field so that a form can show it beside the field.
 */
export function readInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return parsed.data;
	throw new Invalid(describeIssues(parsed.error.issues), fieldIssues(parsed.error.issues));
}
