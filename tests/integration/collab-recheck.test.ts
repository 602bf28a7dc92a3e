// Re-checking open sockets: one pass looks each session or token up once, and lets the event loop run between
// documents, against a collaboration server attached to a real HTTP server in this process with real
// WebsocketProvider clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { apiTokens, documents } from '../../src/lib/server/db/schema/index.ts';
import { recheckPass, storedAccess, type CollabAccess } from '../../src/lib/server/collab/access.ts';
import type { CollabServer } from '../../src/lib/server/collab/server.ts';
import { startCollabHost, type CollabHost } from '../fixtures/collab-host.ts';
import { createToken, createUser, createWorkspace, type TestUser } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import { connect, createDocument, until } from '../fixtures/collab-client.ts';

const DOCUMENTS = 30;
/** Each re-check of a socket costs this much synchronous work in the slow access below (ms). */
const CHECK_COST_MS = 2;

let host: CollabHost;
let db: DB;
let collab: CollabServer;
let server: TestServer;
let workspaceId: string;
let editor: TestUser;
/** Event-loop turns seen so far, and at each slow re-check. */
let turns = 0;
const turnsAtCheck: number[] = [];

beforeAll(async () => {
	host = await startCollabHost('recheck', (db) => {
		const real = storedAccess(db);
		const slow: CollabAccess = {
			authenticate: (req, documentId, origin) => real.authenticate(req, documentId, origin),
			async recheck(credentials, documentId, pass) {
				const until_ = performance.now() + CHECK_COST_MS;
				while (performance.now() < until_);
				turnsAtCheck.push(turns);
				return await real.recheck(credentials, documentId, pass);
			}
		};
		return { access: slow, limits: { maxConnectionsPerUser: DOCUMENTS } };
	});
	({ db, collab, server } = host);
	editor = await createUser(db, { name: 'Eddie' });
	workspaceId = (await createWorkspace(db, { facilitatorId: editor.id })).id;
});

afterAll(async () => await host?.stop());

describe('re-checking open sockets', () => {
	it('one pass looks a token up once: a token revoked during a pass is seen by the next', async () => {
		const access = storedAccess(db);
		const token = await createToken(db, editor.id);
		const credentials = { kind: 'token' as const, raw: token };
		const [a, b] = [await createDocument(db, workspaceId), await createDocument(db, workspaceId)];
		const pass = new Map();
		expect((await access.recheck(credentials, a, pass)).ok).toBe(true);
		db.update(apiTokens).set({ revokedAt: Date.now() }).where(eq(apiTokens.userId, editor.id)).run();
		// The same pass still knows the token as it was when the pass looked it up …
		expect((await access.recheck(credentials, b, pass)).ok).toBe(true);
		// … and the next pass, or a check outside any pass, sees it revoked.
		expect(await access.recheck(credentials, b, new Map())).toMatchObject({ ok: false, code: 4401 });
		expect(await access.recheck(credentials, a)).toMatchObject({ ok: false, code: 4401 });
	});

	it('a pass reads its documents together: what it read holds for the pass, the next one sees what changed', async () => {
		const access = storedAccess(db);
		const credentials = { kind: 'token' as const, raw: await createToken(db, editor.id) };
		const [a, b, c] = [
			await createDocument(db, workspaceId),
			await createDocument(db, workspaceId),
			await createDocument(db, workspaceId)
		];
		const pass = recheckPass([a, b]);
		expect(await access.recheck(credentials, a, pass)).toMatchObject({
			ok: true,
			grant: { readOnly: false }
		});
		// Decided and deleted after the pass read both documents: the pass goes on with what it read …
		db.update(documents).set({ status: 'decided' }).where(eq(documents.id, a)).run();
		db.delete(documents).where(eq(documents.id, b)).run();
		expect(await access.recheck(credentials, b, pass)).toMatchObject({ ok: true });
		// … a document it does not cover is read on its own …
		expect(await access.recheck(credentials, c, pass)).toMatchObject({
			ok: true,
			grant: { readOnly: false }
		});
		// … and the next pass sees the decision and the deletion.
		const next = recheckPass([a, b, c]);
		expect(await access.recheck(credentials, a, next)).toMatchObject({ ok: true, grant: { readOnly: true } });
		expect(await access.recheck(credentials, b, next)).toMatchObject({ ok: false, code: 4404 });
	});

	it('a pass over many documents lets the event loop run, and closes every socket of a revoked token', async () => {
		const token = await createToken(db, editor.id);
		const clients = [];
		for (let i = 0; i < DOCUMENTS; i++) {
			const c = connect(server, await createDocument(db, workspaceId), { token });
			clients.push(c);
		}
		await Promise.all(clients.map((c) => c.synced()));
		const ticker = setInterval(() => (turns += 1), 0);
		try {
			turnsAtCheck.length = 0;
			db.update(apiTokens).set({ revokedAt: Date.now() }).where(eq(apiTokens.userId, editor.id)).run();
			collab.accessChanged({ userId: editor.id });
			const codes = await Promise.all(clients.map((c) => c.closed()));
			expect(codes).toEqual(clients.map(() => 4401));
			expect(turnsAtCheck.length).toBe(DOCUMENTS);
			// 30 checks of 2 ms each: the pass gave the loop back several times on its way.
			expect(turnsAtCheck.at(-1)! - turnsAtCheck[0]).toBeGreaterThanOrEqual(3);
		} finally {
			clearInterval(ticker);
			for (const c of clients) c.destroy();
		}
		await until(() => collab.stats().sockets === 0, 'every socket gone');
	});
});
