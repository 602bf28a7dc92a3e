/**
 * The one way SvelteKit code reaches live documents.
 *
 * The collaboration server (server.ts, created by app.ts for `npm start` and `npm run dev`) registers itself on
 * `globalThis[Symbol.for('parity.collab')]`; the bundled SvelteKit handler has its own copy of this module,
 * so the global, not module state, is what connects them. Without a registered server (unit tests, the
 * admin CLI) the same calls work straight on the database, which is safe only while no server process
 * holds the document live — the CLI's `demo` loader, for example, runs before or beside a stopped server.
 *
 * API:
 * - `readDocument(documentId)` → `Promise<Y.Doc | null>`: a copy of the current content (the live room's
 *   state, or snapshot + log from SQLite when no room is live); null when the document does not exist.
 *   The copy is yours: changing it changes nothing.
 * - `transact(documentId, (ydoc) => …, { userId })` → `Promise<T>`: makes a change on the server's behalf
 *   (seed a template, restore a version, accept a suggestion). It runs inside one Yjs transaction of the
 *   live room (loaded if needed), is stored in the update log and broadcast like a client's update, and
 *   the promise resolves once it is committed to SQLite. `userId` is credited in the log (null: the
 *   system). Throws `CollabError('not_found')` for an unknown document.
 * - `notifyAccessChanged({ userId?, workspaceId?, documentId? })`: open sockets that match re-check their
 *   session or token and role at once (role changed, member removed, signed out, password changed, token
 *   revoked), in every process when several share the database (REDIS_URL). With no filter, every socket
 *   re-checks.
 * - `notifyDocumentDeleted(documentId)`: closes the document's sockets (4404) and drops its room. Call it
 *   after deleting the row (the log and snapshot rows go with it by cascade).
 */
import * as Y from 'yjs';
import { getDb } from '../db/index.ts';
import { CollabStore } from './persistence.ts';
import { onJudgedUpdate } from '../../domain/content-change.ts';

export type AccessFilter = { userId?: string; workspaceId?: string; documentId?: string };
export type TransactOptions = { userId: string | null };

export class CollabError extends Error {
	readonly code: 'not_found' | 'too_large' | 'closed';
	constructor(code: 'not_found' | 'too_large' | 'closed', message: string) {
		super(message);
		this.code = code;
	}
}

/** What the collaboration server offers; implemented in server.ts. */
export interface CollabHost {
	readDocument(documentId: string): Promise<Y.Doc | null>;
	transact<T>(documentId: string, fn: (doc: Y.Doc) => T | Promise<T>, options: TransactOptions): Promise<T>;
	accessChanged(filter: AccessFilter): void;
	documentDeleted(documentId: string): void;
	annotationsChanged(documentId: string): void;
}

const KEY = Symbol.for('parity.collab');
type Slot = { [KEY]?: CollabHost };

export function registerCollabHost(host: CollabHost): void {
	(globalThis as Slot)[KEY] = host;
}

export function unregisterCollabHost(host: CollabHost): void {
	if ((globalThis as Slot)[KEY] === host) delete (globalThis as Slot)[KEY];
}

export function getCollabHost(): CollabHost | null {
	return (globalThis as Slot)[KEY] ?? null;
}

export async function readDocument(documentId: string): Promise<Y.Doc | null> {
	const host = getCollabHost();
	if (host) return host.readDocument(documentId);
	const store = new CollabStore(getDb());
	if ((await store.documentWorkspace(documentId)) === null) return null;
	return (await store.load(documentId)).doc;
}

export async function transact<T>(
	documentId: string,
	fn: (doc: Y.Doc) => T | Promise<T>,
	options: TransactOptions
): Promise<T> {
	const host = getCollabHost();
	if (host) return host.transact(documentId, fn, options);
	return transactOffline(new CollabStore(getDb()), documentId, fn, options);
}

export function notifyAccessChanged(filter: AccessFilter = {}): void {
	getCollabHost()?.accessChanged(filter);
}

/** Tells Parity's editors open on a document that its comments or suggestions changed. */
export function notifyAnnotationsChanged(documentId: string): void {
	getCollabHost()?.annotationsChanged(documentId);
}

export function notifyDocumentDeleted(documentId: string): void {
	getCollabHost()?.documentDeleted(documentId);
}

/** A server-side change with no live room in this process: load, change, append one update row. */
export async function transactOffline<T>(
	store: CollabStore,
	documentId: string,
	fn: (doc: Y.Doc) => T | Promise<T>,
	options: TransactOptions
): Promise<T> {
	if ((await store.documentWorkspace(documentId)) === null)
		throw new CollabError('not_found', 'No such document.');
	const { doc, owners } = await store.load(documentId);
	doc.clientID = freshClientId(owners);
	const updates: { data: Uint8Array; changesContent: boolean }[] = [];
	onJudgedUpdate(doc, (data, _origin, changesContent) => updates.push({ data, changesContent }));
	const result = await fn(doc);
	if (updates.length > 0) {
		await store.append(
			updates.map((u) => ({ documentId, ...u, userId: options.userId })),
			[{ documentId, clientId: doc.clientID, userId: options.userId ?? '' }]
		);
	}
	doc.destroy();
	return result;
}

/** A random Yjs client id (uint32, as Yjs makes them) not yet used in the document. */
export function freshClientId(owners: ReadonlyMap<number, string>): number {
	for (;;) {
		const id = crypto.getRandomValues(new Uint32Array(1))[0];
		if (!owners.has(id)) return id;
	}
}
