/**
 * Verifying a register chain (docs/register.md): entry by entry, so a large register streams from a cursor,
 * naming the first entry that fails and why. Used by the server, its worker and scripts/verify-register.ts.
 */
import { canonicalize, CanonicalJsonError } from './jcs.ts';
import {
	ENTRY_KEYS,
	ENTRY_TYPES,
	ENTRY_VERSION,
	GENESIS_PREV,
	HEX64,
	findNonInteger,
	formatHead,
	hashEntry,
	hashWithPayloadText,
	isValidAt,
	parseHead,
	type Entry,
	type EntryBody,
	type Head,
	type StoredEntry
} from './chain.ts';

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
