import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	GENESIS_PREV,
	buildEntry,
	formatAt,
	formatHead,
	hashEntry,
	isValidAt,
	newSalt,
	parseHead,
	personalDigest,
	toStored,
	type Entry,
	type EntryType,
	type JsonObject,
	type StoredEntry
} from '../../src/lib/domain/chain.ts';
import { ChainVerifier, verifyChain, verifyStored } from '../../src/lib/domain/chain-verify.ts';

const T0 = Date.UTC(2026, 10, 23, 9, 30, 0, 5);

function makeChain(payloads: [EntryType, JsonObject][], workspace = 'ws1'): Entry[] {
	const out: Entry[] = [];
	payloads.forEach(([type, payload], i) => {
		out.push(buildEntry({ workspace, previous: out.at(-1) ?? null, type, at: T0 + i * 61_000, payload }));
	});
	return out;
}

const SAMPLE: [EntryType, JsonObject][] = [
	[
		'decision.published',
		{
			decision: 'd1',
			title: 'Social value policy — adopted',
			outcome: 'passed',
			tally: { overall: { fraction: '2/3', display: '0.667' } },
			personal: ['a'.repeat(64)]
		}
	],
	[
		'dissent.added',
		{ decision: 'd1', organisation: 'Ørsted Café CIC', statement: 'We disagree: "too soon".\n' }
	],
	['action.created', { action: 'a1', due: '2027-03-31', owner: 'NHS Trust', status: 'planned' }],
	['personal.redacted', { entries: [{ seq: 1, digest: 'a'.repeat(64) }] }]
];

