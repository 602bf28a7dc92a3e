// Two collaboration servers in this process on one database, joined by the Redis bus as two Parity processes
// are (REDIS_URL): what SvelteKit code tells one server (server-side changes, comments changed, a document
// deleted) reaches the sockets of the other, and what one stored the other relays without storing it again.
// Needs Redis (PARITY_TEST_REDIS, started by scripts/test.sh).
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, openDatabase, setDb, type DB } from '../../src/lib/server/db/index.ts';
import { collabUpdates } from '../../src/lib/server/db/schema/index.ts';
import { createCollabServer, type CollabServer } from '../../src/lib/server/collab/server.ts';
import { openBus } from '../../src/lib/server/collab/bus.ts';
import { createToken, createUser, createWorkspace } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import { connect, createDocument, until, type Client } from '../fixtures/collab-client.ts';

const REDIS = process.env.PARITY_TEST_REDIS;

type Node = { collab: CollabServer; server: TestServer; http: http.Server };

describe.skipIf(!REDIS)('collaboration servers joined by the bus', () => {
	let dir: string;
	let db: DB;
	let nodes: Node[];
	let workspaceId: string;
	let token: string;
	const clients: Client[] = [];

	async function startNode(): Promise<Node> {
		const collab = createCollabServer({
			db,
			origin: 'http://localhost',
			log: () => {},
			register: false,
			bus: await openBus(REDIS!, () => {})
		});
		const server = http.createServer((_req, res) => res.writeHead(404).end());
		server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as { port: number }).port;
		return { collab, http: server, server: { url: `http://127.0.0.1:${port}`, port } as TestServer };
	}

	const open = (node: Node, documentId: string) => {
		const c = connect(node.server, documentId, { token }, { ack: true });
		clients.push(c);
		return c;
	};
	const rows = async (documentId: string) =>
		(await db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId))).length;

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'parity-bus-'));
		db = openDatabase({
			url: `file:${path.join(dir, 'p.db')}`,
			migrationsFolder: path.resolve(import.meta.dirname, '../../drizzle')
		});
		setDb(db);
		nodes = [await startNode(), await startNode()];
		const editor = await createUser(db, { name: 'Eddie' });
		workspaceId = (await createWorkspace(db, { facilitatorId: editor.id })).id;
		token = await createToken(db, editor.id);
	});

	afterAll(async () => {
		for (const c of clients) c.destroy();
		for (const n of nodes ?? []) {
			await n.collab.close();
			n.http.close();
		}
		if (db) await closeDatabase(db);
		rmSync(dir, { recursive: true, force: true });
	});

	it('relays what one server stored to the sockets of the other, which stores nothing again', async () => {
		const id = await createDocument(db, workspaceId);
		const [a, b] = [open(nodes[0], id), open(nodes[1], id)];
		await Promise.all([a.synced(), b.synced()]);
		a.doc.getText('t').insert(0, 'from a');
		await until(() => b.doc.getText('t').toString() === 'from a', 'the edit on the other server');
		b.doc.getText('t').insert(0, 'b and ');
		await until(() => a.doc.getText('t').toString() === 'b and from a', 'the answer on the first server');
		await until(() => b.saved.length > 0 && a.saved.length > 0, 'both saved');
		expect(await rows(id)).toBe(2);
	});

	it('a room opened on the other server shows the people already there at once', async () => {
		const id = await createDocument(db, workspaceId);
		const here = connect(nodes[0].server, id, { token }, { awareness: { cursor: null } });
		clients.push(here);
		await here.synced();
		await new Promise((r) => setTimeout(r, 100));
		// The second server opens its room now; the state above is not renewed for another 15 s.
		const late = open(nodes[1], id);
		await until(
			() =>
				[...late.provider.awareness.getStates().values()].some(
					(s) => (s.user as { name?: string } | undefined)?.name === 'Eddie'
				),
			'the state of the person already there',
			3_000
		);
	});

	it('a server-side change made through one server reaches the sockets of the other', async () => {
		const id = await createDocument(db, workspaceId);
		const watcher = open(nodes[1], id);
		await watcher.synced();
		// The first server holds no room for it: it loads the document, changes it, stores and publishes.
		await nodes[0].collab.transact(id, (doc) => doc.getText('t').insert(0, 'seeded'), { userId: null });
		await until(() => watcher.doc.getText('t').toString() === 'seeded', 'the change on the other server');
		expect(await rows(id)).toBe(1);
	});

	it('tells the sockets of the other server that comments changed, and that the document was deleted', async () => {
		const id = await createDocument(db, workspaceId);
		const watcher = open(nodes[1], id);
		let notices = 0;
		watcher.provider.messageHandlers[101] = () => void (notices += 1);
		await watcher.synced();
		nodes[0].collab.annotationsChanged(id);
		await until(() => notices === 1, 'the comments notice');
		nodes[0].collab.documentDeleted(id);
		expect(await watcher.closed()).toBe(4404);
	});
});
