// The storage layer on a real SQLite file: write-through batches, load = snapshot + remaining rows,
// compaction that folds exactly the rows it read, and server-side changes without a live server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { openDatabase, type DB } from '../../src/lib/server/db/index.ts';
import { CollabStore } from '../../src/lib/server/collab/persistence.ts';
import { transactOffline } from '../../src/lib/server/collab/registry.ts';
import { checkUpdate } from '../../src/lib/server/collab/protocol.ts';
import { createUser, createWorkspace } from '../fixtures/factory.ts';
import { createDocument } from '../fixtures/collab-client.ts';

let dir: string;
let db: DB;
let store: CollabStore;
let workspaceId: string;

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-collab-'));
	db = openDatabase({
		url: `file:${path.join(dir, 'p.db')}`,
		migrationsFolder: path.resolve(import.meta.dirname, '../../drizzle')
	});
	store = new CollabStore(db);
	const u = await createUser(db);
	workspaceId = createWorkspace(db, { facilitatorId: u.id }).id;
});

afterAll(() => {
	db.$client.close();
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

describe('collab persistence', () => {
	it('loads snapshot + log rows and compacts to byte-identical content, deleting exactly the rows it read', async () => {
		const documentId = createDocument(db, workspaceId);
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
		const documentId = createDocument(db, workspaceId);
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
		const documentId = createDocument(db, workspaceId);
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
});
