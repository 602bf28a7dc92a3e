/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one exact text for every JSON value, so that a hash of
 * the text identifies the value. Used by the register chain (docs/register.md).
 *
 * - object members sorted by their names compared as UTF-16 code units, no whitespace;
 * - strings escaped as ECMAScript's JSON.stringify does (only `"`, `\` and control characters);
 * - numbers written as ECMAScript's Number.prototype.toString (−0 as 0); NaN and ±Infinity refused;
 * - strings with unpaired surrogates refused (I-JSON, RFC 7493).
 *
 * Only plain JSON data is accepted: null, booleans, finite numbers, strings, arrays and plain objects.
 * An object member whose value is `undefined` is left out (as JSON.stringify does, so a value and its
 * JSON round trip have the same text); anything else (undefined in an array, functions, symbols,
 * BigInt, Date, Map, class instances, cycles) throws a CanonicalJsonError naming where it was found.
 */

export class CanonicalJsonError extends Error {
	readonly path: string;

	constructor(message: string, path: string) {
		super(`${message} at ${path}`);
		this.name = 'CanonicalJsonError';
		this.path = path;
	}
}

// Matches a lone high surrogate (not followed by a low one) or a lone low surrogate.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serialiseString(s: string, path: string): string {
	if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError('A string holds an unpaired surrogate', path);
	// JSON.stringify escapes exactly as RFC 8785 requires for well-formed strings: \b \t \n \f \r,
	// \" \\, and \u00xx (lower-case hex) for the other control characters.
	return JSON.stringify(s);
}

function serialiseNumber(n: number, path: string): string {
	if (!Number.isFinite(n)) throw new CanonicalJsonError(`${n} is not a JSON number`, path);
	// Number.prototype.toString is the ECMAScript algorithm RFC 8785 adopts; it writes −0 as "0".
	return String(n);
}

function isPlainObject(value: object): boolean {
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

function compareCodeUnits(a: string, b: string): number {
	// String comparison in ECMAScript is by UTF-16 code units, which is what RFC 8785 asks for.
	return a < b ? -1 : a > b ? 1 : 0;
}

function serialise(value: unknown, path: string, open: Set<object>): string {
	switch (typeof value) {
		case 'string':
			return serialiseString(value, path);
		case 'number':
			return serialiseNumber(value, path);
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object':
			break;
		default:
			throw new CanonicalJsonError(`A ${typeof value} is not JSON data`, path);
	}
	if (value === null) return 'null';
	if (open.has(value)) throw new CanonicalJsonError('A value contains itself', path);
	open.add(value);
	let out: string;
	if (Array.isArray(value)) {
		const parts: string[] = [];
		for (let i = 0; i < value.length; i++) {
			if (!(i in value) || value[i] === undefined)
				throw new CanonicalJsonError('An array holds undefined', `${path}[${i}]`);
			parts.push(serialise(value[i], `${path}[${i}]`, open));
		}
		out = `[${parts.join(',')}]`;
	} else {
		if (!isPlainObject(value)) {
			const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
			throw new CanonicalJsonError(`A ${name} is not plain JSON data`, path);
		}
		if (Object.getOwnPropertySymbols(value).length)
			throw new CanonicalJsonError('An object has symbol keys', path);
		const record = value as Record<string, unknown>;
		const keys = Object.keys(record).sort(compareCodeUnits);
		const parts: string[] = [];
		for (const key of keys) {
			const member = record[key];
			if (member === undefined) continue;
			const memberPath = `${path}.${key}`;
			parts.push(`${serialiseString(key, memberPath)}:${serialise(member, memberPath, open)}`);
		}
		out = `{${parts.join(',')}}`;
	}
	open.delete(value);
	return out;
}

/**
 * True when JSON.stringify already writes `value` canonically: plain data only, member names already in
 * code-unit order, no unpaired surrogates, no undefined, no non-finite numbers. Values read by JSON.parse
 * from canonical text always qualify, which makes re-checking stored entries fast.
 */
function stringifyIsCanonical(value: unknown, depth: number): boolean {
	switch (typeof value) {
		case 'string':
			return !LONE_SURROGATE.test(value);
		case 'number':
			return Number.isFinite(value);
		case 'boolean':
			return true;
		case 'object':
			break;
		default:
			return false;
	}
	if (value === null) return true;
	if (depth > 64) return false;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			if (!(i in value) || !stringifyIsCanonical(value[i], depth + 1)) return false;
		}
		return true;
	}
	if (Object.getPrototypeOf(value) !== Object.prototype) return false;
	const record = value as Record<string, unknown>;
	let previous: string | null = null;
	for (const key in record) {
		if (!Object.hasOwn(record, key)) return false;
		if ((previous !== null && !(previous < key)) || LONE_SURROGATE.test(key)) return false;
		const member = record[key];
		if (member === undefined || !stringifyIsCanonical(member, depth + 1)) return false;
		previous = key;
	}
	return Object.getOwnPropertySymbols(value).length === 0;
}

/** The RFC 8785 canonical text of a JSON value. Throws CanonicalJsonError for anything that is not JSON data. */
export function canonicalize(value: unknown): string {
	if (value === undefined) throw new CanonicalJsonError('undefined is not JSON data', '$');
	if (stringifyIsCanonical(value, 0)) return JSON.stringify(value);
	return serialise(value, '$', new Set());
}

/** The canonical text as UTF-8 bytes (what gets hashed). */
export function canonicalBytes(value: unknown): Uint8Array {
	return new TextEncoder().encode(canonicalize(value));
}

/** True when `text` is exactly the canonical form of the JSON it holds. */
export function isCanonical(text: string): boolean {
	try {
		return canonicalize(JSON.parse(text)) === text;
	} catch {
		return false;
	}
}
