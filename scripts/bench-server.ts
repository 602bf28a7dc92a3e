// Starts Parity for the collaboration benchmark (scripts/bench.sh): a fresh database in the harness's data
// folder with one editor, one workspace named by COLLAB_BENCH_WORKSPACE and a write token whose value comes
// from PARITY_BENCH_TOKEN, then the real production entry (server/index.ts). Safe to run again on the same
// folder (the harness restarts the server for its cold-load scenario). On PostgreSQL with PARITY_BENCH_POSTGRES.
//   node scripts/bench-server.ts --data DIR --port PORT
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { closeDatabase, openStorage } from '../src/lib/server/db/index.ts';
import { apiTokens, users, workspaceMembers, workspaces } from '../src/lib/server/db/schema/index.ts';
import { hashSecret } from '../src/lib/domain/secrets.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' } } });
if (!values.data || !values.port) throw new Error('usage: bench-server.ts --data DIR --port PORT');
const token = process.env.PARITY_BENCH_TOKEN;
const workspaceId = process.env.COLLAB_BENCH_WORKSPACE;
if (!token?.startsWith('parity_pat_') || !workspaceId)
	throw new Error('set PARITY_BENCH_TOKEN and COLLAB_BENCH_WORKSPACE');

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(values.data);
// PARITY_BENCH_POSTGRES (a server URL) runs the bench on PostgreSQL: one database per data folder, made on the
// first start and kept for the restarts of the cold-load scenario.
const pgAdmin = process.env.PARITY_BENCH_POSTGRES;
let url = `file:${path.join(dataDir, 'parity.db')}`;
if (pgAdmin) {
	const name = `parity_bench_${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;
	const admin = new pg.Client({ connectionString: pgAdmin });
	await admin.connect();
	const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
	if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const u = new URL(pgAdmin);
	u.pathname = `/${name}`;
	url = u.toString();
}
const db = await openStorage({ url, migrationsFolder: path.join(root, 'drizzle') });
const now = Date.now();
await db
	.insert(users)
	.values({
		id: 'benchuser',
		email: 'bench@example.org',
		name: 'Benchmark',
		passwordHash: '!',
		createdAt: now
	})
	.onConflictDoNothing();
await db
	.insert(workspaces)
	.values({ id: workspaceId, slug: 'bench', name: 'Benchmark', createdAt: now })
	.onConflictDoNothing();
await db
	.insert(workspaceMembers)
	.values({ workspaceId, userId: 'benchuser', role: 'editor', createdAt: now })
	.onConflictDoNothing();
await db
	.insert(apiTokens)
	.values({
		id: 'benchtoken',
		userId: 'benchuser',
		name: 'bench',
		tokenHash: hashSecret(token),
		scope: 'write',
		createdAt: now
	})
	.onConflictDoUpdate({ target: apiTokens.id, set: { tokenHash: hashSecret(token) } });
await closeDatabase(db);

process.env.DATABASE_URL = url;
process.env.PORT = values.port;
process.env.HOST ??= '127.0.0.1';
// The bench shares one user between up to 2 000 sockets and writes 20 000 updates as fast as it can.
process.env.COLLAB_MAX_CONNECTIONS_PER_USER ??= '10000';
process.env.COLLAB_MAX_MESSAGES_PER_SECOND ??= '1000000';
process.env.COLLAB_MAX_AWARENESS_PER_SECOND ??= '1000000';
/** Runs `start` when the server accepts its first connection: what the reports below count starts there. */
async function onFirstSocket(start: () => void): Promise<void> {
	const { subscribe } = await import('node:diagnostics_channel');
	let started = false;
	subscribe('net.server.socket', () => {
		if (started) return;
		started = true;
		start();
	});
}

// PARITY_BENCH_PAUSES=FILE: on SIGTERM, append to FILE how long the event loop was held (percentiles of
// its delay, sampled every 1 ms) and the garbage collector's pauses, to tell where a latency tail comes from.
if (process.env.PARITY_BENCH_PAUSES) {
	const { monitorEventLoopDelay, PerformanceObserver } = await import('node:perf_hooks');
	const loop = monitorEventLoopDelay({ resolution: 1 });
	let started = false;
	await onFirstSocket(() => {
		started = true;
		loop.reset();
		loop.enable();
	});
	const gc = new Map<string, number[]>();
	const kinds: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak' };
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			const kind = kinds[(e.detail as { kind: number }).kind] ?? 'other';
			// Counted from the first socket on: the start-up's own collections are not what the clients wait for.
			if (!started) continue;
			(gc.get(kind) ?? gc.set(kind, []).get(kind)!).push(e.duration);
		}
	}).observe({ entryTypes: ['gc'] });
	const { appendFileSync } = await import('node:fs');
	const report = (line: string) => appendFileSync(process.env.PARITY_BENCH_PAUSES!, `${line}\n`);
	process.once('SIGTERM', () => {
		const ms = (ns: number) => (ns / 1e6).toFixed(2);
		const q = [50, 99, 99.9].map((p) => `p${p} ${ms(loop.percentile(p))}`).join(', ');
		report(`pauses: event loop delay ${q}, max ${ms(loop.max)} ms`);
		for (const [kind, d] of gc) {
			const sorted = d.sort((a, b) => a - b);
			const total = d.reduce((a, b) => a + b, 0);
			report(
				`pauses: gc ${kind} ×${d.length}, total ${total.toFixed(1)} ms, p99 ${sorted[Math.floor(d.length * 0.99)].toFixed(2)}, max ${sorted.at(-1)!.toFixed(2)} ms`
			);
		}
	});
}
// PARITY_BENCH_ALLOCATIONS=FILE: samples where the server allocates (collected objects too) from the first socket
// on, and writes the profile (.heapprofile, for Chrome's DevTools) to FILE on SIGTERM.
if (process.env.PARITY_BENCH_ALLOCATIONS) {
	const { Session } = await import('node:inspector/promises');
	const { writeFileSync } = await import('node:fs');
	const session = new Session();
	session.connect();
	await onFirstSocket(() => {
		void session.post('HeapProfiler.startSampling', {
			samplingInterval: 16384,
			includeObjectsCollectedByMajorGC: true,
			includeObjectsCollectedByMinorGC: true
		});
	});
	process.once('SIGTERM', async () => {
		const { profile } = await session.post('HeapProfiler.stopSampling');
		writeFileSync(process.env.PARITY_BENCH_ALLOCATIONS!, JSON.stringify(profile));
	});
}
await import('../server/index.ts');
