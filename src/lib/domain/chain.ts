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
import { canonicalize, CanonicalJsonError } from './jcs.ts';

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

const HEX64 = /^[0-9a-f]{64}$/;
const AT = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
const ENTRY_KEYS = ['at', 'hash', 'payload', 'prev', 'seq', 'type', 'v', 'workspace'];

/** The entry's hash: SHA-256 of the canonical JSON of `{ v, workspace, seq, type, at, payload, prev }`. */
export function hashEntry(body: EntryBody): string {
	const { v, workspace, seq, type, at, payload, prev } = body;
	return sha256Hex(canonicalize({ v, workspace, seq, type, at, payload, prev }));
}

/**
 * The same hash when the payload's canonical text is already known (a stored row): the members are
 * written in their canonical order around it, so the payload is not serialised again.
 */
function hashWithPayloadText(body: Omit<EntryBody, 'payload'>, payloadText: string): string {
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

export type FailureReason =
	| 'unreadable'
	| 'shape'
	| 'version'
	| 'workspace'
	| 'seq'
	| 'prev'
	| 'type'
	| 'at'
	| 'payload'
	| 'hash'
	| 'head'
	| 'content';

export type ChainFailure = {
	/** Position in the list given to the verifier (0-based). */
	index: number;
	/** The entry's own `seq` when it has one, else the one it should have had. */
	seq: number;
	reason: FailureReason;
	message: string;
};

export type ChainReport =
	| { ok: true; count: number; head: Head | null }
	| { ok: false; count: number; head: Head | null; failure: ChainFailure };

export type VerifyOptions = {
	/** The workspace every entry must name; by default the first entry's. */
	workspace?: string;
	/** A head kept from earlier (`seq:hash`): the chain must contain exactly this entry. */
	expectedHead?: Head | string | null;
	/**
	 * A check of each entry's content, run once its hash and links are known good. Returns a sentence
	 * saying what is wrong (the entry then fails with reason 'content'), or null.
	 */
	checkContent?: (entry: Entry) => string | null;
};

function describe(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	return String(value);
}

/**
 * Checks entries one at a time, in order, so a large register can be streamed from a database cursor.
 * `push` returns the first failure (and keeps returning it); `finish` gives the report.
 */
export class ChainVerifier {
	private count = 0;
	private last: { seq: number; hash: string; at: string } | null = null;
	private failure: ChainFailure | null = null;
	private workspace: string | undefined;
	private expected: Head | null;
	private sawExpected = false;
	private current: Entry | null = null;
	private checkContent: VerifyOptions['checkContent'];

	constructor(options: VerifyOptions = {}) {
		this.workspace = options.workspace;
		this.checkContent = options.checkContent;
		const e = options.expectedHead;
		if (typeof e === 'string') {
			const parsed = parseHead(e);
			if (!parsed) throw new TypeError(`"${e}" is not a chain head (seq:hash)`);
			this.expected = parsed;
		} else this.expected = e ?? null;
	}

	get failed(): ChainFailure | null {
		return this.failure;
	}

	/** The entry most recently accepted by `push`, as checked. */
	get lastEntry(): Entry | null {
		return this.current;
	}

	private fail(reason: FailureReason, message: string, seq?: number): ChainFailure {
		const index = this.count;
		this.failure = { index, seq: seq ?? (this.last ? this.last.seq + 1 : 1), reason, message };
		return this.failure;
	}

	/** Checks the next entry. `raw` is parsed JSON (an object) or a string of JSON text. */
	push(raw: unknown): ChainFailure | null {
		return this.check(raw, null);
	}

	private check(raw: unknown, payloadText: string | null): ChainFailure | null {
		if (this.failure) return this.failure;
		const expectedSeq = this.last ? this.last.seq + 1 : 1;
		let entry: unknown = raw;
		if (typeof raw === 'string') {
			try {
				entry = JSON.parse(raw);
			} catch {
				return this.fail('unreadable', `Entry ${expectedSeq} is not valid JSON.`);
			}
		}
		if (!entry || typeof entry !== 'object' || Array.isArray(entry))
			return this.fail('shape', `Entry ${expectedSeq} is not a JSON object.`);
		const e = entry as Record<string, unknown>;
		const keys = Object.keys(e).sort();
		if (keys.length !== ENTRY_KEYS.length || keys.some((k, i) => k !== ENTRY_KEYS[i]))
			return this.fail(
				'shape',
				`Entry ${expectedSeq} must have exactly the fields ${ENTRY_KEYS.join(', ')} (it has ${keys.join(', ') || 'none'}).`
			);
		const seq = e.seq;
		if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq !== expectedSeq)
			return this.fail('seq', `Entry ${expectedSeq} has seq ${describe(seq)}; expected ${expectedSeq}.`);
		if (e.v !== ENTRY_VERSION)
			return this.fail(
				'version',
				`Entry ${seq} has version ${describe(e.v)}; only ${ENTRY_VERSION} is known.`,
				seq
			);
		if (typeof e.workspace !== 'string' || !e.workspace)
			return this.fail('workspace', `Entry ${seq} does not name a workspace.`, seq);
		this.workspace ??= e.workspace;
		if (e.workspace !== this.workspace)
			return this.fail(
				'workspace',
				`Entry ${seq} belongs to workspace ${describe(e.workspace)}, not ${describe(this.workspace)}.`,
				seq
			);
		if (typeof e.type !== 'string' || !(ENTRY_TYPES as readonly string[]).includes(e.type))
			return this.fail('type', `Entry ${seq} has an unknown type ${describe(e.type)}.`, seq);
		if (typeof e.at !== 'string' || !isValidAt(e.at))
			return this.fail(
				'at',
				`Entry ${seq} has time ${describe(e.at)}, which is not UTC RFC 3339 with milliseconds.`,
				seq
			);
		if (this.last && e.at < this.last.at)
			return this.fail(
				'at',
				`Entry ${seq} is dated ${e.at}, before the entry it follows (${this.last.at}).`,
				seq
			);
		const expectedPrev = this.last ? this.last.hash : GENESIS_PREV;
		if (e.prev !== expectedPrev)
			return this.fail(
				'prev',
				seq === 1
					? `Entry 1 must have prev ${GENESIS_PREV} (64 zeros); it has ${describe(e.prev)}.`
					: `Entry ${seq} has prev ${describe(e.prev)}, but entry ${seq - 1} has hash ${expectedPrev}.`,
				seq
			);
		if (!e.payload || typeof e.payload !== 'object' || Array.isArray(e.payload))
			return this.fail('payload', `Entry ${seq} has no payload object.`, seq);
		const fractional = findNonInteger(e.payload);
		if (fractional)
			return this.fail('payload', `Entry ${seq} holds a fractional or unsafe number at ${fractional}.`, seq);
		if (typeof e.hash !== 'string' || !HEX64.test(e.hash))
			return this.fail(
				'hash',
				`Entry ${seq} has hash ${describe(e.hash)}, which is not 64 lower-case hex digits.`,
				seq
			);
		let computed: string;
		try {
			computed =
				payloadText === null
					? hashEntry(e as EntryBody)
					: hashWithPayloadText(e as Omit<EntryBody, 'payload'>, payloadText);
		} catch (err) {
			const why = err instanceof CanonicalJsonError ? err.message : String(err);
			return this.fail('payload', `Entry ${seq} cannot be written as canonical JSON: ${why}.`, seq);
		}
		if (computed !== e.hash)
			return this.fail(
				'hash',
				`Entry ${seq} has been altered: its content hashes to ${computed}, but it records ${e.hash}.`,
				seq
			);
		if (this.expected && seq === this.expected.seq) {
			if (e.hash !== this.expected.hash)
				return this.fail(
					'head',
					`Entry ${seq} has hash ${e.hash}, not the expected head ${formatHead(this.expected)}: the register changed after that head was taken.`,
					seq
				);
			this.sawExpected = true;
		}
		if (this.checkContent) {
			const problem = this.checkContent(e as Entry);
			if (problem) return this.fail('content', `Entry ${seq}: ${problem}`, seq);
		}
		this.last = { seq, hash: e.hash, at: e.at };
		this.current = e as Entry;
		this.count++;
		return null;
	}

	/**
	 * Checks the next stored row (payload as canonical JSON text). A payload that is not JSON, or not
	 * exactly in canonical form, fails: a changed byte never goes unnoticed.
	 */
	pushStored(row: StoredEntry): ChainFailure | null {
		if (this.failure) return this.failure;
		const seq = Number.isSafeInteger(row.seq) ? row.seq : undefined;
		let payload: unknown;
		try {
			payload = JSON.parse(row.payload);
		} catch {
			return this.fail('payload', `Entry ${row.seq} has a stored payload that is not JSON.`, seq);
		}
		let canonical: string | null;
		try {
			canonical = canonicalize(payload);
		} catch {
			canonical = null;
		}
		if (canonical !== row.payload)
			return this.fail(
				'payload',
				`Entry ${row.seq} has a stored payload that is not in canonical form.`,
				seq
			);
		return this.check({ v: ENTRY_VERSION, ...row, payload }, row.payload);
	}

	finish(): ChainReport {
		const head = this.last ? { seq: this.last.seq, hash: this.last.hash } : null;
		if (!this.failure && this.expected && !this.sawExpected && this.expected.seq > 0) {
			this.failure = {
				index: this.count,
				seq: this.expected.seq,
				reason: 'head',
				message: `The expected head ${formatHead(this.expected)} is not in the register, which has ${this.count} entries: entries have been removed.`
			};
		}
		if (this.failure) return { ok: false, count: this.count, head, failure: this.failure };
		return { ok: true, count: this.count, head };
	}
}

/** Verifies a whole chain given in order. Names the first failing entry and why. */
export function verifyChain(entries: Iterable<unknown>, options: VerifyOptions = {}): ChainReport {
	const verifier = new ChainVerifier(options);
	for (const entry of entries) if (verifier.push(entry)) break;
	return verifier.finish();
}

/** Verifies stored rows (payload as text) given in order. */
export function verifyStored(rows: Iterable<StoredEntry>, options: VerifyOptions = {}): ChainReport {
	const verifier = new ChainVerifier(options);
	for (const row of rows) if (verifier.pushStored(row)) break;
	return verifier.finish();
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
