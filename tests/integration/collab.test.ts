// The collaboration server through its real entry (server/index.ts on port 0, temp database) with real
// WebsocketProvider clients: convergence, read-only roles, authentication at the upgrade, identity and
// client id ownership, role changes while connected, save confirmations and malformed input.
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { eq, and } from 'drizzle-orm';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { addMember, createToken, createUser, createWorkspace, type TestUser } from '../fixtures/factory.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import {
	collabUpdates,
	documents,
	sessions,
	workspaceMembers
} from '../../src/lib/server/db/schema/index.ts';
import {
	awarenessFrame,
	collabUrl,
	connect,
	createDocument,
	fetchState,
	kindOf,
	raw,
	sleep,
	syncMessage,
	syncPayload,
	until,
	upgradeStatus,
	type Client
} from '../fixtures/collab-client.ts';

// Re-checks every second here so role changes show within the test's time; the default is 30 s.
const RECHECK_MS = 1000;

let server: TestServer;
let db: DB;
let workspaceId: string;
let facilitator: TestUser;
let editor: TestUser;
let editor2: TestUser;
let commenter: TestUser;
let observer: TestUser;
let outsider: TestUser;
const tokens: Record<string, string> = {};

useServer(
	{ env: { COLLAB_RECHECK_MS: String(RECHECK_MS), COLLAB_KEEPALIVE_MS: '3000' } },
	(s) => ({ server, db } = s)
);

beforeAll(async () => {
	facilitator = await createUser(db, { name: 'Fran Facilitator' });
	editor = await createUser(db, { name: 'Eddie Editor' });
	editor2 = await createUser(db, { name: 'Edna Editor' });
	commenter = await createUser(db, { name: 'Cora Commenter' });
	observer = await createUser(db, { name: 'Otto Observer' });
	outsider = await createUser(db, { name: 'Olga Outsider' });
	workspaceId = (await createWorkspace(db, { facilitatorId: facilitator.id })).id;
	await addMember(db, workspaceId, editor.id, { role: 'editor' });
	await addMember(db, workspaceId, editor2.id, { role: 'editor' });
	await addMember(db, workspaceId, commenter.id, { role: 'commenter' });
	await addMember(db, workspaceId, observer.id, { role: 'observer' });
	for (const u of [facilitator, editor, editor2, commenter, observer, outsider])
		tokens[u.id] = await createToken(db, u.id);
});

const as = (u: TestUser) => ({ token: tokens[u.id] });
const text = (c: Client | Y.Doc) => ('doc' in c ? c.doc : c).getText('t').toString();

/** The state vector a save confirmation (`[varUint 100][varUint8Array vector]`) carries. */
function readSaved(message: Uint8Array): Uint8Array {
	const d = decoding.createDecoder(message);
	decoding.readVarUint(d);
	return decoding.readVarUint8Array(d);
}

