// Several Parity processes on one PostgreSQL database, sharing live documents through Redis: three real
// server processes, a Redis server of this file's own (so that it can be restarted), real WebsocketProvider
// clients. Needs PostgreSQL and Redis (scripts/test.sh starts both).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeDatabase, transaction, type DB } from '../../src/lib/server/db/index.ts';
import { CollabStore } from '../../src/lib/server/collab/persistence.ts';
import {
	addMember,
	createToken,
	createUser,
	createWorkspace,
	openTestDb,
	type TestUser
} from '../fixtures/factory.ts';
import { newPostgresDatabase, startServer, stopAllServers, type TestServer } from '../fixtures/server.ts';
import { connect, createDocument, fetchState, until, type Client } from '../fixtures/collab-client.ts';

const enabled = Boolean(process.env.PARITY_TEST_POSTGRES && process.env.PARITY_TEST_REDIS);

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

/** A redis-server of this file's own, on a fixed port so that it comes back where the processes look for it. */
class RedisServer {
	proc: ChildProcess | null = null;
	readonly port: number;
	constructor(port: number) {
		this.port = port;
	}
	get url() {
		return `redis://127.0.0.1:${this.port}`;
	}
	async start(): Promise<void> {
		const proc = spawn(
			'redis-server',
			['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		this.proc = proc;
		// A file that ends without stopping it still takes it down.
		const orphan = () => proc.kill('SIGKILL');
		process.once('exit', orphan);
		proc.once('exit', () => process.off('exit', orphan));
		let out = '';
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
			proc.stdout!.on('data', (d) => {
				out += d;
				if (out.includes('Ready to accept connections')) {
					clearTimeout(timer);
					resolve();
				}
			});
			proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${out}`)));
		});
	}
	async stop(): Promise<void> {
		const proc = this.proc;
		if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
		const exited = new Promise((r) => proc.once('exit', r));
		proc.kill('SIGKILL');
		await exited;
	}
}

/** Inserts `<m>` at a random boundary between markers, never inside one. */
function insertMarker(doc: Y.Doc, m: string): void {
	const t = doc.getText('t');
	const s = t.toString();
	const cuts = [0];
	for (let i = s.indexOf('>'); i >= 0; i = s.indexOf('>', i + 1)) cuts.push(i + 1);
	t.insert(cuts[Math.floor(Math.random() * cuts.length)], `<${m}>`);
}

const markers = (doc: Y.Doc) =>
	new Set(
		doc
			.getText('t')
			.toString()
			.match(/<[^>]+>/g) ?? []
	);

/** Whether the stored document holds everything a state vector names. */
function covers(doc: Y.Doc, stateVector: Uint8Array): boolean {
	for (const [client, clock] of Y.decodeStateVector(stateVector))
		if (Y.getState(doc.store, client) < clock) return false;
	return true;
}

/** Whether the client's last save confirmation covers everything it wrote itself. */
function savedAll(c: Client): boolean {
	const last = c.saved.at(-1);
	const own = Y.getState(c.doc.store, c.doc.clientID);
	return own === 0 || (last !== undefined && (Y.decodeStateVector(last).get(c.doc.clientID) ?? 0) >= own);
}

describe.skipIf(!enabled)('several processes on one PostgreSQL database and Redis', () => {
	let redis: RedisServer;
	let url: string;
	let db: DB;
	let store: CollabStore;
	let servers: TestServer[];
	let workspaceId: string;
	let facilitator: TestUser;
	let facilitatorToken: string;
	let editors: { user: TestUser; token: string }[];
	const clients: Client[] = [];
	// Re-checks only when told (the periodic one would hide a lost notice); compactions during the bursts.
	let env: Record<string, string>;

	const open = (server: TestServer, documentId: string, token: string, ack = true) => {
		const c = connect(server, documentId, { token }, { ack });
		clients.push(c);
		return c;
	};
	const stored = async (documentId: string) => (await store.load(documentId)).doc;

	beforeAll(async () => {
		redis = new RedisServer(await freePort());
		await redis.start();
		url = await newPostgresDatabase();
		env = {
			REDIS_URL: redis.url,
			COLLAB_RECHECK_MS: '30000',
			COLLAB_COMPACT_ROWS: '40',
			COLLAB_IDLE_EVICT_MS: '500',
			COLLAB_MAX_MESSAGES_PER_SECOND: '2000'
		};
		// The first one migrates the database; the others start beside it.
		const first = await startServer({ dbFile: url, env });
		servers = [first, ...(await Promise.all([1, 2].map(() => startServer({ dbFile: url, env }))))];
		db = openTestDb(url);
		store = new CollabStore(db);
		facilitator = await createUser(db, { name: 'Fran' });
		facilitatorToken = await createToken(db, facilitator.id);
		workspaceId = (await createWorkspace(db, { facilitatorId: facilitator.id })).id;
		editors = [];
		for (const name of ['Ada', 'Bo', 'Cy', 'Erin']) {
			const user = await createUser(db, { name });
			await addMember(db, workspaceId, user.id, { role: 'editor' });
			editors.push({ user, token: await createToken(db, user.id) });
		}
	}, 60_000);

	afterAll(async () => {
		for (const c of clients) c.destroy();
		await stopAllServers();
		for (const s of servers ?? []) s.cleanup();
		if (db) await closeDatabase(db);
		await redis?.stop();
	});

	it('clients on different processes converge, presence included, and a document folded by one loads in another', async () => {
		const id = await createDocument(db, workspaceId);
		const writers = servers.map((s, k) => open(s, id, editors[k].token));
		await Promise.all(writers.map((c) => c.synced()));
		writers[0].provider.awareness.setLocalState({ cursor: null });
		const expected = new Set<string>();
		for (let i = 0; i < 60; i++) {
			writers.forEach((w, k) => {
				insertMarker(w.doc, `1:${k}:${i}`);
				expected.add(`<1:${k}:${i}>`);
			});
			if (i % 10 === 0) await new Promise((r) => setImmediate(r));
		}
		await until(
			() => writers.every((w) => markers(w.doc).size === expected.size),
			'every client to hold every marker',
			15_000
		);
		const text = writers[0].doc.getText('t').toString();
		for (const w of writers) expect(w.doc.getText('t').toString()).toBe(text);
		// Ada's presence, stamped by her process, reaches a client of another process.
		await until(
			() =>
				[...writers[2].provider.awareness.getStates().values()].some(
					(s) => (s.user as { name?: string } | undefined)?.name === 'Ada'
				),
			'Ada seen from the third process'
		);
		// Everything is stored (180 rows crossed COLLAB_COMPACT_ROWS, so the processes folded the log meanwhile).
		await until(() => writers.every(savedAll), 'confirmations');
		expect(markers(await stored(id))).toEqual(expected);
		// The log passed COLLAB_COMPACT_ROWS: folded by the processes while the clients are still there.
		const end = Date.now() + 5_000;
		while ((await store.stats(id)).snapshotBytes === 0 && Date.now() < end)
			await new Promise((r) => setTimeout(r, 50));
		expect((await store.stats(id)).snapshotBytes).toBeGreaterThan(0);
		// A new room in each process (the others evicted theirs) loads what the others folded.
		for (const w of writers) w.destroy();
		await new Promise((r) => setTimeout(r, 1_500));
		for (const s of servers)
			expect(markers(await fetchState(s, id, { token: editors[0].token }))).toEqual(expected);
	}, 30_000);

	it('two processes folding one document take turns (the write lock)', async () => {
		const id = await createDocument(db, workspaceId);
		const source = new Y.Doc();
		const updates: Uint8Array[] = [];
		source.on('update', (u: Uint8Array) => updates.push(u));
		for (let i = 0; i < 50; i++) insertMarker(source, `f:${i}`);
		await store.append(
			updates.map((data) => ({ documentId: id, data, userId: null, changesContent: true })),
			[]
		);
		// A second connection, as another process has, folds the document and holds its write transaction
		// open: a fold through the first waits for it, then finds nothing left to fold.
		const other = openTestDb(url);
		try {
			let waiting = true;
			let second: Promise<unknown> = Promise.resolve();
			const first = await transaction(other, async () => {
				const folded = await new CollabStore(other).compact(id);
				second = store.compact(id).finally(() => (waiting = false));
				await new Promise((r) => setTimeout(r, 300));
				expect(waiting).toBe(true);
				return folded;
			});
			expect(first?.rowsFolded).toBe(50);
			expect(await second).toBeNull();
		} finally {
			await closeDatabase(other);
		}
		expect(await store.stats(id)).toMatchObject({ rows: 0 });
		expect(markers(await stored(id))).toEqual(markers(source));
	});

	it('loses no update a killed process confirmed; its clients catch up on another process', async () => {
		const id = await createDocument(db, workspaceId);
		const [a, b, c] = servers;
		const onA = open(a, id, editors[0].token);
		const onB = open(b, id, editors[1].token);
		const reader = open(c, id, editors[2].token);
		await Promise.all([onA, onB, reader].map((x) => x.synced()));
		const sent = new Set<string>();
		for (let i = 0; i < 300; i++) {
			insertMarker(onA.doc, `2:a:${i}`);
			insertMarker(onB.doc, `2:b:${i}`);
			sent.add(`<2:a:${i}>`).add(`<2:b:${i}>`);
			if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
			if (i === 150) {
				// Killed while it confirms, relays and takes more.
				await until(
					() => onA.saved.length > 0 && [...markers(reader.doc)].some((m) => m.startsWith('<2:a:')),
					'the process to kill confirming and relaying'
				);
				a.proc.kill('SIGKILL');
			}
		}
		if (a.proc.exitCode === null && a.proc.signalCode === null)
			await new Promise((r) => a.proc.once('exit', r));
		const confirmed = onA.saved[onA.saved.length - 1];
		// Everything the killed process confirmed is stored, and so is what the reader received (from it, and from
		// the process still taking the other client's edits): what it holds is read first, since anything it
		// holds was committed before it was relayed, and so before the stored state is read.
		const received = markers(reader.doc);
		const atKill = await stored(id);
		expect(covers(atKill, confirmed)).toBe(true);
		for (const m of received) expect(markers(atKill).has(m)).toBe(true);
		// A proxy sends the killed process's client to another one: it sends what that one lacks, and everyone
		// converges on everything that was typed.
		onA.provider.destroy();
		const moved = open(b, id, editors[0].token, true);
		Y.applyUpdate(moved.doc, Y.encodeStateAsUpdate(onA.doc));
		await until(
			() => markers(reader.doc).size === sent.size && markers(onB.doc).size === sent.size,
			'everyone to hold every marker',
			15_000
		);
		await until(() => savedAll(moved), 'the moved client saved');
		servers[0] = await a.restart();
		const after = await fetchState(servers[0], id, { token: editors[2].token });
		expect(markers(after)).toEqual(sent);
		expect(markers(await stored(id))).toEqual(sent);
	}, 40_000);

	it('a role lowered through one process makes the socket on another read-only', async () => {
		const id = await createDocument(db, workspaceId);
		const erin = editors[3];
		const c = open(servers[2], id, erin.token);
		await c.synced();
		insertMarker(c.doc, '3:before');
		await until(() => c.saved.length > 0, 'the edit before saved');
		const res = await fetch(`${servers[0].url}/api/v1/workspaces/${workspaceId}/members/${erin.user.id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${facilitatorToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ role: 'commenter' })
		});
		expect(res.status).toBe(200);
		// Well before the periodic re-check (every 30 s): the notice from the first process does it.
		const started = Date.now();
		let i = 0;
		while (!c.closes.includes(4403)) {
			if (Date.now() - started > 3_000) throw new Error('the socket stayed writable');
			insertMarker(c.doc, `3:after:${i++}`);
			await new Promise((r) => setTimeout(r, 100));
		}
		const s = markers(await stored(id));
		expect(s.has('<3:before>')).toBe(true);
	}, 20_000);

	it('a Redis restart loses nothing, and the processes converge again', async () => {
		const id = await createDocument(db, workspaceId);
		const writers = servers.map((s, k) => open(s, id, editors[k].token));
		await Promise.all(writers.map((w) => w.synced()));
		insertMarker(writers[0].doc, '4:first');
		await until(() => writers.every((w) => markers(w.doc).has('<4:first>')), 'the first marker everywhere');
		await redis.stop();
		const expected = new Set(['<4:first>']);
		for (let i = 0; i < 20; i++)
			writers.forEach((w, k) => {
				insertMarker(w.doc, `4:${k}:${i}`);
				expected.add(`<4:${k}:${i}>`);
			});
		// Each process goes on storing and confirming its own clients' changes meanwhile.
		await until(() => writers.every(savedAll), 'confirmations without Redis');
		expect(markers(await stored(id))).toEqual(expected);
		// Nothing went from one process to another meanwhile.
		expect(markers(writers[0].doc).size).toBe(21);
		// A document first opened while Redis is away, in two processes that cannot follow its channel yet.
		const other = await createDocument(db, workspaceId);
		const late = [open(servers[1], other, editors[1].token), open(servers[2], other, editors[2].token)];
		await Promise.all(late.map((c) => c.synced()));
		late.forEach((c, k) => insertMarker(c.doc, `4:late:${k}`));
		await until(() => late.every(savedAll), 'the late edits stored');
		await redis.start();
		await until(
			() => writers.every((w) => markers(w.doc).size === expected.size),
			'every client to hold every marker after the restart',
			15_000
		);
		expect(markers(await stored(id))).toEqual(expected);
		await until(() => late.every((c) => markers(c.doc).size === 2), 'the late document to converge');
		// And the processes follow each other again.
		insertMarker(writers[0].doc, '4:last');
		insertMarker(late[0].doc, '4:late:last');
		await until(
			() => markers(writers[2].doc).has('<4:last>') && markers(late[1].doc).has('<4:late:last>'),
			'edits after the restart to cross'
		);
	}, 30_000);

	it('a server without REDIS_URL refuses to start on a database others share', async () => {
		await expect(startServer({ dbFile: url, env: { REDIS_URL: '' } })).rejects.toThrow(
			/exited with 1[\s\S]*same REDIS_URL/
		);
	}, 20_000);
});
