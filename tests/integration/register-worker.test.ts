// The register's worker thread (src/lib/server/register/jobs.ts) on a real database file: it starts with the
// first job, stops once it has been idle for REGISTER_WORKER_IDLE_MS, and the next job starts it again and
// sees what was appended meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../fixtures/server.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { closeDatabase, openDatabase, type DB } from '../../src/lib/server/db/index.ts';
import { publishDecisionAs } from '../../src/lib/server/decisions/publish.ts';
import { publishInput } from '../../src/lib/server/decisions/schemas.ts';
import type * as Jobs from '../../src/lib/server/register/jobs.ts';

let dir: string;
let db: DB;
let jobs: typeof Jobs;
let p: Awaited<ReturnType<typeof createPartnership>>;

/** Publishes a decision by consensus: one more entry in the workspace's register. */
async function publish(title: string) {
	await publishDecisionAs(
		db,
		p.workspace.id,
		publishInput.parse({
			method: 'consensus',
			title,
			question: `${title}?`,
			outcome: 'approved',
			rationale: 'Agreed at the meeting.',
			decidedAt: Date.now() - 60_000,
			decidedWhere: 'Partnership board',
			organisations: p.orgs.map((o) => o.org.id)
		}),
		p.facilitator.id
	);
}

beforeAll(async () => {
	// Read when jobs.ts is first imported: stop after 50 ms without a job.
	process.env.REGISTER_WORKER_IDLE_MS = '50';
	jobs = await import('../../src/lib/server/register/jobs.ts');
	dir = mkdtempSync(path.join(tmpdir(), 'parity-register-worker-'));
	db = openDatabase({
		url: `file:${path.join(dir, 'parity.db')}`,
		migrationsFolder: path.join(ROOT, 'drizzle')
	});
	p = await createPartnership(db, { vcse: 2, statutory: 1 });
	await publish('First decision');
});

afterAll(() => {
	closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
});

describe('the register worker', () => {
	it('starts with the first job, stops when idle, and the next job starts it again on the new head', async () => {
		expect(jobs.workerRunning()).toBe(false);

		const first = await jobs.verifyNow(db, p.workspace.id);
		expect(first).toMatchObject({ ok: true, count: 1, failure: null });
		// The job ran in the worker thread, which is still there (it waits for more work before it stops).
		expect(jobs.workerRunning()).toBe(true);

		await expect.poll(() => jobs.workerRunning(), { timeout: 10_000 }).toBe(false);

		// Appended while the worker was stopped: the new worker reads it.
		await publish('Second decision');
		const second = await jobs.verified(db, p.workspace.id);
		expect(second).toMatchObject({ ok: true, count: 2, failure: null });
		expect(second.headText).not.toBe(first.headText);
		expect(jobs.workerRunning()).toBe(true);

		// An export through the restarted worker holds both entries.
		const exported = JSON.parse(
			await jobs.run<string>(db, {
				kind: 'export',
				workspaceId: p.workspace.id,
				format: 'json',
				origin: 'http://localhost',
				now: Date.now(),
				today: new Date().toISOString().slice(0, 10)
			})
		) as { entries: unknown[] };
		expect(exported.entries).toHaveLength(2);

		await expect.poll(() => jobs.workerRunning(), { timeout: 10_000 }).toBe(false);
	});

	it('runs jobs sent at the same time on one worker, each with its own answer', async () => {
		const [a, b, c] = await Promise.all([
			jobs.verifyNow(db, p.workspace.id),
			jobs.verifyNow(db, p.workspace.id),
			jobs.verifyNow(db, p.workspace.id)
		]);
		for (const r of [a, b, c]) expect(r).toMatchObject({ ok: true, count: 2 });
		expect(jobs.workerRunning()).toBe(true);
		await expect.poll(() => jobs.workerRunning(), { timeout: 10_000 }).toBe(false);
	});
});
