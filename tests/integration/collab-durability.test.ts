// Nothing a client has received is lost when the process is killed (SIGKILL), over several cycles and in the
// middle of compactions; idle rooms and shutdown compact the log into a snapshot without changing the content,
// and the pages the log used are given back to the file system.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { ENGINE, type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { addMember, createToken, createUser, createWorkspace } from '../fixtures/factory.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { writeConnection } from '../../src/lib/server/db/index.ts';
import { collabSnapshots, collabUpdates } from '../../src/lib/server/db/schema/index.ts';
import { connect, createDocument, fetchState, until } from '../fixtures/collab-client.ts';

let server: TestServer;
let db: DB;
let documentId: string;
let workspaceId: string;
let writerTokens: string[];
let readerToken: string;

// Compaction every 100 rows (or 40 000 bytes of log) so the cycles also cross compactions.
useServer(
	{ env: { COLLAB_COMPACT_ROWS: '100', COLLAB_COMPACT_BYTES: '40000', COLLAB_IDLE_EVICT_MS: '300' } },
	(s) => ({ server, db } = s)
);

beforeAll(async () => {
	const f = await createUser(db, { name: 'Fran' });
	const ws = await createWorkspace(db, { facilitatorId: f.id });
	const writers = [await createUser(db, { name: 'Wendy' }), await createUser(db, { name: 'Walt' })];
	for (const w of writers) await addMember(db, ws.id, w.id, { role: 'editor' });
	const reader = await createUser(db, { name: 'Rita' });
	await addMember(db, ws.id, reader.id, { role: 'observer' });
	writerTokens = await Promise.all(writers.map((w) => createToken(db, w.id)));
	readerToken = await createToken(db, reader.id);
	documentId = await createDocument(db, ws.id);
	workspaceId = ws.id;
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
			async () =>
				(await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId))).length > 0,
			'the tail stored'
		);
		c.destroy();
		// The room is evicted after 300 ms without connections, compacting its log.
		await until(
			async () =>
				(await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId))).length === 0,
			'compaction',
			10_000
		);
		const snap = (
			await db.select().from(collabSnapshots).where(eq(collabSnapshots.documentId, documentId))
		)[0];
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
		expect(await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId))).toEqual([]);
		server = await server.restart();
		expect((await fetchState(server, documentId, { token: readerToken })).getText('t').toString()).toBe(
			expectedText
		);
	});

	it('compacts while clients edit, loses nothing when killed in the middle of it, and gives the pages back', async () => {
		const id = await createDocument(db, workspaceId);
		const logged = async () =>
			(await db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.documentId, id)))
				.length;
		const writers = writerTokens.map((token) => connect(server, id, { token }, { ack: true }));
		const reader = connect(server, id, { token: readerToken });
		await Promise.all([...writers, reader].map((c) => c.synced()));
		// 2 × 200 paragraphs, one transaction each: the log passes COLLAB_COMPACT_ROWS (100) again and again
		// while the writers go on, so compactions run between their updates.
		const perWriter = 200;
		for (let i = 0; i < perWriter; i++) {
			writers.forEach((w, k) => {
				const fragment = w.doc.getXmlFragment('default');
				const p = new Y.XmlElement('paragraph');
				p.insert(0, [new Y.XmlText(`<live:${k}:${i}> the partners agree`)]);
				fragment.insert(Math.floor(fragment.length / 2), [p]);
			});
			if (i % 10 === 0) await new Promise((r) => setImmediate(r));
		}
		const xml = (c: { doc: Y.Doc }) => c.doc.getXmlFragment('default');
		await until(
			() =>
				xml(reader).length === 2 * perWriter &&
				writers.every((w) => xml(w).toString() === xml(reader).toString()),
			'every client to hold every paragraph',
			20_000
		);
		expect(
			(await db.select().from(collabSnapshots).where(eq(collabSnapshots.documentId, id)))[0]
		).toBeTruthy();
		expect(await logged()).toBeLessThan(2 * perWriter);
		const expectedXml = xml(reader).toString();
		const expectedVector = Y.encodeStateVector(reader.doc);
		for (const w of writers) w.destroy();
		reader.destroy();
		// Killed at once: a compaction, or pages being given back, may be under way.
		expect(await server.kill('SIGKILL')).toBe(null);
		server = await server.restart();
		const fresh = await fetchState(server, id, { token: readerToken });
		expect(fresh.getXmlFragment('default').toString()).toBe(expectedXml);
		expect(Y.encodeStateVector(fresh)).toEqual(expectedVector);

		// Idle again: the log is folded and every free page given back (SQLite's file; PostgreSQL reuses them).
		const freePages = () =>
			ENGINE === 'postgres' ? 0 : writeConnection(db).$client.pragma('freelist_count', { simple: true });
		await until(
			async () => (await logged()) === 0 && freePages() === 0,
			'the log folded and its pages given back',
			10_000
		);
		const again = await fetchState(server, id, { token: readerToken });
		expect(again.getXmlFragment('default').toString()).toBe(expectedXml);
		expect(Y.encodeStateVector(again)).toEqual(expectedVector);
	});

	it('compacts a log of a few large updates once it passes the size threshold, while the writer stays', async () => {
		const id = await createDocument(db, workspaceId);
		const logged = async () =>
			(await db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.documentId, id)))
				.length;
		const c = connect(server, id, { token: writerTokens[0] }, { ack: true });
		await c.synced();
		const pasted = (n: number) => `${n}: ${'a pasted passage of policy text. '.repeat(500)}`;
		c.doc.getText('t').insert(0, pasted(1));
		c.doc.getText('t').insert(0, pasted(2));
		await until(async () => c.saved.length > 0 && (await logged()) === 2, 'two large updates stored');
		c.doc.getText('t').insert(0, pasted(3));
		// Three rows, far below the row threshold, but more than 40 000 bytes: folded with the writer still there.
		await until(async () => (await logged()) === 0, 'the log folded by size');
		expect(c.closes).toEqual([]);
		const expected = c.doc.getText('t').toString();
		c.destroy();
		expect((await fetchState(server, id, { token: readerToken })).getText('t').toString()).toBe(expected);
	});
});