describe('collaboration server', () => {
	it('three clients editing at once converge, and every update is stored', async () => {
		const documentId = await createDocument(db, workspaceId);
		const clients = [facilitator, editor, editor2].map((u) => connect(server, documentId, as(u)));
		await Promise.all(clients.map((c) => c.synced()));
		let typed = 0;
		for (let round = 0; round < 20; round++) {
			clients.forEach((c, i) => {
				const t = c.doc.getText('t');
				const s = `${i}:${round};`;
				t.insert(Math.floor(t.length / 2), s);
				typed += s.length;
			});
			await sleep(5);
		}
		await until(
			() => clients.every((c) => text(c).length === typed) && new Set(clients.map(text)).size === 1,
			'convergence'
		);
		const stored = await fetchState(server, documentId, as(editor));
		expect(text(stored)).toBe(text(clients[0]));
		expect(
			(await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId))).length
		).toBeGreaterThan(0);
		clients.forEach((c) => c.destroy());
	});

	it('a commenter and an observer stay connected through live edits and re-checks, and cannot change a byte', async () => {
		const documentId = await createDocument(db, workspaceId);
		const writer = connect(server, documentId, as(editor));
		const readers = [commenter, observer].map((u) => connect(server, documentId, as(u)));
		await Promise.all([writer, ...readers].map((c) => c.synced()));
		// Live edits over several re-check intervals.
		const until_ = Date.now() + RECHECK_MS * 5;
		let n = 0;
		while (Date.now() < until_) {
			writer.doc.getText('t').insert(writer.doc.getText('t').length, `edit ${n++}. `);
			await sleep(100);
		}
		await until(() => readers.every((r) => text(r) === text(writer)), 'readers to see every edit');
		for (const r of readers) expect(r.closes).toEqual([]);
		const before = text(writer);

		// Each reader tries to write: the socket is closed with 4403 and nothing changes.
		for (const r of readers) {
			r.doc.getText('t').insert(0, 'SHOULD NOT APPEAR ');
			expect(await r.closed()).toBe(4403);
			r.destroy();
		}
		await sleep(200);
		expect(text(writer)).toBe(before);
		const stored = await fetchState(server, documentId, as(facilitator));
		expect(text(stored)).toBe(before);
		writer.destroy();
	});

	it('never sends a read-only socket a sync step 1, and ignores its empty sync step 2', async () => {
		const documentId = await createDocument(db, workspaceId);
		const w = connect(server, documentId, as(editor));
		await w.synced();
		w.doc.getText('t').insert(0, 'hello');
		const r = raw(server, documentId, as(observer));
		await r.open;
		r.ws.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
		await until(() => r.messages.some((m) => kindOf(m) === 'sync-1'), 'sync step 2 for the observer');
		expect(r.messages.map(kindOf)).not.toContain('sync-0');
		// What the y-websocket client sends after syncing: an update holding nothing new.
		const copy = new Y.Doc();
		for (const m of r.messages.filter((m) => kindOf(m) === 'sync-1' || kindOf(m) === 'sync-2')) {
			Y.applyUpdate(copy, syncPayload(m));
		}
		r.ws.send(syncMessage(1, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(w.doc))));
		r.ws.send(syncMessage(2, Y.encodeStateAsUpdate(copy)));
		await sleep(300);
		expect(r.ws.readyState).toBe(r.ws.OPEN);
		// A deletion the server does not have is a write.
		copy.getText('t').delete(0, 1);
		r.ws.send(syncMessage(2, Y.encodeStateAsUpdate(copy)));
		expect(await r.close).toBe(4403);
		await sleep(100);
		expect(text(w)).toBe('hello');
		w.destroy();
	});

	it('refuses upgrades without credentials, from another origin, from non-members and for unknown documents', async () => {
		const documentId = await createDocument(db, workspaceId);
		const url = `${collabUrl(server)}/${documentId}`;
		expect(await upgradeStatus(url, {})).toBe(401);
		expect(await upgradeStatus(url, { cookie: editor.cookie, origin: 'http://evil.example' })).toBe(403);
		expect(await upgradeStatus(url, { cookie: editor.cookie })).toBe(403);
		expect(await upgradeStatus(url, { cookie: editor.cookie, origin: server.url })).toBe(101);
		expect(await upgradeStatus(url, { authorization: 'Bearer parity_pat_nonsense' })).toBe(401);
		// A Bearer header makes the request ignore cookies.
		expect(
			await upgradeStatus(url, { authorization: 'Bearer nope', cookie: editor.cookie, origin: server.url })
		).toBe(401);
		expect(await upgradeStatus(url, { authorization: `Bearer ${tokens[outsider.id]}` })).toBe(404);
		expect(
			await upgradeStatus(`${collabUrl(server)}/nosuchdocument00`, {
				authorization: `Bearer ${tokens[editor.id]}`
			})
		).toBe(404);
		// A token limited to other workspaces does not reach this one.
		const other = await createWorkspace(db, { facilitatorId: editor.id });
		const narrow = await createToken(db, editor.id, { workspaceIds: [other.id] });
		expect(await upgradeStatus(url, { authorization: `Bearer ${narrow}` })).toBe(404);
		// Benchmark mode is off: a write token does not create a document by naming it.
		expect(
			await upgradeStatus(`${collabUrl(server)}/bench-room-1`, {
				authorization: `Bearer ${tokens[facilitator.id]}`
			})
		).toBe(404);
		expect(await db.select().from(documents).where(eq(documents.id, 'bench-room-1'))).toEqual([]);
	});

	it('a read-scoped token reads live but cannot write', async () => {
		const documentId = await createDocument(db, workspaceId);
		const w = connect(server, documentId, as(editor));
		await w.synced();
		w.doc.getText('t').insert(0, 'abc');
		const r = connect(server, documentId, { token: await createToken(db, editor2.id, { scope: 'read' }) });
		await r.synced();
		await until(() => text(r) === 'abc', 'the reader to see the text');
		r.doc.getText('t').insert(0, 'x');
		expect(await r.closed()).toBe(4403);
		expect(text(await fetchState(server, documentId, as(editor)))).toBe('abc');
		r.destroy();
		w.destroy();
	});

	it("stamps awareness with the user's name and drops awareness for another user's client id", async () => {
		const documentId = await createDocument(db, workspaceId);
		const start = { type: null, tname: 'default', item: null, assoc: 0 };
		const a = connect(server, documentId, as(editor), {
			awareness: { user: { name: 'Eddie', color: '#000' }, cursor: { anchor: start, head: start } }
		});
		const b = connect(server, documentId, as(editor2), {
			awareness: { user: { name: 'I am Fran', color: '#fff' } }
		});
		await Promise.all([a.synced(), b.synced()]);
		await until(() => b.provider.awareness.getStates().has(a.doc.clientID), 'b to see a');
		await until(() => a.provider.awareness.getStates().has(b.doc.clientID), 'a to see b');
		// The server stamps names from the accounts, whatever the client claims.
		expect(
			(a.provider.awareness.getStates().get(b.doc.clientID) as { user: { name: string } }).user.name
		).toBe('Edna Editor');
		// A spoofed entry for a's client id, sent by someone else, is dropped.
		const m = raw(server, documentId, as(commenter));
		await m.open;
		m.ws.send(
			awarenessFrame([
				{ clientId: a.doc.clientID, clock: 1000, state: { user: { name: 'Mallory' }, cursor: null } }
			])
		);
		await sleep(300);
		const seen = b.provider.awareness.getStates().get(a.doc.clientID) as {
			user: { name: string };
			cursor: unknown;
		};
		expect(seen.user.name).toBe('Eddie Editor');
		expect(seen.cursor).toEqual({ anchor: start, head: start });
		expect(m.ws.readyState).toBe(m.ws.OPEN);
		m.ws.close();
		a.destroy();
		b.destroy();
	});

	it("refuses an update under another user's client id and leaves the document unchanged", async () => {
		const documentId = await createDocument(db, workspaceId);
		const a = connect(server, documentId, as(editor));
		await a.synced();
		a.doc.getText('t').insert(0, 'mine');
		await until(
			async () =>
				(await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId))).length > 0,
			'a stored update'
		);
		// Another user forges structs under a's client id, continuing its clock.
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(a.doc));
		forged.clientID = a.doc.clientID;
		forged.getText('t').insert(4, ' forged');
		const m = raw(server, documentId, as(editor2));
		await m.open;
		m.ws.send(syncMessage(2, Y.encodeStateAsUpdate(forged, Y.encodeStateVector(a.doc))));
		expect(await m.close).toBe(4403);
		await sleep(100);
		expect(text(a)).toBe('mine');
		expect(text(await fetchState(server, documentId, as(editor)))).toBe('mine');
		a.destroy();
	});

	it("keeps a quiet reader's socket alive with empty awareness messages", async () => {
		const documentId = await createDocument(db, workspaceId);
		const r = raw(server, documentId, as(observer));
		await r.open;
		r.ws.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
		await sleep(4000);
		// y-websocket's client reconnects after 30 s without a message; the server sends [1, [0]] when quiet.
		expect(
			r.messages.filter((m) => m.length === 3 && m[0] === 1 && m[1] === 1 && m[2] === 0).length
		).toBeGreaterThan(0);
		expect(r.ws.readyState).toBe(r.ws.OPEN);
		r.ws.close();
	});

	it('pings only the sockets it has not heard from lately', async () => {
		const documentId = await createDocument(db, workspaceId);
		const quiet = raw(server, documentId, as(observer));
		const talking = raw(server, documentId, as(editor));
		await Promise.all([quiet.open, talking.open]);
		const pings = { quiet: 0, talking: 0 };
		quiet.ws.on('ping', () => (pings.quiet += 1));
		talking.ws.on('ping', () => (pings.talking += 1));
		// One client speaks every 300 ms (any message will do), the other never does.
		const emptyVector = syncMessage(0, Y.encodeStateVector(new Y.Doc()));
		const talk = setInterval(() => talking.ws.send(emptyVector), 300);
		try {
			await until(() => pings.quiet >= 2, 'two pings to the quiet socket');
			expect(pings.talking).toBe(0);
			expect([quiet.ws.readyState, talking.ws.readyState]).toEqual([quiet.ws.OPEN, talking.ws.OPEN]);
		} finally {
			clearInterval(talk);
			quiet.ws.close();
			talking.ws.close();
		}
	});

	it('compresses a large first sync for a client that offers it', async () => {
		const documentId = await createDocument(db, workspaceId);
		const writer = connect(server, documentId, as(editor), { ack: true });
		await writer.synced();
		const words = 'Grants to small groups are paid within thirty days of the claim. '.repeat(300);
		writer.doc.getText('t').insert(0, words);
		await until(() => writer.saved.length > 0, 'the text saved');
		// A raw socket offers compression (ws does by default), as browsers do.
		const reader = raw(server, documentId, as(editor2));
		let large = 0;
		await reader.open;
		reader.ws.on('message', (d: Buffer) => d.length > 1024 && (large += d.length));
		const socket = (reader.ws as unknown as { _socket: { bytesRead: number } })._socket;
		expect(reader.ws.extensions).toContain('permessage-deflate');
		reader.ws.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
		await until(() => large > words.length, 'the document in a sync step 2');
		// The whole document arrived in far fewer bytes than it holds.
		expect(socket.bytesRead).toBeLessThan(large / 3);
		reader.ws.close();
		writer.destroy();
	});

	it('confirms saved state to clients that ask (?ack=1)', async () => {
		const documentId = await createDocument(db, workspaceId);
		const c = connect(server, documentId, as(editor), { ack: true });
		await c.synced();
		c.doc.getText('t').insert(0, 'saved?');
		const covered = () =>
			c.saved.some((sv) => {
				const server = Y.decodeStateVector(sv);
				return [...Y.decodeStateVector(Y.encodeStateVector(c.doc))].every(
					([client, clock]) => (server.get(client) ?? 0) >= clock
				);
			});
		await until(
			() => Y.getState(c.doc.store, c.doc.clientID) > 0 && covered(),
			'a confirmation covering the edit'
		);
		// Confirmed means stored.
		const rows = await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId));
		expect(rows.length).toBeGreaterThan(0);
		c.destroy();
	});

	it('confirms a commit to the sockets whose updates it stored, not to the others', async () => {
		const documentId = await createDocument(db, workspaceId);
		const a = connect(server, documentId, as(editor), { ack: true });
		const b = connect(server, documentId, as(editor2), { ack: true });
		await Promise.all([a.synced(), b.synced()]);
		await until(() => a.saved.length > 0 && b.saved.length > 0, 'the confirmations after the first sync');
		await sleep(100);
		const bSaved = b.saved.length;
		for (const word of ['one ', 'two ', 'three ']) {
			a.doc.getText('t').insert(0, word);
			await sleep(30);
		}
		await until(
			() =>
				b.doc.getText('t').toString() === 'three two one ' &&
				(Y.decodeStateVector(a.saved.at(-1)!).get(a.doc.clientID) ?? 0) >=
					Y.getState(a.doc.store, a.doc.clientID),
			"a's words stored, confirmed to a and seen by b"
		);
		await sleep(200);
		expect(b.saved.length).toBe(bSaved);
		// b's own change is confirmed to b.
		b.doc.getText('t').insert(0, '!');
		await until(
			() =>
				b.saved.length > bSaved &&
				(Y.decodeStateVector(b.saved.at(-1)!).get(b.doc.clientID) ?? 0) >=
					Y.getState(b.doc.store, b.doc.clientID),
			"b's change confirmed"
		);
		a.destroy();
		b.destroy();
	});

	it('sends a large save confirmation uncompressed to a client that offers compression', async () => {
		const documentId = await createDocument(db, workspaceId);
		// A document written under 400 client ids: its state vector, which the confirmation carries, is about 2 KB.
		const doc = new Y.Doc();
		for (let i = 0; i < 400; i++) {
			const writer = new Y.Doc();
			writer.getMap('m').set('k', 'x'.repeat(1 + (i % 40)));
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
		}
		const r = raw(server, documentId, as(editor), '?ack=1');
		await r.open;
		expect(r.ws.extensions).toContain('permessage-deflate');
		const socket = (r.ws as unknown as { _socket: { bytesRead: number } })._socket;
		await until(() => r.messages.length > 0, 'the sync step 1');
		await sleep(100);
		const before = socket.bytesRead;
		const count = r.messages.length;
		r.ws.send(syncMessage(2, Y.encodeStateAsUpdate(doc)));
		const confirmation = () => r.messages.slice(count).find((m) => m[0] === 100);
		await until(() => {
			const m = confirmation();
			return !!m && Y.decodeStateVector(readSaved(m)).size === 400;
		}, 'a confirmation covering the 400 writers');
		// Every byte of it came over the wire: no zlib pass per socket for what deflate barely shrinks.
		const received = r.messages.slice(count).reduce((n, m) => n + m.length, 0);
		expect(confirmation()!.length).toBeGreaterThan(1024);
		expect(socket.bytesRead - before).toBeGreaterThanOrEqual(received);
		r.ws.close();
	});

	it('a role lowered while connected makes the socket read-only; removal and sign-out close it', async () => {
		const documentId = await createDocument(db, workspaceId);
		const lowered = await createUser(db, { name: 'Lou Lowered' });
		await addMember(db, workspaceId, lowered.id, { role: 'editor' });
		const c = connect(server, documentId, { token: await createToken(db, lowered.id) });
		await c.synced();
		c.doc.getText('t').insert(0, 'before ');
		await until(
			async () =>
				(await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId))).length > 0,
			'the first edit stored'
		);
		const changedAt = Date.now();
		await db
			.update(workspaceMembers)
			.set({ role: 'commenter' })
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, lowered.id)));
		// Once re-checked (at most one interval), the socket is read-only: it stays open, and a write closes it.
		await sleep(RECHECK_MS * 3);
		expect(c.closes).toEqual([]);
		c.doc.getText('t').insert(0, 'after ');
		expect(await c.closed()).toBe(4403);
		expect(Date.now() - changedAt).toBeLessThan(30_000);
		expect(text(await fetchState(server, documentId, as(editor)))).toBe('before ');
		c.destroy();

		// Removed from the workspace: closed with 4403.
		const removed = connect(server, documentId, as(editor2));
		await removed.synced();
		await db
			.delete(workspaceMembers)
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, editor2.id)));
		expect(await removed.closed()).toBe(4403);
		removed.destroy();
		await addMember(db, workspaceId, editor2.id, { role: 'editor' });

		// Signed out (session deleted): a cookie socket closes with 4401.
		const person = await createUser(db, { name: 'Sam Signout' });
		await addMember(db, workspaceId, person.id, { role: 'editor' });
		const s = connect(server, documentId, { cookie: person.cookie });
		await s.synced();
		await db.delete(sessions).where(eq(sessions.userId, person.id));
		expect(await s.closed()).toBe(4401);
		s.destroy();
	});
});
