// Rules every value a client sends must meet before anything reads or stores it (docs/architecture.md,
// "Input rules"): times within a stated range, and text that is well-formed Unicode without NUL characters.

/** The earliest instant accepted anywhere: 2000-01-01T00:00:00Z. */
export const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
/** The latest instant accepted anywhere: 2199-12-31T23:59:59.999Z. */
export const LATEST_INSTANT = Date.UTC(2200, 0, 1) - 1;
/** The range, as messages state it. */
export const TIME_RANGE = 'between 2000-01-01 and 2199-12-31 (UTC)';

/** Whether a value is an instant (ms since 1970) within the accepted range. */
export function inTimeRange(ms: unknown): ms is number {
	return typeof ms === 'number' && Number.isInteger(ms) && ms >= EARLIEST_INSTANT && ms <= LATEST_INSTANT;
}

/** Whether a calendar date `YYYY-MM-DD` falls within the accepted range (the format is checked elsewhere). */
export function dateInRange(date: string): boolean {
	return date >= '2000-01-01' && date <= '2199-12-31';
}

/**
 * Why a text cannot be stored, or null when it can: a lone surrogate (ill-formed UTF-16, which has no UTF-8
 * form and which canonical JSON refuses) or a NUL character (which C libraries, files and terminals cut at).
 */
export function textProblem(text: string): string | null {
	if (text.includes('\u0000')) return 'contains a NUL character';
	if (!text.isWellFormed()) return 'contains ill-formed Unicode (a lone surrogate)';
	return null;
}

/**
 * Text read out of a live document, fit to store: a NUL character (which a collaborator's client can put in a
 * document, and which PostgreSQL refuses in text) becomes U+FFFD, as an HTML parser reads it. One character
 * for one, so offsets into the text stay the same.
 */
export function storableText(text: string): string {
	return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/**
 * The first text anywhere in a parsed JSON value (object keys included) that cannot be stored, with its
 * path, or null when every text is fine. Walks without recursion, so no nesting depth can overflow the stack.
 */
export function findTextProblem(value: unknown): { path: string; problem: string } | null {
	const stack: [unknown, string][] = [[value, '']];
	while (stack.length) {
		const [v, path] = stack.pop()!;
		if (typeof v === 'string') {
			const problem = textProblem(v);
			if (problem) return { path, problem };
		} else if (v !== null && typeof v === 'object') {
			const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
			for (let i = entries.length - 1; i >= 0; i--) {
				const [key, child] = entries[i];
				const keyProblem = textProblem(key);
				if (keyProblem) return { path: path || 'a field name', problem: keyProblem };
				// (a path deeper than a reader needs stops growing, so no nesting makes it large)
				stack.push([child, path.length > 200 ? path : path ? `${path}.${key}` : key]);
			}
		}
	}
	return null;
}

/** How deeply a JSON body may nest (Parity's own bodies need a handful of levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one pass over the text before it is
 * parsed (parsing and walking a body nested hundreds of thousands deep would hold the server for seconds).
 */
export function jsonNestsDeeper(text: string, max = MAX_JSON_DEPTH): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++;
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}
