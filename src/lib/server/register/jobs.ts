/**
 * Runs the register's big reads (verification, exports, the review) in a worker thread with its own
 * read-only connection (DESIGN.md rule 8), caches verification by chain head, and rate-limits public
 * downloads and verification per client address.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { engineOf, type DB } from '../db/index.ts';
import { poolOf } from '../db/postgres.ts';
import { WindowLimiter } from '../limiter.ts';
import * as register from './chain.ts';
import { runJob, type Job, type Reader } from './read.ts';
import type { RegisterReport } from '../../domain/register-record.ts';
import type { ReviewData } from '../../domain/register-review.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
/** A running worker thread and the jobs it owes; `idle` is the timer that stops it when none are left. */
type Thread = { worker: Worker; pending: Map<number, Pending>; idle?: NodeJS.Timeout };
type State = {
	thread?: Thread;
	next: number;
	verified: Map<string, { head: string; report: RegisterReport }>;
	limiter: WindowLimiter;
};

// Shared by the production entry and the bundled handler, which hold separate copies of this module.
const KEY = Symbol.for('parity.register-jobs');
const state = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
	next: 1,
	verified: new Map(),
	limiter: new WindowLimiter(Number(process.env.REGISTER_RATE_LIMIT ?? 120), 60_000)
}) as State;

/**
 * How long the worker waits for another job before it stops (REGISTER_WORKER_IDLE_MS, 30 s): the thread holds
 * its own V8 heap, module copies and SQLite connection, which a server that rarely verifies does not need to
 * keep. The next job starts a new one.
 */
const IDLE_MS = Number(process.env.REGISTER_WORKER_IDLE_MS) || 30_000;

function workerFile(): string | null {
	const root = process.env.PARITY_ROOT ?? process.cwd();
	const file = path.resolve(root, 'src/lib/server/register/worker.ts');
	return existsSync(file) ? file : null;
}

/** Stops the thread if it is still the current one and owes nothing. */
function stopIfIdle(thread: Thread) {
	if (thread.pending.size) return;
	if (state.thread === thread) state.thread = undefined;
	void thread.worker.terminate();
}

function getThread(): Thread | null {
	if (state.thread) {
		clearTimeout(state.thread.idle);
		return state.thread;
	}
	const file = workerFile();
	if (!file) return null;
	const worker = new Worker(file);
	const thread: Thread = { worker, pending: new Map() };
	worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
		const p = thread.pending.get(m.id);
		if (!p) return;
		thread.pending.delete(m.id);
		if (!thread.pending.size) {
			worker.unref();
			clearTimeout(thread.idle);
			thread.idle = setTimeout(() => stopIfIdle(thread), IDLE_MS);
			thread.idle.unref();
		}
		if (m.ok) p.resolve(m.value);
		else p.reject(new Error(m.error));
	});
	const failAll = (e: Error) => {
		clearTimeout(thread.idle);
		for (const p of thread.pending.values()) p.reject(e);
		thread.pending.clear();
		if (state.thread === thread) state.thread = undefined;
	};
	worker.on('error', failAll);
	worker.on('exit', () => failAll(new Error('The register worker stopped.')));
	// An idle worker never keeps the process alive; it is referenced only while a job is waiting.
	worker.unref();
	state.thread = thread;
	return thread;
}

/** Whether the worker thread is running (it starts with the first job and stops when idle). */
export function workerRunning(): boolean {
	return state.thread !== undefined;
}

/**
 * Runs a job in the worker; in the main thread for an in-memory database (tests of modules) and on PostgreSQL
 * (its rows come through the pool, see `runOnPostgres`).
 */
export function run<T extends RegisterReport | string | ReviewData>(db: DB, job: Job): Promise<T> {
	if (engineOf(db) === 'postgres') return runOnPostgres(db, job) as Promise<T>;
	const file = db.$client.name;
	const thread = file && file !== ':memory:' && !db.$client.memory ? getThread() : null;
	if (!thread) {
		const reader = {
			all: (sql: string, ...p: unknown[]) => db.$client.prepare(sql).all(...p) as Record<string, unknown>[],
			iterate: (sql: string, ...p: unknown[]) =>
				db.$client.prepare(sql).iterate(...p) as Iterable<Record<string, unknown>>,
			snapshot: <R>(fn: () => R) => fn()
		};
		return Promise.resolve(runJob(reader, job) as T);
	}
	const id = state.next++;
	return new Promise<T>((resolve, reject) => {
		thread.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
		thread.worker.ref();
		thread.worker.postMessage({ id, file, job });
	});
}

/**
 * A job on PostgreSQL, in the main thread: the job's reads are synchronous (read.ts), so it runs over rows
 * fetched beforehand. A pass answers the statements already fetched and notes the others; they are fetched
 * (in one read-only snapshot, as the worker's read transaction) and the job runs again, until a pass asks for
 * nothing new. A verification takes two passes, an export three, a review four; only the last ones go
 * through a whole chain.
 */
async function runOnPostgres(db: DB, job: Job): Promise<RegisterReport | string | ReviewData> {
	const client = await poolOf(db).connect();
	const fetched = new Map<string, Record<string, unknown>[]>();
	try {
		await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
		for (;;) {
			const wanted = new Map<string, { sql: string; params: unknown[] }>();
			const rows = (sql: string, params: unknown[]) => {
				const key = JSON.stringify([sql, params]);
				const known = fetched.get(key);
				if (!known) wanted.set(key, { sql, params });
				return known ?? [];
			};
			const reader: Reader = {
				all: (sql, ...params) => rows(sql, params),
				iterate: (sql, ...params) => rows(sql, params),
				snapshot: (fn) => fn()
			};
			let result: RegisterReport | string | ReviewData | undefined;
			let error: unknown;
			try {
				result = runJob(reader, job);
			} catch (e) {
				error = e;
			}
			if (!wanted.size) {
				if (error !== undefined) throw error;
				return result!;
			}
			for (const [key, q] of wanted) {
				let n = 0;
				const text = q.sql.replace(/\?/g, () => `$${++n}`);
				fetched.set(key, (await client.query(text, q.params)).rows as Record<string, unknown>[]);
			}
		}
	} finally {
		await client.query('COMMIT').catch(() => undefined);
		client.release();
	}
}

/** The verification report for the workspace's current head, recomputed only when the head moved. */
export async function verified(db: DB, workspaceId: string): Promise<RegisterReport> {
	const head = register.headText(await register.getHead(db, workspaceId));
	const cached = state.verified.get(workspaceId);
	if (cached && cached.head === head) return cached.report;
	const report = await run<RegisterReport>(db, { kind: 'verify', workspaceId });
	state.verified.set(workspaceId, { head: report.headText, report });
	return report;
}

/** Recomputes now, ignoring the cache (the verify endpoint). */
export async function verifyNow(db: DB, workspaceId: string): Promise<RegisterReport> {
	const report = await run<RegisterReport>(db, { kind: 'verify', workspaceId });
	state.verified.set(workspaceId, { head: report.headText, report });
	return report;
}

/** Downloads and verification per client address: REGISTER_RATE_LIMIT (120) a minute; over it, 429. */
export function rateLimit(ip: string, now = Date.now()): void {
	state.limiter.take(ip, (s) => `Too many downloads from your address; try again in ${s} s.`, now);
}
