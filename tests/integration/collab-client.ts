// Real y-websocket clients (WebsocketProvider over ws) and raw sockets for the collaboration tests.
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { newId } from '../../src/lib/server/db/ids.ts';
import { documents } from '../../src/lib/server/db/schema/index.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import type { TestServer } from '../fixtures/server.ts';

export type Credentials = { token: string } | { cookie: string; origin?: string | null };

export function headersFor(server: TestServer, auth: Credentials | null): Record<string, string> {
	if (!auth) return {};
	if ('token' in auth) return { authorization: `Bearer ${auth.token}` };
	const h: Record<string, string> = { cookie: auth.cookie };
	const origin = auth.origin === undefined ? server.url : auth.origin;
	if (origin) h.origin = origin;
	return h;
}

export function collabUrl(server: TestServer): string {
	return `ws://127.0.0.1:${server.port}/collab`;
}

export function createDocument(db: DB, workspaceId: string, createdBy: string | null = null): string {
	const id = newId();
	const now = Date.now();
	db.insert(documents)
		.values({
			id,
			workspaceId,
			title: 'Test policy',
			kind: 'other',
			createdBy,
			createdAt: now,
			updatedAt: now
		})
		.run();
	return id;
}

/**
 * Creates a document and writes `blocks` (`['heading' | 'paragraph', text]`, headings at level 2) to it through
 * the live room as `auth`; resolves once the server has saved them.
 */
export async function seedDocument(
	server: TestServer,
	db: DB,
	workspaceId: string,
	auth: Credentials,
	blocks: [string, string][],
	createdBy: string | null = null
): Promise<string> {
	const id = createDocument(db, workspaceId, createdBy);
	const seed = connect(server, id, auth, { ack: true });
	await seed.synced();
	seed.doc.transact(() => {
		for (const [name, text] of blocks) {
			const el = new Y.XmlElement(name);
			if (name === 'heading') el.setAttribute('level', '2');
			el.insert(0, [new Y.XmlText(text)]);
			seed.doc.getXmlFragment('default').push([el]);
		}
	});
	await until(() => seed.saved.length > 0, 'the document to be saved');
	seed.destroy();
	return id;
}

export type Client = {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close codes the server sent, in order. */
	closes: number[];
	/** State vectors received in save confirmations (type 100). */
	saved: Uint8Array[];
	synced: () => Promise<void>;
	closed: () => Promise<number>;
	destroy: () => void;
};

/** A real WebsocketProvider client; `ack` adds ?ack=1 and records save confirmations. */
export function connect(
	server: TestServer,
	documentId: string,
	auth: Credentials,
	opts: { ack?: boolean; doc?: Y.Doc; awareness?: Record<string, unknown> | null } = {}
): Client {
	const headers = headersFor(server, auth);
	class AuthedWebSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	const doc = opts.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(collabUrl(server), documentId, doc, {
		WebSocketPolyfill: AuthedWebSocket as unknown as typeof globalThis.WebSocket,
		params: opts.ack ? { ack: '1' } : {},
		disableBc: true
	});
	const closes: number[] = [];
	const saved: Uint8Array[] = [];
	provider.messageHandlers[100] = (_encoder, decoder) => {
		saved.push(decoding.readVarUint8Array(decoder));
	};
	const closeWaiters: ((code: number) => void)[] = [];
	provider.on('connection-close', (event) => {
		if (!event) return;
		closes.push(event.code);
		for (const w of closeWaiters.splice(0)) w(event.code);
	});
	if (opts.awareness !== undefined) provider.awareness.setLocalState(opts.awareness);
	return {
		doc,
		provider,
		closes,
		saved,
		synced: () =>
			provider.synced
				? Promise.resolve()
				: new Promise<void>((resolve) => {
						const on = (s: boolean) => {
							if (s) {
								provider.off('sync', on);
								resolve();
							}
						};
						provider.on('sync', on);
					}),
		closed: () =>
			closes.length ? Promise.resolve(closes[closes.length - 1]) : new Promise((r) => closeWaiters.push(r)),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Resolves once `check` is true, polling; rejects with `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** The HTTP status an upgrade is refused with, or 101 when it opens. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			res.resume();
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', (e) => {
			if (!String(e.message).includes('Unexpected server response')) reject(e);
		});
	});
}

export type Raw = {
	ws: WebSocket;
	messages: Uint8Array[];
	close: Promise<number>;
	open: Promise<void>;
};

/** A raw socket: sends and records protocol frames by hand. */
export function raw(server: TestServer, documentId: string, auth: Credentials, query = ''): Raw {
	const ws = new WebSocket(`${collabUrl(server)}/${documentId}${query}`, {
		headers: headersFor(server, auth)
	});
	const messages: Uint8Array[] = [];
	ws.on('message', (d: Buffer) => messages.push(new Uint8Array(d)));
	ws.on('error', () => {});
	const close = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
	const open = new Promise<void>((resolve, reject) => {
		ws.on('open', () => resolve());
		ws.on('unexpected-response', (_q, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
	});
	return { ws, messages, close, open };
}

export function syncMessage(step: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, step);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

export function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(inner, e.clientId);
		encoding.writeVarUint(inner, e.clock);
		encoding.writeVarString(inner, JSON.stringify(e.state));
	}
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

/** Message type and (for sync) step of a frame. */
export function kindOf(frame: Uint8Array): string {
	const d = decoding.createDecoder(frame);
	const type = decoding.readVarUint(d);
	if (type === 0) return `sync-${decoding.readVarUint(d)}`;
	return String(type);
}

/** The document as a fresh client sees it (a new Y.Doc, synced, then closed). */
export async function fetchState(server: TestServer, documentId: string, auth: Credentials): Promise<Y.Doc> {
	const c = connect(server, documentId, auth);
	await c.synced();
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(c.doc));
	c.destroy();
	return copy;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The update or state vector carried by a sync frame. */
export function syncPayload(frame: Uint8Array): Uint8Array {
	const d = decoding.createDecoder(frame);
	decoding.readVarUint(d);
	decoding.readVarUint(d);
	return decoding.readVarUint8Array(d);
}
