/**
 * The register chain (shared/DESIGN.md, "The public decision record"; docs/register.md).
 *
 * One chain per workspace. An entry is `{ v: 1, workspace, seq, type, at, payload, prev }`; its hash is
 * the lower-case hex SHA-256 of the UTF-8 bytes of its RFC 8785 canonical JSON. `seq` counts from 1,
 * `prev` is the previous entry's hash (64 zeros for the first), `at` is UTC RFC 3339 with milliseconds.
 *
 * Pure functions on plain data plus node:crypto, so the same code runs in the server, in a worker and in
 * the standalone verifier (scripts/verify-register.ts).
 */
import { randomHex, sha256Hex } from './secrets.ts';
import { canonicalize } from './jcs.ts';

export const ENTRY_VERSION = 1;
export const GENESIS_PREV = '0'.repeat(64);

export const ENTRY_TYPES = [
	'decision.published',
	'decision.superseded',
	'dissent.added',
	'action.created',
	'action.updated',
	'personal.redacted'
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What is hashed. */
export type EntryBody = {
	v: 1;
	workspace: string;
	seq: number;
	type: EntryType;
	at: string;
	payload: JsonObject;
	prev: string;
};

/** An entry as stored and exported: its body and its hash. */
export type Entry = EntryBody & { hash: string };

/** The newest entry of a chain, written `seq:hash`. */
export type Head = { seq: number; hash: string };

export const HEX64 = /^[0-9a-f]{64}$/;
const AT = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
export const ENTRY_KEYS = ['at', 'hash', 'payload', 'prev', 'seq', 'type', 'v', 'workspace'];

/** The entry's hash: SHA-256 of the canonical JSON of `{ v, workspace, seq, type, at, payload, prev }`. */
export function hashEntry(body: EntryBody): string {
	const { v, workspace, seq, type, at, payload, prev } = body;
	return sha256Hex(canonicalize({ v, workspace, seq, type, at, payload, prev }));
}

/**
 * The same hash when the payload's canonical text is already known (a stored row): the members are
 * written in their canonical order around it, so the payload is not serialised again.
 */
export function hashWithPayloadText(body: Omit<EntryBody, 'payload'>, payloadText: string): string {
	const q = (s: string) => canonicalize(s);
	return sha256Hex(
		`{"at":${q(body.at)},"payload":${payloadText},"prev":${q(body.prev)},"seq":${canonicalize(body.seq)},` +
			`"type":${q(body.type)},"v":${canonicalize(body.v)},"workspace":${q(body.workspace)}}`
	);
}

/** An instant written as `at` is: UTC RFC 3339 with exactly three fractional digits. */
export function formatAt(instant: number | Date): string {
	const ms = typeof instant === 'number' ? instant : instant.getTime();
	if (!Number.isFinite(ms) || ms < Date.UTC(0, 0, 1) || ms > Date.UTC(9999, 11, 31, 23, 59, 59, 999))
		throw new RangeError('The time cannot be written as an RFC 3339 timestamp');
	return new Date(ms).toISOString();
}

/** True when `at` is a real UTC instant in the chain's format (`2026-11-23T20:45:12.345Z`). */
export function isValidAt(at: string): boolean {
	if (!AT.test(at)) return false;
	const ms = Date.parse(at);
	return Number.isFinite(ms) && new Date(ms).toISOString() === at;
}

export function formatHead(head: Head | null): string {
	return head ? `${head.seq}:${head.hash}` : `0:${GENESIS_PREV}`;
}

/** Reads `seq:hash`. Returns null when the text is not a head. */
export function parseHead(text: string): Head | null {
	const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
	if (!m) return null;
	return { seq: Number(m[1]), hash: m[2] };
}

/** Whether a payload holds only JSON with integer numbers (the register stores no floating point). */
export function findNonInteger(value: unknown, path = 'payload'): string | null {
	if (typeof value === 'number') return Number.isSafeInteger(value) ? null : path;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const found = findNonInteger(value[i], `${path}[${i}]`);
			if (found) return found;
		}
		return null;
	}
	if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			const found = findNonInteger(v, `${path}.${k}`);
			if (found) return found;
		}
	}
	return null;
}

/**
 * Builds the next entry of a chain. `previous` is the current head entry (null for the first entry).
 * `at` never goes back in time: an entry is stamped no earlier than the one before it.
 */
export function buildEntry(input: {
	workspace: string;
	previous: Pick<Entry, 'seq' | 'hash' | 'at'> | null;
	type: EntryType;
	at: number | Date;
	payload: JsonObject;
}): Entry {
	const { workspace, previous, type, payload } = input;
	if (!ENTRY_TYPES.includes(type)) throw new TypeError(`Unknown register entry type "${type}"`);
	const bad = findNonInteger(payload);
	if (bad) throw new TypeError(`The register stores no fractional numbers (${bad})`);
	let at = formatAt(input.at);
	if (previous && at < previous.at) at = previous.at;
	const body: EntryBody = {
		v: ENTRY_VERSION,
		workspace,
		seq: previous ? previous.seq + 1 : 1,
		type,
		at,
		payload: JSON.parse(canonicalize(payload)) as JsonObject,
		prev: previous ? previous.hash : GENESIS_PREV
	};
	return { ...body, hash: hashEntry(body) };
}

/** A row as the database holds it: the payload is its canonical JSON text. */
export type StoredEntry = {
	workspace: string;
	seq: number;
	type: string;
	at: string;
	payload: string;
	prev: string;
	hash: string;
};

/** The row to store for an entry. */
export function toStored(entry: Entry): StoredEntry {
	return {
		workspace: entry.workspace,
		seq: entry.seq,
		type: entry.type,
		at: entry.at,
		payload: canonicalize(entry.payload),
		prev: entry.prev,
		hash: entry.hash
	};
}

/**
 * The digest an entry holds for one person's details: SHA-256 of the UTF-8 bytes of the salt (64 hex
 * digits) followed directly by the canonical JSON of the details. Deleting the salt and the details
 * leaves the digest meaningless, while the entry, and so the chain, stays as it was.
 */
export function personalDigest(salt: string, personal: unknown): string {
	if (!HEX64.test(salt)) throw new TypeError('A salt is 64 lower-case hex digits');
	return sha256Hex(salt + canonicalize(personal));
}

/** A fresh salt: 32 random bytes as lower-case hex. */
export function newSalt(): string {
	return randomHex(32);
}
