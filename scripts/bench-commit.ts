/**
 * Benchmark for the commit every live update waits for before it is broadcast: one 60-byte update appended
 * to a document's log in its own transaction (`CollabStore.append`, as the write queue does for one edit),
 * back to back and with 25 ms between appends (S1's pace: 20 editors, 2 edits a second each). Prints the median
 * and 90th percentile in microseconds. Figures: docs/performance.md, "Lean".
 *
 *   node scripts/bench-commit.ts [folder for the database, default the system's temporary folder]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, openStorage } from '../src/lib/server/db/index.ts';
import { CollabStore } from '../src/lib/server/collab/persistence.ts';
import { createUser, createWorkspace } from '../tests/fixtures/factory.ts';
import { createDocument } from '../tests/fixtures/collab-client.ts';

const dir = mkdtempSync(path.join(process.argv[2] ?? tmpdir(), 'parity-commit-'));
const db = await openStorage({ url: `file:${path.join(dir, 'parity.db')}`, migrationsFolder: 'drizzle' });
try {
	const user = await createUser(db);
	const workspace = await createWorkspace(db, { facilitatorId: user.id });
	const documentId = await createDocument(db, workspace.id);
	const store = new CollabStore(db);
	const data = new Uint8Array(60).fill(7);
	for (const gap of [0, 25, 0, 25]) {
		const times: number[] = [];
		for (let i = 0; i < 400; i++) {
			const t0 = performance.now();
			await store.append([{ documentId, data, userId: user.id, changesContent: true }], []);
			times.push((performance.now() - t0) * 1000);
			if (gap) await new Promise((resolve) => setTimeout(resolve, gap));
		}
		times.sort((a, b) => a - b);
		console.log(
			`${gap ? `${gap} ms apart` : 'back to back'}: median ${times[200].toFixed(0)} µs, p90 ${times[360].toFixed(0)} µs`
		);
	}
} finally {
	await closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
}
