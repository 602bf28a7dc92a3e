// The storage layer on a real SQLite file (and on PostgreSQL): write-through batches, load = snapshot + remaining rows,
// compaction that folds exactly the rows it read and gives the pages it freed back to the file system (the
// file shrinks, "Last changed" stays), and server-side changes without a live server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import {
	closeDatabase,
	openDatabase,
	transaction,
	withWriter,
	writeConnection,
	type DB
} from '../../src/lib/server/db/index.ts';
import { autoVacuumMode, reclaimSpace } from '../../src/lib/server/db/space.ts';
import { documents } from '../../src/lib/server/db/schema/index.ts';
import { CollabStore } from '../../src/lib/server/collab/persistence.ts';
import { transactOffline } from '../../src/lib/server/collab/registry.ts';
import { checkUpdate } from '../../src/lib/server/collab/protocol.ts';
import { createUser, createWorkspace } from '../fixtures/factory.ts';
import { openFreshDatabase } from '../fixtures/engine.ts';
import { ENGINE } from '../fixtures/server.ts';
import { createDocument, sleep } from '../fixtures/collab-client.ts';

let dir: string;
let dbFile: string;
let db: DB;
let store: CollabStore;
let workspaceId: string;
const MIGRATIONS = path.resolve(import.meta.dirname, '../../drizzle');

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-collab-'));
	({ db, file: dbFile } = await openFreshDatabase(dir));
	store = new CollabStore(db);
	const u = await createUser(db);
	workspaceId = (await createWorkspace(db, { facilitatorId: u.id })).id;
});

afterAll(async () => {
	await closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
});

/** Writes `n` small random edits from a few clients as separate log rows; returns the writers' doc. */
async function writeEdits(documentId: string, n: number, seed = 1): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const editors = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
	let x = seed;
	const rand = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
	for (let i = 0; i < n; i++) {
		const e = editors[i % editors.length];
		Y.applyUpdate(e, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(e);
		const t = e.getText('t');
		if (t.length > 10 && rand() < 0.3) t.delete(Math.floor(rand() * (t.length - 3)), 3);
		else t.insert(Math.floor(rand() * (t.length + 1)), `w${i} `);
		e.getMap('m').set(`k${i % 7}`, i);
		const update = Y.encodeStateAsUpdate(e, before);
		Y.applyUpdate(doc, update);
		await store.append([{ documentId, data: update, userId: null, changesContent: true }], []);
	}
	return doc;
}

/** A document of `n` paragraphs folded into its snapshot, leaving free pages in the file; counts them. */
async function compactedWithFreePages(n: number) {
	const u = await createUser(db);
	const documentId = await createDocument(db, workspaceId);
	await writeParagraphs(documentId, n, u.id, Date.now());
	await store.compact(documentId);
	const writer = writeConnection(db).$client;
	const free = () => writer.pragma('freelist_count', { simple: true }) as number;
	const freed = free();
	expect(freed).toBeGreaterThan(0);
	return { free, freed };
}

/** Writes `n` paragraphs to the document's XML fragment, each a log row of its own, credited to `userId` at `at`. */
async function writeParagraphs(documentId: string, n: number, userId: string, at: number): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (let i = 0; i < n; i++) {
		const before = Y.encodeStateVector(doc);
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [
			new Y.XmlText(`Paragraph ${i}: ${'the partners agree to share what they learn. '.repeat(3)}`)
		]);
		doc.getXmlFragment('default').insert(Math.floor(i / 2), [p]);
		const update = Y.encodeStateAsUpdate(doc, before);
		await store.append([{ documentId, data: update, userId, changesContent: true }], [], at);
	}
	return doc;
}

/** The database file's size once its WAL is copied into it. */
function fileBytes(): number {
	writeConnection(db).$client.pragma('wal_checkpoint(TRUNCATE)');
	return statSync(dbFile).size;
}