describe('building entries', () => {
	it('starts at seq 1 from the genesis hash and links each entry to the one before', () => {
		const chain = makeChain(SAMPLE);
		expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
		expect(chain[0].prev).toBe(GENESIS_PREV);
		expect(GENESIS_PREV).toBe('0'.repeat(64));
		for (let i = 1; i < chain.length; i++) expect(chain[i].prev).toBe(chain[i - 1].hash);
		expect(chain[0].at).toBe('2026-11-23T09:30:00.005Z');
	});

	it('hashes the SHA-256 of the canonical JSON of { v, workspace, seq, type, at, payload, prev }', () => {
		const entry = buildEntry({
			workspace: 'w',
			previous: null,
			type: 'action.updated',
			at: Date.UTC(2026, 0, 2, 3, 4, 5, 60),
			payload: { z: 1, a: 'é', m: [true, null] }
		});
		const text =
			'{"at":"2026-01-02T03:04:05.060Z","payload":{"a":"é","m":[true,null],"z":1},' +
			`"prev":"${'0'.repeat(64)}","seq":1,"type":"action.updated","v":1,"workspace":"w"}`;
		expect(entry.hash).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
		expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('never dates an entry before the one it follows', () => {
		const first = buildEntry({ workspace: 'w', previous: null, type: 'action.created', at: T0, payload: {} });
		const second = buildEntry({
			workspace: 'w',
			previous: first,
			type: 'action.updated',
			at: T0 - 5000,
			payload: {}
		});
		expect(second.at).toBe(first.at);
		expect(verifyChain([first, second]).ok).toBe(true);
	});

	it('refuses fractional numbers and unknown types', () => {
		expect(() =>
			buildEntry({ workspace: 'w', previous: null, type: 'action.created', at: T0, payload: { x: 0.5 } })
		).toThrow(/fractional/);
		expect(() =>
			buildEntry({ workspace: 'w', previous: null, type: 'vote.cast' as EntryType, at: T0, payload: {} })
		).toThrow(/Unknown/);
	});

	it('writes and reads times and heads', () => {
		expect(formatAt(0)).toBe('1970-01-01T00:00:00.000Z');
		expect(isValidAt('2026-11-23T20:45:12.345Z')).toBe(true);
		for (const bad of [
			'2026-11-23T20:45:12Z',
			'2026-11-23T20:45:12.3456Z',
			'2026-11-23T20:45:12.345+00:00',
			'2026-02-30T00:00:00.000Z',
			'2026-11-23 20:45:12.345Z',
			'2026-11-23T24:00:00.000Z'
		])
			expect(isValidAt(bad), bad).toBe(false);
		expect(parseHead(`12:${'ab'.repeat(32)}`)).toEqual({ seq: 12, hash: 'ab'.repeat(32) });
		expect(parseHead('12:ABC')).toBeNull();
		expect(formatHead(null)).toBe(`0:${GENESIS_PREV}`);
	});
});

describe('verifying a chain', () => {
	it('accepts an intact chain and reports its head', () => {
		const chain = makeChain(SAMPLE);
		const report = verifyChain(chain);
		expect(report).toEqual({ ok: true, count: 4, head: { seq: 4, hash: chain[3].hash } });
		expect(verifyChain([])).toEqual({ ok: true, count: 0, head: null });
		// Entries as JSON text (an export read line by line) verify too.
		expect(verifyChain(chain.map((e) => JSON.stringify(e))).ok).toBe(true);
	});

	it('names the entry and the reason for each kind of tampering', () => {
		const chain = makeChain(SAMPLE);
		const cases: [string, unknown[], number, string][] = [
			['removed entry', [chain[0], chain[2], chain[3]], 1, 'seq'],
			['swapped entries', [chain[1], chain[0]], 0, 'seq'],
			[
				'changed payload',
				[chain[0], { ...chain[1], payload: { ...chain[1].payload, statement: 'x' } }],
				1,
				'hash'
			],
			[
				'rehashed entry',
				[chain[0], rehash({ ...chain[1], payload: { statement: 'x' } }), chain[2]],
				2,
				'prev'
			],
			['bad genesis', [{ ...chain[0], prev: 'f'.repeat(64) }], 0, 'prev'],
			['other workspace', [chain[0], rehash({ ...chain[1], workspace: 'ws2' })], 1, 'workspace'],
			['unknown type', [rehash({ ...chain[0], type: 'vote.cast' as EntryType })], 0, 'type'],
			['time without ms', [rehash({ ...chain[0], at: '2026-11-23T09:30:00Z' })], 0, 'at'],
			['time going back', [chain[0], rehash({ ...chain[1], at: '2020-01-01T00:00:00.000Z' })], 1, 'at'],
			['float', [rehash({ ...chain[0], payload: { x: 1.5 } })], 0, 'payload'],
			['version 2', [{ ...chain[0], v: 2 }], 0, 'version'],
			['extra field', [{ ...chain[0], note: 'hi' }], 0, 'shape'],
			['missing field', [withoutAt(chain[0])], 0, 'shape'],
			['upper-case hash', [{ ...chain[0], hash: chain[0].hash.toUpperCase() }], 0, 'hash'],
			['not JSON', [chain[0], '{"seq":2'], 1, 'unreadable'],
			['not an object', [chain[0], [1, 2]], 1, 'shape']
		];
		for (const [name, entries, index, reason] of cases) {
			const report = verifyChain(entries);
			expect(report.ok, name).toBe(false);
			if (report.ok) continue;
			expect(report.failure.index, name).toBe(index);
			expect(report.failure.reason, name).toBe(reason);
			expect(report.failure.message, name).toMatch(new RegExp(`Entry ${report.failure.seq}\\b`));
		}
	});

	it('checks an expected head kept from earlier', () => {
		const chain = makeChain(SAMPLE);
		const head = `2:${chain[1].hash}`;
		expect(verifyChain(chain, { expectedHead: head }).ok).toBe(true);
		expect(verifyChain(chain, { expectedHead: { seq: 4, hash: chain[3].hash } }).ok).toBe(true);
		// The chain was rebuilt from entry 2 on: every entry verifies, but the kept head does not match.
		const rebuilt = makeChain([SAMPLE[0], ['dissent.added', { statement: 'rewritten' }], SAMPLE[2]]);
		const report = verifyChain(rebuilt, { expectedHead: head });
		expect(report.ok).toBe(false);
		if (!report.ok) expect(report.failure).toMatchObject({ index: 1, seq: 2, reason: 'head' });
		// Entries were cut off after the kept head.
		const cut = verifyChain(chain.slice(0, 3), { expectedHead: `4:${chain[3].hash}` });
		expect(cut.ok).toBe(false);
		if (!cut.ok) expect(cut.failure).toMatchObject({ seq: 4, reason: 'head' });
		expect(() => new ChainVerifier({ expectedHead: 'nonsense' })).toThrow(/not a chain head/);
	});

	it('only accepts entries for the named workspace', () => {
		const chain = makeChain(SAMPLE);
		const report = verifyChain(chain, { workspace: 'other' });
		expect(report.ok).toBe(false);
		if (!report.ok) expect(report.failure).toMatchObject({ index: 0, reason: 'workspace' });
	});
});

function withoutAt(entry: Entry): Omit<Entry, 'at'> {
	const copy: Partial<Entry> = { ...entry };
	delete copy.at;
	return copy as Omit<Entry, 'at'>;
}

/** Recomputes the hash after a change, as a forger would. */
function rehash(entry: Entry): Entry {
	return { ...entry, hash: hashEntry(entry) };
}

const FIELDS = ['workspace', 'seq', 'type', 'at', 'payload', 'prev', 'hash'] as const;

/** Every stored row with one byte of one field changed, as (row index, changed row). */
function* singleByteChanges(rows: StoredEntry[]): Generator<[number, StoredEntry, string]> {
	const decoder = new TextDecoder();
	for (let k = 0; k < rows.length; k++) {
		for (const field of FIELDS) {
			const bytes = Buffer.from(String(rows[k][field]), 'utf8');
			for (let i = 0; i < bytes.length; i++) {
				for (const flip of [0x01, 0x20, 0x80]) {
					const changed = Buffer.from(bytes);
					changed[i] ^= flip;
					const text = decoder.decode(changed);
					const value = field === 'seq' ? Number(text) : text;
					yield [k, { ...rows[k], [field]: value }, `${field} byte ${i} ^ ${flip.toString(16)}`];
				}
			}
		}
	}
}

describe('tamper evidence', () => {
	it('detects a change of any single byte of any stored entry and names that entry', () => {
		const rows = makeChain(SAMPLE).map(toStored);
		expect(verifyStored(rows).ok).toBe(true);
		let tried = 0;
		for (const [k, changed, what] of singleByteChanges(rows)) {
			const copy = rows.slice();
			copy[k] = changed;
			const report = verifyStored(copy);
			expect(report.ok, `row ${k}: ${what}`).toBe(false);
			if (!report.ok) {
				expect(report.failure.index, `row ${k}: ${what}`).toBe(k);
				expect(report.failure.message).toMatch(/^Entry /);
			}
			tried++;
		}
		expect(tried).toBeGreaterThan(3 * 1000);
	});

	it('detects a change of any single byte of any exported entry (JSON text) and names that entry', () => {
		const lines = makeChain(SAMPLE).map((e) => JSON.stringify(e));
		for (let k = 0; k < lines.length; k++) {
			const bytes = Buffer.from(lines[k], 'utf8');
			for (let i = 0; i < bytes.length; i++) {
				const changed = Buffer.from(bytes);
				changed[i] ^= 0x01;
				const copy = lines.slice();
				copy[k] = new TextDecoder().decode(changed);
				const report = verifyChain(copy);
				expect(report.ok, `entry ${k} byte ${i}`).toBe(false);
				if (!report.ok) expect(report.failure.index, `entry ${k} byte ${i}`).toBe(k);
			}
		}
	});

	it('refuses a stored payload that is not in canonical form even when it means the same', () => {
		const rows = makeChain(SAMPLE).map(toStored);
		const copy = rows.slice();
		copy[2] = { ...rows[2], payload: rows[2].payload.replace('{', '{ ') };
		const report = verifyStored(copy);
		expect(report.ok).toBe(false);
		if (!report.ok) expect(report.failure).toMatchObject({ index: 2, seq: 3, reason: 'payload' });
	});

	it('finds any changed entry in random chains (property)', () => {
		const payload = fc.dictionary(
			fc.string({ maxLength: 6 }),
			fc.oneof(fc.string({ maxLength: 12, unit: 'grapheme' }), fc.integer(), fc.boolean(), fc.constant(null)),
			{ maxKeys: 4 }
		);
		fc.assert(
			fc.property(
				fc.array(payload, { minLength: 1, maxLength: 6 }),
				fc.nat(),
				fc.nat(),
				(payloads, which, position) => {
					const rows = makeChain(payloads.map((p) => ['action.updated', p as JsonObject])).map(toStored);
					expect(verifyStored(rows).ok).toBe(true);
					const k = which % rows.length;
					const field = FIELDS[position % FIELDS.length];
					const bytes = Buffer.from(String(rows[k][field]), 'utf8');
					const i = Math.floor(position / FIELDS.length) % bytes.length;
					bytes[i] ^= 0x04;
					const text = new TextDecoder().decode(bytes);
					const copy = rows.slice();
					copy[k] = { ...rows[k], [field]: field === 'seq' ? Number(text) : text };
					const report = verifyStored(copy);
					expect(report.ok).toBe(false);
					if (!report.ok) expect(report.failure.index).toBe(k);
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('personal data beside the chain', () => {
	it('digests SHA-256(salt ‖ JCS(personal part))', () => {
		const salt = 'ab'.repeat(32);
		const personal = { role: 'voter', name: 'Sam Example', organisation: 'Grassroots CIC' };
		const expected = createHash('sha256')
			.update(`${salt}{"name":"Sam Example","organisation":"Grassroots CIC","role":"voter"}`, 'utf8')
			.digest('hex');
		expect(personalDigest(salt, personal)).toBe(expected);
		expect(personalDigest('cd'.repeat(32), personal)).not.toBe(expected);
		expect(() => personalDigest('short', personal)).toThrow(/salt/);
	});

	it('makes fresh 256-bit salts', () => {
		const a = newSalt();
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(newSalt()).not.toBe(a);
	});
});
