/**
 * Benchmark: verifying a register of 100 000 entries (goal ≤ 2 s). Prints numbers; asserts nothing.
 *
 *   node scripts/bench-register.ts [--entries 100000] [--db] [--runs 3]
 *
 * Builds a realistic chain (one decision with a 24-organisation vote tally in every 50 entries, the rest
 * actions, updates and dissents), then times: the standalone verifier on a JSON export (parse included),
 * verification of stored rows, and with --db the same through SQLite as the server's worker reads it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
	buildEntry,
	toStored,
	type Entry,
	type EntryType,
	type JsonObject
} from '../src/lib/domain/chain.ts';
import {
	EXPORT_FORMAT,
	RegisterVerifier,
	publishedResult,
	verifyExport
} from '../src/lib/domain/register-record.ts';
import { freezeElectorate, tally, type Choice } from '../src/lib/domain/tally.ts';
import { DEFAULT_RULE } from '../src/lib/domain/vote-rule.ts';

const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--entries') + 1] || 0) || 100_000;
const withDb = args.includes('--db');
const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 3;

function votePayload(i: number): JsonObject {
	const orgs = Array.from({ length: 24 }, (_, k) => ({
		organisationId: `org${k}`,
		name: `Organisation ${k}`,
		sector: (k % 3 === 0 ? 'statutory' : 'vcse') as 'vcse' | 'statutory',
		grassroots: k % 4 === 1,
		byAndFor: k % 5 === 2
	}));
	const electorate = freezeElectorate(orgs, DEFAULT_RULE);
	const choices: Choice[] = ['for', 'against', 'abstain'];
	const ballots = orgs
		.slice(0, 20)
		.map((o, k) => ({ organisationId: o.organisationId, choice: choices[(k + i) % 3] }));
	const result = publishedResult(tally(electorate, ballots, DEFAULT_RULE));
	return JSON.parse(
		JSON.stringify({
			decision: `d${i}`,
			title: `Decision ${i} on the social value policy`,
			question: 'Do partners adopt the policy as drafted?',
			outcome: result.passes ? 'approved' : 'rejected',
			method: 'vote',
			rationale: 'The partnership agreed the approach after consultation with members. '.repeat(3),
			decidedAt: '2026-11-20T10:00:00.000Z',
			decidedWhere: 'Partnership board, online',
			document: null,
			vote: {
				id: `v${i}`,
				question: 'Do partners adopt the policy as drafted?',
				openedAt: '2026-11-13T10:00:00.000Z',
				closedAt: '2026-11-20T10:00:00.000Z',
				closedReason: 'scheduled',
				rule: DEFAULT_RULE,
				electorate,
				ballots: ballots.map((b) => ({
					...b,
					organisationName: b.organisationId,
					statement: '',
					assisted: false,
					castAt: '2026-11-14T10:00:00.000Z',
					voter: null,
					assistedBy: null
				})),
				result
			},
			organisations: [],
			attendees: [],
			conflicts: [],
			dissentUntil: null,
			supersedes: null,
			actions: [],
			personal: []
		})
	);
}

function build(count: number): Entry[] {
	const out: Entry[] = [];
	const start = Date.UTC(2026, 0, 1);
	for (let i = 0; i < count; i++) {
		let type: EntryType;
		let payload: JsonObject;
		if (i % 50 === 0) {
			type = 'decision.published';
			payload = votePayload(i);
		} else if (i % 7 === 0) {
			type = 'dissent.added';
			payload = {
				decision: `d${i - (i % 50)}`,
				dissent: `x${i}`,
				organisation: { id: 'org3', name: 'Organisation 3', sector: 'vcse' },
				statement: 'We do not agree that the timetable gives small groups enough time to respond.',
				author: null,
				personal: []
			};
		} else if (i % 2 === 0) {
			type = 'action.created';
			payload = {
				action: `a${i}`,
				decision: `d${i - (i % 50)}`,
				owner: { id: 'org1', name: 'Organisation 1', sector: 'vcse' },
				description: 'Publish the easy-read summary and share it with the network.',
				due: '2027-03-31',
				status: 'planned'
			};
		} else {
			type = 'action.updated';
			payload = {
				action: `a${i - 1}`,
				status: 'in_progress',
				due: '2027-03-31',
				note: 'Draft shared with two member groups for comment.',
				author: null,
				personal: []
			};
		}
		out.push(
			buildEntry({ workspace: 'bench', previous: out.at(-1) ?? null, type, at: start + i * 1000, payload })
		);
	}
	return out;
}

function time<T>(label: string, fn: () => T): T {
	const t0 = performance.now();
	const value = fn();
	console.log(`${label.padEnd(58)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
	return value;
}

/** Runs `fn` several times; prints every time, the fastest and the median. */
function timeRuns<T>(label: string, fn: () => T): T {
	const times: number[] = [];
	let value!: T;
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		value = fn();
		times.push(performance.now() - t0);
	}
	const sorted = [...times].sort((a, b) => a - b);
	console.log(
		`${label.padEnd(58)} fastest ${sorted[0].toFixed(0)} ms, median ${sorted[Math.floor(runs / 2)].toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`
	);
	return value;
}

