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
 * The first text anywhere in a parsed JSON value (object keys included) that cannot be stored, with its
 * path, or null when every text is fine.
 */
export function findTextProblem(value: unknown, path = ''): { path: string; problem: string } | null {
	if (typeof value === 'string') {
		const problem = textProblem(value);
		return problem ? { path, problem } : null;
	}
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const found = findTextProblem(value[i], path ? `${path}.${i}` : String(i));
			if (found) return found;
		}
		return null;
	}
	if (value !== null && typeof value === 'object') {
		for (const [key, v] of Object.entries(value)) {
			const keyProblem = textProblem(key);
			if (keyProblem) return { path: path || 'a field name', problem: keyProblem };
			const found = findTextProblem(v, path ? `${path}.${key}` : key);
			if (found) return found;
		}
	}
	return null;
}
