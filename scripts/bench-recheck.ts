/**
 * Benchmark for re-checking open sockets: one pass over 1 000 documents of one token (what the collaboration
 * server does every 30 s and on every access change), with the pass reading the documents together
 * (`recheckPass`, as the server does) and one query per document, in turns. Prints milliseconds per pass.
 * Figures: docs/performance.md, "Lean".
 *
 *   node scripts/bench-recheck.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, openStorage } from '../src/lib/server/db/index.ts';
import { recheckPass, storedAccess, type RecheckPass } from '../src/lib/server/collab/access.ts';
import { createToken, createUser, createWorkspace } from '../tests/fixtures/factory.ts';
import { createDocument } from '../tests/fixtures/collab-client.ts';

const DOCUMENTS = 1000;
const dir = mkdtempSync(path.join(tmpdir(), 'parity-recheck-'));
const db = await openStorage({ url: `file:${path.join(dir, 'parity.db')}`, migrationsFolder: 'drizzle' });
try {
	const user = await createUser(db);
	const workspace = await createWorkspace(db, { facilitatorId: user.id });
	const credentials = { kind: 'token' as const, raw: await createToken(db, user.id) };
	const ids: string[] = [];
	for (let i = 0; i < DOCUMENTS; i++) ids.push(await createDocument(db, workspace.id));
	const access = storedAccess(db);
	for (let round = 1; round <= 4; round++) {
		const line: string[] = [];
		for (const [label, pass] of [
			['documents read together', () => recheckPass(ids)],
			['a query per document', () => new Map()]
		] as [string, () => RecheckPass][]) {
			const t0 = performance.now();
			const p = pass();
			for (const id of ids) await access.recheck(credentials, id, p);
			line.push(`${label} ${(performance.now() - t0).toFixed(1)} ms`);
		}
		console.log(`round ${round}, ${DOCUMENTS} documents: ${line.join(', ')}`);
	}
} finally {
	await closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
}
