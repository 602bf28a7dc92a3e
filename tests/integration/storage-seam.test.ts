// The storage seam's transactions, on this run's engine: a SQLite file, or a new PostgreSQL database under
// PARITY_TEST_ENGINE=postgres. No server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	closeDatabase,
	detached,
	inTransaction,
	openStorage,
	transaction,
	type DB
} from '../../src/lib/server/db/index.ts';
import { ENGINE, newPostgresDatabase, ROOT } from '../fixtures/server.ts';

let dir: string;
let db: DB;

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-seam-'));
	const url = ENGINE === 'postgres' ? await newPostgresDatabase() : `file:${path.join(dir, 'p.db')}`;
	db = await openStorage({ url, migrationsFolder: path.join(ROOT, 'drizzle') });
});

afterAll(async () => {
	await closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
});

describe('a transaction', () => {
	it('leaves behind no hold on work started inside it: a timer set there runs outside it, once it ended', async () => {
		let inside: boolean | undefined;
		let later: boolean | undefined;
		let fired!: () => void;
		const done = new Promise<void>((resolve) => (fired = resolve));
		await transaction(db, async () => {
			inside = inTransaction(db);
			setTimeout(() => {
				later = inTransaction(db);
				fired();
			}, 20);
		});
		await done;
		expect(inside).toBe(true);
		// On PostgreSQL its client is back in the pool by then: work that still used it would run in another
		// request's transaction.
		expect(later).toBe(false);
	});

	it('does not take in work poked from inside it (detached)', async () => {
		await transaction(db, async () => {
			expect(inTransaction(db)).toBe(true);
			expect(detached(db, () => inTransaction(db))).toBe(false);
		});
	});
});