describe('collab persistence', () => {
	it('loads snapshot + log rows and compacts to byte-identical content, deleting exactly the rows it read', async () => {
		const documentId = await createDocument(db, workspaceId);
		const truth = await writeEdits(documentId, 400);
		const loaded = await store.load(documentId);
		expect(loaded.rows).toBe(400);
		expect(loaded.doc.getText('t').toString()).toBe(truth.getText('t').toString());
		const beforeBytes = Y.encodeStateAsUpdate(loaded.doc);

		const r = await store.compact(documentId);
		expect(r?.rowsFolded).toBe(400);
		expect((await store.stats(documentId)).rows).toBe(0);
		const after = await store.load(documentId);
		expect(after.rows).toBe(0);
		expect(Y.encodeStateAsUpdate(after.doc)).toEqual(beforeBytes);
		expect(after.doc.getText('t').toString()).toBe(truth.getText('t').toString());
		expect(after.doc.getMap('m').toJSON()).toEqual(truth.getMap('m').toJSON());
		// The snapshot is stored with its state vector.
		const stored = await store.read(documentId);
		expect(new Uint8Array(stored.stateVector!)).toEqual(Y.encodeStateVector(after.doc));

		// More rows after the snapshot: load = snapshot + remaining rows; a second compaction folds them too.
		const more = new Y.Doc();
		Y.applyUpdate(more, Y.encodeStateAsUpdate(after.doc));
		const sv = Y.encodeStateVector(more);
		more.getText('t').insert(0, 'tail ');
		await store.append(
			[{ documentId, data: Y.encodeStateAsUpdate(more, sv), userId: null, changesContent: true }],
			[]
		);
		const mixed = await store.load(documentId);
		expect(mixed.rows).toBe(1);
		expect(mixed.doc.getText('t').toString()).toBe(more.getText('t').toString());
		await store.compact(documentId);
		expect(Y.encodeStateAsUpdate((await store.load(documentId)).doc)).toEqual(
			Y.encodeStateAsUpdate(mixed.doc)
		);
		expect(await store.compact(documentId)).toBeNull();
	});

	it('does not store a batch partly: a failing row rolls back the whole transaction', async () => {
		const documentId = await createDocument(db, workspaceId);
		await expect(
			store.append(
				[
					{ documentId, data: new Uint8Array([1, 2]), userId: null, changesContent: true },
					{ documentId: 'no-such-document', data: new Uint8Array([3]), userId: null, changesContent: true }
				],
				[]
			)
		).rejects.toThrow();
		expect((await store.stats(documentId)).rows).toBe(0);
	});

	it('records client id ownership and server-side changes without a live server', async () => {
		const documentId = await createDocument(db, workspaceId);
		await transactOffline(store, documentId, (doc) => doc.getText('t').insert(0, 'seeded'), {
			userId: null
		});
		const loaded = await store.load(documentId);
		expect(loaded.doc.getText('t').toString()).toBe('seeded');
		expect([...loaded.owners.values()]).toEqual(['']);
		await expect(transactOffline(store, 'nope', () => {}, { userId: null })).rejects.toThrow(
			/No such document/
		);
	});

	it('tells new structs and new deletions apart from what the document already has', async () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		client.getText('t').insert(0, 'hello world');
		Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
		expect(checkUpdate(server, Y.encodeStateAsUpdate(client))).toEqual({
			newClients: [],
			newDeletions: false
		});
		client.getText('t').delete(0, 6);
		expect(checkUpdate(server, Y.encodeStateAsUpdate(client))).toEqual({
			newClients: [],
			newDeletions: true
		});
		Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
		expect(checkUpdate(server, Y.encodeStateAsUpdate(client))).toEqual({
			newClients: [],
			newDeletions: false
		});
		client.getText('t').insert(0, '!');
		expect(checkUpdate(server, Y.encodeStateAsUpdate(client)).newClients).toEqual([client.clientID]);
		expect(() => checkUpdate(server, new Uint8Array([5, 200, 1]))).toThrow();
	});

	// On PostgreSQL, compaction's deleted rows are PostgreSQL's to reuse (autovacuum): only the content and
	// "Last changed" are checked there.
	it('gives the pages compaction freed back: the file shrinks, the content and "Last changed" stay', async () => {
		const file = ENGINE === 'sqlite';
		if (file) expect(autoVacuumMode(writeConnection(db).$client)).toBe('incremental');
		const u = await createUser(db);
		const documentId = await createDocument(db, workspaceId);
		const editedAt = Date.now() - 86_400_000;
		const truth = await writeParagraphs(documentId, 800, u.id, editedAt);
		const row = async () =>
			(
				await db
					.select({
						updatedAt: documents.updatedAt,
						contentChangedAt: documents.contentChangedAt,
						contentChangedBy: documents.contentChangedBy
					})
					.from(documents)
					.where(eq(documents.id, documentId))
			)[0];
		const lastChanged = await row();
		expect(lastChanged?.contentChangedAt).toBe(editedAt);
		expect(lastChanged?.contentChangedBy).toBe(u.id);
		await reclaimSpace(db);
		const before = file ? fileBytes() : 0;

		expect((await store.compact(documentId))?.rowsFolded).toBe(800);
		if (file) {
			const given = await store.reclaim();
			expect(given).toBeGreaterThan(0);
			expect(writeConnection(db).$client.pragma('freelist_count', { simple: true })).toBe(0);
			expect(fileBytes()).toBeLessThan(before);
		}

		const stored = (await store.load(documentId)).doc;
		expect(stored.getXmlFragment('default').toString()).toBe(truth.getXmlFragment('default').toString());
		expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(truth));
		expect(await row(), 'Last changed after folding').toEqual(lastChanged);
	});

	it.skipIf(ENGINE === 'postgres')(
		'gives pages back in turn with transactions: one rolled back meanwhile takes none of it along',
		async () => {
			const { free, freed } = await compactedWithFreePages(300);

			let release!: () => void;
			const gate = new Promise<void>((r) => (release = r));
			const other = await createDocument(db, workspaceId);
			const rolledBack = transaction(db, async (tx) => {
				await tx.delete(documents).where(eq(documents.id, other));
				// Inside a transaction, file management is refused rather than made part of it.
				await expect(withWriter(tx, () => 0)).rejects.toThrow(/inside a transaction/);
				await gate;
				throw new Error('rolled back');
			});
			const reclaimed = store.reclaim({ pauseMs: 0 });
			await sleep(50);
			// Nothing given back while the other transaction is open (it would have been part of it).
			expect(free()).toBe(freed);
			release();
			await expect(rolledBack).rejects.toThrow('rolled back');
			expect(await reclaimed).toBeGreaterThanOrEqual(freed);
			expect(free()).toBe(0);
			expect(
				(await db.select({ id: documents.id }).from(documents).where(eq(documents.id, other)))[0]
			).toEqual({
				id: other
			});
		}
	);

	it.skipIf(ENGINE === 'postgres')(
		'gives up without failing while another process keeps the file busy, and gives the pages back next time',
		async () => {
			const { free, freed } = await compactedWithFreePages(200);

			const other = new Database(dbFile);
			other.exec('BEGIN IMMEDIATE');
			const logged: string[] = [];
			try {
				expect(await store.reclaim({ pauseMs: 0, log: (m) => logged.push(m) })).toBe(0);
			} finally {
				other.exec('ROLLBACK');
				other.close();
			}
			expect(logged).toEqual(['could not give free pages back to the file system']);
			expect(free()).toBe(freed);
			expect(await store.reclaim()).toBe(freed);
			expect(free()).toBe(0);
		}
	);

	it.skipIf(ENGINE === 'postgres')(
		'leaves an older database in its mode when it is opened (only `admin vacuum` converts it)',
		async () => {
			const older = path.join(dir, 'older.db');
			const c = new Database(older);
			c.pragma('journal_mode = WAL');
			c.exec('CREATE TABLE kept (x BLOB)');
			c.close();
			const o = openDatabase({ url: `file:${older}`, migrationsFolder: MIGRATIONS });
			try {
				expect(autoVacuumMode(writeConnection(o).$client)).toBe('none');
				expect(await reclaimSpace(o)).toBe(0);
			} finally {
				await closeDatabase(o);
			}
		}
	);
});
