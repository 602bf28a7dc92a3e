// Bad input and limits: 1 000 fuzzed frames, oversized messages and documents (4413), connections per
// user, the rate limit (pauses reading, does not close) and the benchmark mode (on here, off by default).
import { beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { addMember, createToken, createUser, type TestUser } from '../fixtures/factory.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { documents, workspaces } from '../../src/lib/server/db/schema/index.ts';
import {
	collabUrl,
	connect,
	createDocument,
	fetchState,
	raw,
	sleep,
	awarenessFrame,
	syncMessage,
	until,
	upgradeStatus,
	type Raw
} from '../fixtures/collab-client.ts';

const BENCH_WORKSPACE = 'benchworkspace01';
const RATE = 50;
const AWARENESS_RATE = 20;

let server: TestServer;
let db: DB;
let editor: TestUser;
let fuzzer: TestUser;
let observer: TestUser;
const token: Record<string, string> = {};

useServer(
	{
		env: {
			COLLAB_MAX_CONNECTIONS_PER_USER: '5',
			COLLAB_MAX_MESSAGES_PER_SECOND: String(RATE),
			COLLAB_MAX_AWARENESS_PER_SECOND: String(AWARENESS_RATE),
			COLLAB_MAX_DOCUMENT_BYTES: String(200_000),
			COLLAB_BENCH_WORKSPACE: BENCH_WORKSPACE
		}
	},
	(s) => ({ server, db } = s)
);

beforeAll(async () => {
	editor = await createUser(db, { name: 'Eddie' });
	fuzzer = await createUser(db, { name: 'Fuzz' });
	observer = await createUser(db, { name: 'Otto' });
	db.insert(workspaces)
		.values({ id: BENCH_WORKSPACE, slug: 'bench', name: 'Bench', createdAt: Date.now() })
		.run();
	await addMember(db, BENCH_WORKSPACE, editor.id, { role: 'editor' });
	await addMember(db, BENCH_WORKSPACE, fuzzer.id, { role: 'editor' });
	await addMember(db, BENCH_WORKSPACE, observer.id, { role: 'observer' });
	for (const u of [editor, fuzzer, observer]) token[u.id] = await createToken(db, u.id);
});

/** Deterministic pseudo-random numbers. */
function rng(seed: number) {
	return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function fuzzFrames(count: number, valid: Uint8Array): (Uint8Array | string)[] {
	const r = rng(7);
	const int = (n: number) => Math.floor(r() * n);
	const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
	const frames: (Uint8Array | string)[] = [];
	for (let i = 0; i < count; i++) {
		switch (i % 10) {
			case 0:
				frames.push(bytes(int(200)));
				break;
			case 1: // a valid update, truncated
				frames.push(valid.subarray(0, 1 + int(valid.length - 1)));
				break;
			case 2: {
				// a valid update with bytes flipped inside the payload
				const f = valid.slice();
				for (let k = 0; k < 3; k++) f[3 + int(f.length - 3)] = int(256);
				frames.push(f);
				break;
			}
			case 3:
				frames.push(Uint8Array.of(7 + int(90), ...bytes(int(20)))); // unknown message type
				break;
			case 4:
				frames.push(Uint8Array.of(0, 3 + int(100), ...bytes(int(20)))); // unknown sync step
				break;
			case 5: {
				// a huge declared length
				const e = encoding.createEncoder();
				encoding.writeVarUint(e, 0);
				encoding.writeVarUint(e, 2);
				encoding.writeVarUint(e, 2 ** 31 + int(1000));
				frames.push(Uint8Array.of(...encoding.toUint8Array(e), ...bytes(10)));
				break;
			}
			case 6: {
				// awareness with broken JSON, a non-object state, or a truncated entry
				const e = encoding.createEncoder();
				encoding.writeVarUint(e, 1);
				const inner = encoding.createEncoder();
				encoding.writeVarUint(inner, 1 + int(3));
				encoding.writeVarUint(inner, int(2 ** 30));
				encoding.writeVarUint(inner, int(5));
				encoding.writeVarString(inner, ['{"user":', '[1,2]', '"x"', '{}'][int(4)]);
				encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
				frames.push(encoding.toUint8Array(e));
				break;
			}
			case 7:
				frames.push(new Uint8Array(0));
				break;
			case 8:
				frames.push('not binary'); // a text frame
				break;
			default:
				frames.push(syncMessage(0, bytes(int(30)))); // a garbage state vector
		}
	}
	return frames;
}

async function openRaw(documentId: string, t: string): Promise<Raw> {
	for (let attempt = 0; ; attempt++) {
		const r = raw(server, documentId, { token: t });
		try {
			await r.open;
			return r;
		} catch (e) {
			if (attempt > 50) throw e;
			await sleep(20); // the previous socket's close has not reached the server yet (429)
		}
	}
}

describe('collab limits and bad input', () => {
	it('survives 1 000 fuzzed frames: each bad socket closes, others carry on, the document is intact', async () => {
		const documentId = await createDocument(db, BENCH_WORKSPACE);
		const good = connect(server, documentId, { token: token[editor.id] }, { awareness: null });
		await good.synced();
		good.doc.getText('mine').insert(0, 'intact');
		const src = new Y.Doc();
		src.getText('t').insert(0, 'fuzz payload that is long enough to cut in many places');
		const frames = fuzzFrames(1000, syncMessage(2, Y.encodeStateAsUpdate(src)));
		const fuzz = async (who: string, list: (Uint8Array | string)[], edit: boolean) => {
			let socket = await openRaw(documentId, who);
			let closedCount = 0;
			const codes = new Set<number>();
			for (const [i, frame] of list.entries()) {
				// Each frame, then a probe (query awareness) whose answer proves the frame was handled; a frame
				// that closes the socket leaves the probe unanswered.
				const answered = socket.messages.filter((m) => m[0] === 1).length;
				socket.ws.send(frame);
				socket.ws.send(Uint8Array.of(3));
				const outcome = await Promise.race([
					socket.close.then(() => 'closed'),
					until(() => socket.messages.filter((m) => m[0] === 1).length > answered, 'the probe', 5000).then(
						() => 'open'
					)
				]);
				if (outcome === 'closed') {
					codes.add(await socket.close);
					closedCount++;
					socket = await openRaw(documentId, who);
				}
				if (edit && i % 100 === 0) good.doc.getText('mine').insert(good.doc.getText('mine').length, '.');
			}
			socket.ws.close();
			return { closedCount, codes };
		};

		// 1 000 frames from an editor: malformed ones close that socket only (4400, or 4413 for a
		// declared length over the limit); a mutated update that still decodes is a valid edit by an editor.
		const editorRun = await fuzz(token[fuzzer.id], frames, true);
		expect(editorRun.closedCount).toBeGreaterThan(500);
		for (const code of editorRun.codes) expect([4400, 4413]).toContain(code);
		// The good client writes its own text type, which no fuzz frame touches.
		const current = good.doc.getText('mine').toString();
		expect(current).toBe('intact' + '.'.repeat(10));
		expect(good.closes).toEqual([]);
		const stored = await fetchState(server, documentId, { token: token[editor.id] });
		expect(stored.getText('mine').toString()).toBe(current);
		expect(stored.getText('t').toString()).toBe(good.doc.getText('t').toString());
		expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(good.doc));

		// The same frames from an observer change nothing at all.
		const observerRun = await fuzz(token[observer.id], frames.slice(0, 300), false);
		expect(observerRun.closedCount).toBeGreaterThan(150);
		for (const code of observerRun.codes) expect([4400, 4403, 4413]).toContain(code);
		await sleep(100);
		expect(good.doc.getText('mine').toString()).toBe(current);
		const fuzzedText = stored.getText('t').toString();
		const again = await fetchState(server, documentId, { token: token[editor.id] });
		expect(again.getText('mine').toString()).toBe(current);
		expect(again.getText('t').toString()).toBe(fuzzedText);
		expect(Y.encodeStateVector(again)).toEqual(Y.encodeStateVector(stored));
		expect(good.closes).toEqual([]);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		good.destroy();
	});

	it('closes an oversized message with 4413, even a 50 MiB one, and refuses a document over its cap', async () => {
		const documentId = await createDocument(db, BENCH_WORKSPACE);
		for (const size of [1024 * 1024 + 10, 50 * 1024 * 1024]) {
			const r = await openRaw(documentId, token[editor.id]);
			const big = new Uint8Array(size);
			big[0] = 0;
			big[1] = 2;
			r.ws.send(big);
			expect(await r.close).toBe(4413);
		}
		const c = connect(server, documentId, { token: token[editor.id] });
		await c.synced();
		c.doc.getText('t').insert(0, 'a'.repeat(150_000));
		await sleep(300);
		expect(c.closes).toEqual([]);
		c.doc.getText('t').insert(0, 'b'.repeat(100_000));
		expect(await c.closed()).toBe(4413);
		c.destroy();
		const stored = (await fetchState(server, documentId, { token: token[editor.id] }))
			.getText('t')
			.toString();
		expect(stored).toBe('a'.repeat(150_000));
	});

	it('caps connections per user with 429', async () => {
		const documentId = await createDocument(db, BENCH_WORKSPACE);
		const url = `${collabUrl(server)}/${documentId}`;
		// Malformed handshakes (no Sec-WebSocket-Key) are refused by ws with 400 and hold no slot.
		for (let i = 0; i < 6; i++) {
			const status = await new Promise<number>((resolve, reject) => {
				const req = http.request(`${server.url}/collab/${documentId}`, {
					headers: {
						connection: 'Upgrade',
						upgrade: 'websocket',
						authorization: `Bearer ${token[observer.id]}`
					}
				});
				req.on('response', (res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				});
				req.on('error', reject);
				req.end();
			});
			expect(status).toBe(400);
		}
		await sleep(100);
		const open: Raw[] = [];
		for (let i = 0; i < 5; i++) open.push(await openRaw(documentId, token[observer.id]));
		expect(await upgradeStatus(url, { authorization: `Bearer ${token[observer.id]}` })).toBe(429);
		for (const r of open) r.ws.close();
	});

	it('pauses reading from a socket over the message rate instead of closing it', async () => {
		const documentId = await createDocument(db, BENCH_WORKSPACE);
		const r = await openRaw(documentId, token[observer.id]);
		await sleep(100);
		r.messages.length = 0;
		const n = 200;
		const started = Date.now();
		for (let i = 0; i < n; i++) r.ws.send(Uint8Array.of(3)); // query awareness: one answer each
		await until(() => r.messages.length >= n, 'every query answered', 20_000);
		// A burst of 2×RATE passes at once; the rest at RATE per second.
		expect(Date.now() - started).toBeGreaterThanOrEqual(((n - 2 * RATE) / RATE) * 1000 * 0.8);
		expect(r.ws.readyState).toBe(r.ws.OPEN);
		r.ws.close();
	});

	it('benchmark mode: an editor’s write token creates the named document in the bench workspace only', async () => {
		const c = connect(server, 'bench-room-1', { token: token[editor.id] });
		await c.synced();
		c.doc.getText('t').insert(0, 'bench');
		await until(
			() =>
				c.saved !== undefined &&
				db.select().from(documents).where(eq(documents.id, 'bench-room-1')).all().length === 1,
			'the room'
		);
		expect(db.select().from(documents).where(eq(documents.id, 'bench-room-1')).get()?.workspaceId).toBe(
			BENCH_WORKSPACE
		);
		expect(
			(await fetchState(server, 'bench-room-1', { token: token[editor.id] })).getText('t').toString()
		).toBe('bench');
		c.destroy();
		// Observers and read tokens cannot create rooms.
		const url = (room: string) => `${collabUrl(server)}/${room}`;
		expect(await upgradeStatus(url('bench-room-2'), { authorization: `Bearer ${token[observer.id]}` })).toBe(
			404
		);
		const readToken = await createToken(db, editor.id, { scope: 'read' });
		expect(await upgradeStatus(url('bench-room-3'), { authorization: `Bearer ${readToken}` })).toBe(404);
		// Rooms are named with letters, digits, '-' and '_' only.
		expect(await upgradeStatus(url('bad%2Froom'), { authorization: `Bearer ${token[editor.id]}` })).toBe(404);
		expect(
			db
				.select()
				.from(documents)
				.all()
				.filter((d) => d.id.startsWith('bench-room-')).length
		).toBe(1);
	});
});

describe('awareness', () => {
	/** A caret as the editor sends it: two relative positions into the document's text, as JSON. */
	function caret(doc: Y.Doc, index: number) {
		const pos = Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('default'), index);
		const json = JSON.parse(JSON.stringify(pos));
		return { anchor: json, head: json };
	}

	it("relays only the editor's fields: the stamped name and colour, and the cursor", async () => {
		const documentId = await createDocument(db, BENCH_WORKSPACE);
		const a = connect(server, documentId, { token: token[editor.id] });
		const b = connect(server, documentId, { token: token[observer.id] });
		await Promise.all([a.synced(), b.synced()]);
		const cursor = caret(a.doc, 0);
		a.provider.awareness.setLocalState({
			user: { name: 'Someone else', color: '#123456', avatar: 'x'.repeat(500) },
			cursor: { ...cursor, note: 'extra' },
			notes: 'y'.repeat(2000),
			selection: { nested: { deep: true } }
		});
		await until(() => b.provider.awareness.getStates().has(a.doc.clientID), 'b to see a');
		const seen = b.provider.awareness.getStates().get(a.doc.clientID)!;
		expect(Object.keys(seen).sort()).toEqual(['cursor', 'user']);
		expect(seen.user).toEqual({ name: 'Eddie', color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
		expect(seen.cursor).toEqual(cursor);

		// Live cursors keep moving, at a typing pace, and nobody is closed: not the writer, nor the
		// reader whose client echoes every state it hears back to the server.
		a.doc.getXmlFragment('default').push([new Y.XmlText('hello world')]);
		for (let i = 1; i <= 2 * AWARENESS_RATE + 4; i++) {
			a.provider.awareness.setLocalStateField('cursor', caret(a.doc, i % 2));
			await sleep(1000 / AWARENESS_RATE + 5);
		}
		await until(
			() =>
				JSON.stringify(b.provider.awareness.getStates().get(a.doc.clientID)?.cursor) ===
				JSON.stringify(caret(a.doc, 0)),
			'the last cursor'
		);
		// A cursor that is not two relative positions is not relayed.
		a.provider.awareness.setLocalStateField('cursor', { anchor: 'x'.repeat(100), head: 7 });
		await until(() => b.provider.awareness.getStates().get(a.doc.clientID)?.cursor === null, 'no cursor');
		expect(a.closes).toEqual([]);
		expect(b.closes).toEqual([]);
		a.destroy();
		b.destroy();
	});

	it('closes a socket that sends an oversized state with 4413, and relays nothing of it', async () => {
		const documentId = await createDocument(db, BENCH_WORKSPACE);
		const b = connect(server, documentId, { token: token[observer.id] });
		await b.synced();
		for (const size of [5000, 1000 * 1000]) {
			const r = await openRaw(documentId, token[fuzzer.id]);
			const clientId = 7000 + size;
			r.ws.send(awarenessFrame([{ clientId, clock: 1, state: { user: {}, junk: 'x'.repeat(size) } }]));
			expect(await r.close).toBe(4413);
			await sleep(100);
			expect(b.provider.awareness.getStates().has(clientId)).toBe(false);
		}
		expect(b.closes).toEqual([]);
		b.destroy();
	});

	it('closes a socket that floods awareness beyond the rate with 4413', async () => {
		const documentId = await createDocument(db, BENCH_WORKSPACE);
		const b = connect(server, documentId, { token: token[observer.id] });
		await b.synced();
		let heard = 0;
		b.provider.awareness.on('update', ({ updated }: { updated: number[] }) => {
			if (updated.includes(4242)) heard++;
		});
		const r = await openRaw(documentId, token[fuzzer.id]);
		for (let clock = 1; clock <= 300; clock++)
			r.ws.send(awarenessFrame([{ clientId: 4242, clock, state: { cursor: null } }]));
		expect(await r.close).toBe(4413);
		await sleep(200);
		// A burst of twice the rate passes; the rest is refused with the socket.
		expect(heard).toBeGreaterThan(0);
		expect(heard).toBeLessThanOrEqual(2 * AWARENESS_RATE + 1);
		expect(b.closes).toEqual([]);
		b.destroy();
	});
});
