/**
 * Runs the register's big reads (verification, exports, the review) in a worker thread with its own
 * read-only connection (DESIGN.md rule 8), caches verification by chain head, and rate-limits public
 * downloads and verification per client address.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { DB } from '../db/index.ts';
import { WindowLimiter } from '../limiter.ts';
import * as register from './chain.ts';
import { runJob, type Job } from './read.ts';
import type { RegisterReport } from '../../domain/register-record.ts';
import type { ReviewData } from '../../domain/register-review.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type State = {
	worker?: Worker;
	next: number;
	pending: Map<number, Pending>;
	verified: Map<string, { head: string; report: RegisterReport }>;
	limiter: WindowLimiter;
};

// Shared by the production entry and the bundled handler, which hold separate copies of this module.
const KEY = Symbol.for('parity.register-jobs');
const state = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
	next: 1,
	pending: new Map(),
	verified: new Map(),
	limiter: new WindowLimiter(Number(process.env.REGISTER_RATE_LIMIT ?? 120), 60_000)
}) as State;

function workerFile(): string | null {
	const root = process.env.PARITY_ROOT ?? process.cwd();
	const file = path.resolve(root, 'src/lib/server/register/worker.ts');
	return existsSync(file) ? file : null;
}

function getWorker(): Worker | null {
	if (state.worker) return state.worker;
	const file = workerFile();
	if (!file) return null;
	const worker = new Worker(file);
	worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
		const p = state.pending.get(m.id);
		if (!p) return;
		state.pending.delete(m.id);
		if (!state.pending.size) worker.unref();
		if (m.ok) p.resolve(m.value);
		else p.reject(new Error(m.error));
	});
	const failAll = (e: Error) => {
		for (const p of state.pending.values()) p.reject(e);
		state.pending.clear();
		state.worker = undefined;
	};
	worker.on('error', failAll);
	worker.on('exit', () => failAll(new Error('The register worker stopped.')));
	// An idle worker never keeps the process alive; it is referenced only while a job is waiting.
	worker.unref();
	state.worker = worker;
	return worker;
}

/** Runs a job in the worker; in the main thread only for an in-memory database (tests of modules). */
export function run<T extends RegisterReport | string | ReviewData>(db: DB, job: Job): Promise<T> {
	const file = db.$client.name;
	const worker = file && file !== ':memory:' && !db.$client.memory ? getWorker() : null;
	if (!worker) {
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
		state.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
		worker.ref();
		worker.postMessage({ id, file, job });
	});
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
