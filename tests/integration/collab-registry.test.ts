// The registry that SvelteKit code uses to reach live documents, against a collaboration server attached to
// a real HTTP server in this process (as server/index.ts does) with real WebsocketProvider clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { and, eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { collabUpdates, documents, workspaceMembers } from '../../src/lib/server/db/schema/index.ts';
import type { CollabServer } from '../../src/lib/server/collab/server.ts';
import { startCollabHost, type CollabHost } from '../fixtures/collab-host.ts';
import * as registry from '../../src/lib/server/collab/registry.ts';
import { addMember, createToken, createUser, createWorkspace, type TestUser } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import { connect, createDocument, until } from '../fixtures/collab-client.ts';

let host: CollabHost;
let db: DB;
let collab: CollabServer;
let server: TestServer;
let workspaceId: string;
let editor: TestUser;
let token: string;

beforeAll(async () => {
	host = await startCollabHost('registry');
	({ db, collab, server } = host);
	editor = await createUser(db, { name: 'Eddie' });
	workspaceId = (await createWorkspace(db, { facilitatorId: editor.id })).id;
	token = await createToken(db, editor.id);
});

afterAll(async () => await host?.stop());

describe('collab registry', () => {
	it('applies a server-side change through the live room: stored, credited and broadcast', async () => {
		const documentId = await createDocument(db, workspaceId);
		const c = connect(server, documentId, { token });
		await c.synced();
		c.doc.getText('t').insert(0, 'typed ');
		await until(
			() =>
				db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId)).all().length === 1,
			'the edit stored'
		);
		await registry.transact(
			documentId,
			(doc) => doc.getText('t').insert(doc.getText('t').length, 'restored'),
			{ userId: editor.id }
		);
		// Committed by the time the promise resolves, with the user credited.
		const rows = db.select().from(collabUpdates).where(eq(collabUpdates.documentId, documentId)).all();
		expect(rows.length).toBe(2);
		expect(rows[1].userId).toBe(editor.id);
		await until(() => c.doc.getText('t').toString() === 'typed restored', 'the client to see the change');
		// readDocument gives a copy: changing it changes nothing.
		const copy = await registry.readDocument(documentId);
		expect(copy?.getText('t').toString()).toBe('typed restored');
		copy!.getText('t').insert(0, 'x');
		expect((await registry.readDocument(documentId))?.getText('t').toString()).toBe('typed restored');
		c.destroy();
	});

	it('loads a room for a change when nobody is connected, and refuses unknown documents', async () => {
		const documentId = await createDocument(db, workspaceId);
		await registry.transact(
			documentId,
			(doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlText('seed')]),
			{
				userId: null
			}
		);
		const c = connect(server, documentId, { token });
		await c.synced();
		expect(c.doc.getXmlFragment('default').toString()).toBe('seed');
		c.destroy();
		await expect(registry.transact('nosuchdocument00', () => {}, { userId: null })).rejects.toThrow(
			registry.CollabError
		);
		expect(await registry.readDocument('nosuchdocument00')).toBeNull();
	});

	it('re-checks matching sockets at once when access changes', async () => {
		const documentId = await createDocument(db, workspaceId);
		const person = await createUser(db, { name: 'Lou' });
		await addMember(db, workspaceId, person.id, { role: 'editor' });
		const c = connect(server, documentId, { token: await createToken(db, person.id) });
		await c.synced();
		db.update(workspaceMembers)
			.set({ role: 'observer' })
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, person.id)))
			.run();
		registry.notifyAccessChanged({ userId: person.id });
		await new Promise((r) => setTimeout(r, 50));
		// Read-only now (the periodic re-check is 30 s away): a write closes the socket.
		c.doc.getText('t').insert(0, 'no');
		expect(await c.closed()).toBe(4403);
		c.destroy();
		expect((await registry.readDocument(documentId))?.getText('t').toString()).toBe('');
	});

	it('closes the sockets of a deleted document with 4404', async () => {
		const documentId = await createDocument(db, workspaceId);
		const c = connect(server, documentId, { token });
		await c.synced();
		db.delete(documents).where(eq(documents.id, documentId)).run();
		registry.notifyDocumentDeleted(documentId);
		expect(await c.closed()).toBe(4404);
		c.destroy();
	});

	it('works on the database when no collaboration server is registered', async () => {
		const documentId = await createDocument(db, workspaceId);
		registry.unregisterCollabHost(collab);
		try {
			await registry.transact(documentId, (doc) => doc.getText('t').insert(0, 'offline'), {
				userId: editor.id
			});
			expect((await registry.readDocument(documentId))?.getText('t').toString()).toBe('offline');
		} finally {
			registry.registerCollabHost(collab);
		}
		const c = connect(server, documentId, { token });
		await c.synced();
		expect(c.doc.getText('t').toString()).toBe('offline');
		c.destroy();
	});
});