console.log(`Register benchmark: ${n} entries, Node ${process.version}`);
const entries = time('build the chain', () => build(n));
const text = JSON.stringify({
	format: EXPORT_FORMAT,
	workspace: { id: 'bench', slug: 'bench', name: 'Bench' },
	generatedAt: new Date().toISOString(),
	head: `${entries.at(-1)!.seq}:${entries.at(-1)!.hash}`,
	entries,
	personal: []
});
console.log(`export size: ${(text.length / 1024 / 1024).toFixed(1)} MiB`);
const exported = timeRuns('verify the JSON export (parse + chain + tallies)', () =>
	verifyExport(JSON.parse(text))
);
console.log(`  → ok=${exported.ok} entries=${exported.count} tallies=${exported.tallies}`);
const rows = entries.map(toStored);
const stored = timeRuns('verify stored rows (payload text, canonical check)', () => {
	const v = new RegisterVerifier({ workspace: 'bench' });
	for (const row of rows) if (!v.pushStored(row)) break;
	return v.finish();
});
console.log(`  → ok=${stored.ok} entries=${stored.count}`);

if (withDb) {
	// The real schema (migrations) and the worker's code path: a read-only connection, one read transaction.
	const { openDatabase } = await import('../src/lib/server/db/index.ts');
	const { verifyRegister } = await import('../src/lib/server/register/read.ts');
	const { default: Database } = await import('better-sqlite3');
	const dir = mkdtempSync(path.join(tmpdir(), 'parity-bench-register-'));
	try {
		const file = path.join(dir, 'bench.db');
		const db = openDatabase({
			url: `file:${file}`,
			migrationsFolder: path.resolve(import.meta.dirname, '../drizzle')
		});
		const client = db.$client;
		client
			.prepare('INSERT INTO workspaces (id, slug, name, created_at) VALUES (?, ?, ?, ?)')
			.run('bench', 'bench', 'Bench', Date.now());
		const insert = client.prepare(
			'INSERT INTO register_entries (id, workspace_id, seq, type, at, payload, prev, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
		);
		time('store the rows (one transaction)', () =>
			client.transaction(() => {
				for (const r of rows)
					insert.run(`e${r.seq}`, r.workspace, r.seq, r.type, r.at, r.payload, r.prev, r.hash, 0);
			})()
		);
		client.close();
		const ro = new Database(file, { readonly: true });
		const reader = {
			all: (sql: string, ...p: unknown[]) => ro.prepare(sql).all(...p) as Record<string, unknown>[],
			iterate: (sql: string, ...p: unknown[]) =>
				ro.prepare(sql).iterate(...p) as Iterable<Record<string, unknown>>,
			snapshot: <T>(fn: () => T) => ro.transaction(fn)()
		};
		const report = timeRuns('verify from SQLite (worker code path, read-only)', () =>
			verifyRegister(reader, 'bench')
		);
		console.log(`  → ok=${report.ok} entries=${report.count} tallies=${report.tallies}`);
		ro.close();

		// The same verification through the server's job runner (a worker thread), while the main thread
		// measures how long its event loop is held up: this is what live editing would feel.
		const jobs = await import('../src/lib/server/register/jobs.ts');
		const server = openDatabase({ url: `file:${file}`, migrate: false });
		const inline = {
			all: (sql: string, ...p: unknown[]) =>
				server.$client.prepare(sql).all(...p) as Record<string, unknown>[],
			iterate: (sql: string, ...p: unknown[]) =>
				server.$client.prepare(sql).iterate(...p) as Iterable<Record<string, unknown>>,
			snapshot: <T>(fn: () => T) => fn()
		};
		for (const [label, useWorker] of [
			['through the worker', true],
			['on the main thread (for comparison)', false]
		] as const) {
			let last = performance.now();
			let maxGap = 0;
			const ticker = setInterval(() => {
				const t = performance.now();
				maxGap = Math.max(maxGap, t - last);
				last = t;
			}, 5);
			await new Promise((r) => setTimeout(r, 50));
			maxGap = 0;
			const t0 = performance.now();
			const result = useWorker
				? await jobs.run<{ ok: boolean; count: number }>(server, { kind: 'verify', workspaceId: 'bench' })
				: verifyRegister(inline, 'bench');
			const ms = performance.now() - t0;
			await new Promise((r) => setTimeout(r, 50));
			clearInterval(ticker);
			console.log(
				`${`verify ${label}`.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms; longest main event-loop gap ${maxGap.toFixed(0)} ms (ok=${result.ok})`
			);
		}
		server.$client.close();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
