// Nothing a client has received is lost when the process is killed (SIGKILL), over several cycles; idle
// rooms and shutdown compact the log into a snapshot without changing the content.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { addMember, createToken, createUser, createWorkspace } from '../fixtures/factory.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { collabSnapshots, collabUpdates } from '../../src/lib/server/db/schema/index.ts';
import { connect, createDocument, fetchState, until } from '../fixtures/collab-client.ts';

let server: TestServer;
let db: DB;
let documentId: string;
let writerTokens: string[];
let readerToken: string;

// Compaction every 100 rows so the cycles also cross compactions.
useServer({ env: { COLLAB_COMPACT_ROWS: '100', COLLAB_IDLE_EVICT_MS: '300' } }, (s) => ({ server, db } = s));

beforeAll(async () => {
	const f = await createUser(db, { name: 'Fran' });
	const ws = createWorkspace(db, { facilitatorId: f.id });
	const writers = [await createUser(db, { name: 'Wendy' }), await createUser(db, { name: 'Walt' })];
	for (const w of writers) addMember(db, ws.id, w.id, { role: 'editor' });
	const reader = await createUser(db, { name: 'Rita' });
	addMember(db, ws.id, reader.id, { role: 'observer' });
	writerTokens = await Promise.all(writers.map((w) => createToken(db, w.id)));
	readerToken = await createToken(db, reader.id);
	documentId = createDocument(db, ws.id);
});

/** Inserts at a random boundary between markers, never inside one. */
function insertBetweenMarkers(doc: Y.Doc, m: string): void {
	const t = doc.getText('t');
	const s = t.toString();
	const cuts = [0];
	for (let i = s.indexOf('>'); i >= 0; i = s.indexOf('>', i + 1)) cuts.push(i + 1);
	t.insert(cuts[Math.floor(Math.random() * cuts.length)], m);
}

const markers = (doc: Y.Doc) =>
	new Set(
		doc
			.getText('t')
			.toString()
			.match(/<[^>]+>/g) ?? []
	);

describe('durability', () => {
	it('keeps every update a client received through repeated SIGKILLs', async () => {
		const expected = new Set<string>();
		for (let cycle = 0; cycle < 3; cycle++) {
			const writers = writerTokens.map((token) => connect(server, documentId, { token }));
			const reader = connect(server, documentId, { token: readerToken });
			await Promise.all([...writers, reader].map((c) => c.synced()));
			// A burst: 150 separate transactions per writer, no pause between most of them.
			for (let i = 0; i < 150; i++) {
				writers.forEach((w, k) => {
					const m = `<${cycle}:${k}:${i}>`;
					insertBetweenMarkers(w.doc, m);
					expected.add(m);
				});
				if (i % 25 === 0) await new Promise((r) => setImmediate(r));
			}
			// A second client confirms it received everything.
			await until(
				() => markers(reader.doc).size === expected.size,
				`the reader to receive cycle ${cycle}`,
				20_000
			);
			for (const w of writers) w.destroy();
			reader.destroy();
			expect(await server.kill('SIGKILL')).toBe(null);
			server = await server.restart();
			const fresh = await fetchState(server, documentId, { token: readerToken });
			expect(markers(fresh)).toEqual(expected);
		}
	});

	it('compacts an idle document into a snapshot with byte-identical content', async () => {
		const before = await fetchState(server, documentId, { token: readerToken });
		const c = connect(server, documentId, { token: writerTokens[0] });
		await c.synced();
		c.doc.getText('t').insert(0, '<tail>');
		const expectedText = c.doc.getText('t').toString();
		await until(
			() => db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId)).all().length > 0,
			'the tail stored'
		);
		c.destroy();
		// The room is evicted after 300 ms without connections, compacting its log.
		await until(
			() =>
				db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId)).all().length === 0,
			'compaction',
			10_000
		);
		const snap = db.select().from(collabSnapshots).where(eq(collabSnapshots.documentId, documentId)).get();
		expect(snap).toBeTruthy();
		const after = await fetchState(server, documentId, { token: readerToken });
		expect(after.getText('t').toString()).toBe(expectedText);
		expect(markers(after).size).toBe(markers(before).size + 1);
		// The snapshot alone holds the whole state.
		const fromSnapshot = new Y.Doc();
		Y.applyUpdate(fromSnapshot, new Uint8Array(snap!.data));
		expect(Y.encodeStateAsUpdate(fromSnapshot)).toEqual(Y.encodeStateAsUpdate(after));
	});

	it('flushes and compacts on SIGTERM, exiting cleanly', async () => {
		const c = connect(server, documentId, { token: writerTokens[1] });
		await c.synced();
		for (let i = 0; i < 50; i++) c.doc.getText('t').insert(0, `<term:${i}>`);
		const expectedText = c.doc.getText('t').toString();
		const reader = connect(server, documentId, { token: readerToken });
		await until(() => reader.doc.getText('t').toString() === expectedText, 'the reader to receive the burst');
		expect(await server.stop()).toBe(0);
		c.destroy();
		reader.destroy();
		expect(db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId)).all()).toEqual([]);
		server = await server.restart();
		expect((await fetchState(server, documentId, { token: readerToken })).getText('t').toString()).toBe(
			expectedText
		);
	});
});
