// The collaboration server: WS /collab/<documentId> on the app's own HTTP server, speaking the standard
// y-websocket protocol (sync + awareness) plus Parity's save confirmation. Authenticates at the upgrade,
// re-checks open sockets, keeps one live room per document and stores every accepted update before it is
// broadcast. Created by server/index.ts (production) and server/dev-plugin.ts (development); SvelteKit code
// reaches it only through registry.ts. See docs/collab.md.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { inTransaction, type DB } from '../db/index.ts';
import {
	credentialKey,
	recheckPass,
	storedAccess,
	type CollabAccess,
	type Grant,
	type RecheckPass
} from './access.ts';
import { DEFAULT_LIMITS, limitsFromEnv, type CollabLimits } from './limits.ts';
import { logError, logWarning } from '../log.ts';
import { CollabStore } from './persistence.ts';
import { annotationsMessage, CLOSE, KEEPALIVE } from './protocol.ts';
import {
	CollabError,
	registerCollabHost,
	unregisterCollabHost,
	type AccessFilter,
	type CollabHost
} from './registry.ts';
import { Conn, Room, WriteQueue, type Logger, type Relay } from './room.ts';
import type { Bus } from './bus.ts';
import { ACCESS_CHANNEL, documentChannel, RELAY } from './relay.ts';

/** How long a pass over every socket (re-checks, keepalives) works before it lets sockets be served (ms). */
const SLICE_MS = 2;

export type CollabServerOptions = {
	db: DB;
	/** The public origin cookie-authenticated upgrades must come from; defaults to process.env.ORIGIN at each upgrade. */
	origin?: string;
	/** Overrides of the limits read from the environment (COLLAB_*). */
	limits?: Partial<CollabLimits>;
	access?: CollabAccess;
	log?: Logger;
	/** Register on globalThis for the SvelteKit registry (default true). */
	register?: boolean;
	/**
	 * The bus to the other processes serving the same database (REDIS_URL); closed by close(). Without one the
	 * process serves its documents alone.
	 */
	bus?: Bus | null;
};

export type CollabServer = CollabHost & {
	readonly limits: CollabLimits;
	readonly store: CollabStore;
	/** Whether a request is for this server (path /collab/…). */
	handles(req: IncomingMessage): boolean;
	/** Handles an HTTP upgrade for /collab/<documentId>: refuses with 401/403/404/429/503 or opens the socket. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Commits what is queued, closes every socket (1001), compacts live documents and stops. */
	close(): Promise<void>;
	/** Numbers for diagnostics and tests. */
	stats(): { rooms: number; sockets: number };
};

const PREFIX = '/collab/';
/** Document ids: Parity's are 16 base32 characters; benchmark rooms use letters, digits, '-' and '_'. */
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** How long loading a document waits for Redis to confirm the subscription to its channel (ms). */
const FOLLOW_WAIT_MS = 1_000;
/** Time close() may spend compacting documents before it stops (the process is usually being stopped). */
const CLOSE_COMPACTION_BUDGET_MS = 5_000;

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	429: 'Too Many Requests',
	503: 'Service Unavailable'
};

function refuse(socket: Duplex, status: number, message: string): void {
	if (socket.destroyed) return;
	const body = `${message}\n`;
	const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
			`${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}

/** ws closes an over-long frame with 1009; Parity's client treats 4413 as "not saved, do not retry". */
function closeOversizeWith4413(ws: WebSocket): void {
	const receiver = (ws as unknown as { _receiver?: NodeJS.EventEmitter })._receiver;
	receiver?.prependListener('error', (err: Error & { code?: string }) => {
		if (err.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
		const status = Object.getOwnPropertySymbols(err).find((s) => s.description === 'status-code');
		if (status) (err as unknown as Record<symbol, number>)[status] = CLOSE.tooLarge;
	});
}

export function createCollabServer(options: CollabServerOptions): CollabServer {
	const limits: CollabLimits = { ...DEFAULT_LIMITS, ...limitsFromEnv(), ...options.limits };
	const log: Logger =
		options.log ??
		((message, error) => {
			if (error === undefined) logWarning(`collab: ${message}`);
			else logError(`collab: ${message}`, error);
		});
	const store = new CollabStore(options.db);
	const access = options.access ?? storedAccess(options.db, { benchWorkspaceId: limits.benchWorkspaceId });
	const queue = new WriteQueue(store, log);
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: limits.maxMessageBytes,
		// Compressed when the client offers it (browsers do): a document's first sync, the largest message a
		// page waits for, shrinks to about a third (13 KB of the social value policy to 5 KB), which matters on
		// a weak connection (docs/performance.md, "Weak connection"). Messages under 1 KB (keystrokes,
		// presence) go as they are. Small windows and no context kept between messages bound what each socket
		// holds (about 50 KB once it has sent or received a compressed message); maxPayload still applies to
		// the inflated size. Level 3 rather than zlib's 6: a template's first sync is 3 % larger (5 185 bytes
		// against 5 032 for the social value policy), and a 560 KB one is deflated in 6 ms instead of 20–30 ms,
		// which a cold load waits for (docs/performance.md, "Lean").
		perMessageDeflate: {
			threshold: 1024,
			serverNoContextTakeover: true,
			clientNoContextTakeover: true,
			serverMaxWindowBits: 12,
			clientMaxWindowBits: 12,
			zlibDeflateOptions: { memLevel: 6, level: 3 }
		}
	});
	const burst = limits.maxMessagesPerSecond * 2;

	const loading = new Map<string, Promise<Room>>();
	const live = new Map<string, Room>();
	const perUser = new Map<string, number>();
	let closing = false;
	const bus = options.bus ?? null;
	/** Messages from other processes about documents being loaded, applied once the room exists. */
	const heard = new Map<string, [kind: number, payload: Uint8Array][]>();
	const relay: Relay | null = bus
		? (documentId, kind, payload) => bus.publish(documentChannel(documentId), kind, payload)
		: null;

	const hooks = {
		relay,
		store,
		queue,
		limits,
		log,
		onIdle(room: Room) {
			scheduleEviction(room);
		},
		onBroken(room: Room) {
			forget(room);
		}
	};

	function forget(room: Room): void {
		if (live.get(room.id) === room) {
			live.delete(room.id);
			loading.delete(room.id);
			if (bus) bus.unfollow(documentChannel(room.id));
		}
	}

	/**
	 * Loads a document's room. With other processes: follow its channel first, then read the database, then
	 * apply what the channel brought meanwhile (Yjs skips what the stored state already holds).
	 */
	async function load(documentId: string): Promise<Room> {
		if (!bus) return new Room(documentId, await store.read(documentId), hooks);
		const channel = documentChannel(documentId);
		heard.set(documentId, []);
		try {
			// A Redis that stopped answering without closing the connection must not hold the document back:
			// after a moment it loads anyway, and reloads once the subscription is made (messages published
			// between the two would otherwise be missed).
			const followed = bus.follow(channel, (kind, payload) => hear(documentId, kind, payload));
			let timer: NodeJS.Timeout | undefined;
			const inTime = await Promise.race([
				followed.then(() => true),
				new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), FOLLOW_WAIT_MS)))
			]);
			clearTimeout(timer);
			const room = new Room(documentId, await store.read(documentId), hooks);
			live.set(documentId, room);
			if (!inTime) void followed.then(() => reload(room));
			const meanwhile = heard.get(documentId) ?? [];
			heard.delete(documentId);
			for (const [kind, payload] of meanwhile) hear(documentId, kind, payload);
			// The people already there, seen at once rather than at their next awareness renewal.
			bus.publish(channel, RELAY.awarenessQuery);
			return room;
		} catch (e) {
			if (!live.has(documentId)) bus.unfollow(channel);
			throw e;
		} finally {
			heard.delete(documentId);
		}
	}

	/** A message from another process about a document this one follows. */
	function hear(documentId: string, kind: number, payload: Uint8Array): void {
		const room = live.get(documentId);
		if (!room || room.closed) {
			heard.get(documentId)?.push([kind, payload]);
			return;
		}
		switch (kind) {
			case RELAY.updates:
				room.applyRemoteUpdates(payload);
				break;
			case RELAY.awareness:
				room.applyRemoteAwareness(payload);
				break;
			case RELAY.annotations:
				annotationsHere(room);
				break;
			case RELAY.deleted:
				deletedHere(room);
				break;
			case RELAY.reload:
				void reload(room);
				break;
			case RELAY.awarenessQuery: {
				const states = room.localAwareness();
				if (states) relay!(documentId, RELAY.awareness, states);
				break;
			}
		}
	}

	/** Rooms reloading from the database, and those to reload once more when that is done. */
	const reloading = new Set<Room>();
	const reloadAgain = new Set<Room>();

	/** Merges what is stored into a live room (messages from the other processes may have been missed). */
	async function reload(room: Room): Promise<void> {
		if (room.closed) return;
		if (reloading.has(room)) {
			reloadAgain.add(room);
			return;
		}
		reloading.add(room);
		try {
			do {
				reloadAgain.delete(room);
				const stored = await store.read(room.id);
				if (!room.closed) room.applyStored(stored);
			} while (reloadAgain.has(room) && !room.closed);
		} catch (e) {
			log(`could not reload ${room.id} (its clients catch up when they reconnect)`, e);
		} finally {
			reloading.delete(room);
			reloadAgain.delete(room);
		}
	}

	if (bus) {
		void bus.follow(ACCESS_CHANNEL, (kind, payload) => {
			if (kind !== RELAY.access) return;
			const filter = JSON.parse(new TextDecoder().decode(payload)) as AccessFilter;
			setImmediate(async () => await recheck(filter));
		});
		// Back after losing Redis: every live room reloads what was stored meanwhile, and tells the others to do
		// the same (what this process published while away never reached them).
		bus.onResync(() => {
			for (const room of live.values()) {
				if (room.closed) continue;
				void reload(room);
				relay!(room.id, RELAY.reload);
			}
		});
	}

	/** The live room of a document, loading it once (one shared promise) when needed. */
	async function acquire(documentId: string): Promise<Room> {
		for (;;) {
			let p = loading.get(documentId);
			if (!p) {
				p = load(documentId).then((room) => {
					live.set(documentId, room);
					return room;
				});
				loading.set(documentId, p);
				p.catch(() => loading.delete(documentId));
			}
			const room = await p;
			if (!room.closed) return room;
			if (loading.get(documentId) === p) loading.delete(documentId);
		}
	}

	function scheduleEviction(room: Room): void {
		if (room.closed || room.conns.size > 0 || room.joining > 0) return;
		if (room.evictTimer) clearTimeout(room.evictTimer);
		room.evictTimer = setTimeout(() => evict(room), limits.idleEvictMs);
		room.evictTimer.unref();
	}

	function evict(room: Room): void {
		room.evictTimer = null;
		if (room.closed || room.conns.size > 0 || room.joining > 0) return;
		if (room.dirty) {
			scheduleEviction(room);
			return;
		}
		forget(room);
		room.shutdown(CLOSE.goingAway, 'idle');
		if (room.rows > 0) void room.compact();
	}

	function countUser(userId: string, delta: number): void {
		const n = (perUser.get(userId) ?? 0) + delta;
		if (n <= 0) perUser.delete(userId);
		else perUser.set(userId, n);
	}

	function refill(conn: Conn): void {
		const now = Date.now();
		conn.tokens = Math.min(
			burst,
			conn.tokens + ((now - conn.lastRefill) / 1000) * limits.maxMessagesPerSecond
		);
		conn.lastRefill = now;
	}

	/**
	 * Rate limit: over the rate, stop reading from the socket (TCP back-pressure reaches the client) and
	 * hold the messages ws had already read, handling them as the bucket refills. Nothing is dropped.
	 */
	function deliver(conn: Conn, room: Room, data: Uint8Array): void {
		refill(conn);
		if (conn.backlog.length === 0 && conn.tokens >= 1) {
			conn.tokens -= 1;
			room.receive(conn, data);
			return;
		}
		conn.backlog.push(data);
		if (conn.backlog.length === 1) {
			conn.ws.pause();
			drainLater(conn, room);
		}
	}

	function drainLater(conn: Conn, room: Room): void {
		const wait = Math.max(1, Math.ceil(((1 - conn.tokens) / limits.maxMessagesPerSecond) * 1000));
		setTimeout(() => {
			if (conn.closed) {
				conn.backlog.length = 0;
				return;
			}
			refill(conn);
			while (conn.backlog.length > 0 && conn.tokens >= 1 && !conn.closed) {
				conn.tokens -= 1;
				room.receive(conn, conn.backlog.shift()!);
			}
			if (conn.closed) conn.backlog.length = 0;
			else if (conn.backlog.length > 0) drainLater(conn, room);
			else conn.ws.resume();
		}, wait).unref();
	}

	function open(ws: WebSocket, room: Room, grant: Grant, conn: Conn): void {
		closeOversizeWith4413(ws);
		ws.on('error', (e) => log(`socket error on ${room.id}`, e));
		ws.on('pong', () => {
			conn.missedPongs = 0;
			conn.lastHeardAt = Date.now();
		});
		ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
			if (conn.closed) return;
			conn.lastHeardAt = Date.now();
			if (!isBinary || !Buffer.isBuffer(data)) {
				conn.close(CLOSE.malformed, 'binary messages only');
				return;
			}
			deliver(conn, room, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		});
		ws.on('close', () => {
			conn.closed = true;
			countUser(grant.userId, -1);
			room.leave(conn);
		});
		room.joining -= 1;
		room.join(conn);
	}

	function handles(req: IncomingMessage): boolean {
		return !!req.url && req.url.startsWith(PREFIX);
	}

	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		socket.on('error', () => socket.destroy());
		if (closing) return refuse(socket, 503, 'The server is shutting down.');
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (!url.pathname.startsWith(PREFIX)) return refuse(socket, 404, 'Not found.');
		let documentId: string;
		try {
			documentId = decodeURIComponent(url.pathname.slice(PREFIX.length));
		} catch {
			return refuse(socket, 404, 'No such document.');
		}
		if (!DOCUMENT_ID.test(documentId)) return refuse(socket, 404, 'No such document.');

		const auth = await access.authenticate(req, documentId, options.origin ?? process.env.ORIGIN);
		if (!auth.ok) return refuse(socket, auth.status, auth.message);
		const { grant, credentials } = auth;
		if ((perUser.get(grant.userId) ?? 0) >= limits.maxConnectionsPerUser)
			return refuse(socket, 429, 'Too many open connections for this user.');
		countUser(grant.userId, 1);

		let room: Room;
		try {
			room = await acquire(documentId);
		} catch (e) {
			countUser(grant.userId, -1);
			log(`could not load ${documentId}`, e);
			return refuse(socket, 503, 'The document could not be loaded.');
		}
		if (socket.destroyed || closing) {
			countUser(grant.userId, -1);
			scheduleEviction(room);
			return refuse(socket, 503, 'The server is shutting down.');
		}
		room.joining += 1;
		if (room.evictTimer) {
			clearTimeout(room.evictTimer);
			room.evictTimer = null;
		}
		const ack = url.searchParams.get('ack') === '1';
		let opened = false;
		// ws answers a malformed handshake with 400 itself and never calls back: undo the reservations then.
		socket.once('close', () => {
			if (opened) return;
			room.joining -= 1;
			countUser(grant.userId, -1);
			scheduleEviction(room);
		});
		wss.handleUpgrade(req, socket, head, (ws) => {
			opened = true;
			const conn = new Conn(ws, grant, credentials, ack, burst);
			open(ws, room, grant, conn);
		});
	}

	function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		upgrade(req, socket, head).catch((e: unknown) => {
			log('upgrade failed', e);
			refuse(socket, 503, 'The connection could not be opened.');
		});
	}

	/**
	 * Visits every open socket (a snapshot of them), giving the event loop back every few milliseconds: with a
	 * thousand open documents a pass over all their sockets would otherwise hold every edit back until it ends.
	 */
	async function eachSocket(visit: (room: Room, conn: Conn) => void | Promise<void>): Promise<void> {
		let sliceStart = performance.now();
		for (const room of [...live.values()]) {
			for (const conn of [...room.conns]) {
				if (conn.closed) continue;
				if (performance.now() - sliceStart > SLICE_MS) {
					await new Promise((resolve) => setImmediate(resolve));
					sliceStart = performance.now();
					if (conn.closed) continue;
				}
				await visit(room, conn);
			}
		}
	}

	/**
	 * Re-checks sockets (all, or those matching a filter); closes or narrows them as their access says. Each
	 * session or token is looked up once per pass, and each (document, credential) pair once.
	 */
	async function recheck(filter?: AccessFilter): Promise<void> {
		const cache = new Map<string, Awaited<ReturnType<CollabAccess['recheck']>>>();
		const pass: RecheckPass = recheckPass(filter?.documentId ? [filter.documentId] : [...live.keys()]);
		await eachSocket(async (room, conn) => {
			if (filter?.documentId && filter.documentId !== room.id) return;
			if (filter?.userId && filter.userId !== conn.grant.userId) return;
			if (filter?.workspaceId && filter.workspaceId !== conn.grant.workspaceId) return;
			const c = conn.credentials;
			const key = `${room.id}\u0000${credentialKey(c)}`;
			let result = cache.get(key);
			if (!result) {
				try {
					result = await access.recheck(c, room.id, pass);
				} catch (e) {
					log('access re-check failed (will retry)', e);
					return;
				}
				cache.set(key, result);
			}
			if (conn.closed) return;
			if (!result.ok) conn.close(result.code, result.reason);
			else room.regrant(conn, result.grant);
		});
	}

	const recheckTimer = setInterval(async () => await recheck(), limits.recheckMs);
	recheckTimer.unref();

	// Pings every socket the server has not heard from since the last pass (one that missed two pongs is gone):
	// a client that sent something lately is there, and pinging 2 000 busy sockets at once only held their edits
	// back. A socket that has been sent nothing lately gets an empty message, so proxies keep it open.
	const period = limits.keepaliveMs / 2;
	const keepaliveTimer = setInterval(async () => {
		const now = Date.now();
		await eachSocket((room, conn) => {
			if (now - conn.lastHeardAt < period) conn.missedPongs = 0;
			else {
				if (conn.missedPongs >= 2) {
					conn.closed = true;
					conn.ws.terminate();
					return;
				}
				conn.missedPongs += 1;
				conn.ws.ping();
			}
			if (now - conn.lastSentAt >= period) room.send(conn, KEEPALIVE);
		});
	}, period);
	keepaliveTimer.unref();

	function annotationsHere(room: Room): void {
		const message = annotationsMessage();
		for (const c of room.conns) if (c.ack) room.send(c, message);
	}

	function deletedHere(room: Room): void {
		forget(room);
		room.shutdown(CLOSE.notFound, 'document deleted');
	}

	const host: CollabServer = {
		limits,
		store,
		handles,
		handleUpgrade,
		stats: () => {
			let sockets = 0;
			for (const room of live.values()) sockets += room.conns.size;
			return { rooms: live.size, sockets };
		},

		async readDocument(documentId) {
			const room = live.get(documentId);
			if (room && !room.closed) {
				const copy = new Y.Doc();
				Y.applyUpdate(copy, room.state());
				return copy;
			}
			if ((await store.documentWorkspace(documentId)) === null) return null;
			return (await store.load(documentId)).doc;
		},

		async transact(documentId, fn, { userId }) {
			if (closing) throw new CollabError('closed', 'The server is shutting down.');
			if (inTransaction(options.db))
				throw new Error('a change to a live document cannot wait inside a database transaction');
			if ((await store.documentWorkspace(documentId)) === null)
				throw new CollabError('not_found', 'No such document.');
			const room = await acquire(documentId);
			try {
				return await room.transact(fn, userId);
			} finally {
				scheduleEviction(room);
			}
		},

		accessChanged(filter) {
			setImmediate(async () => await recheck(filter));
			bus?.publish(ACCESS_CHANNEL, RELAY.access, new TextEncoder().encode(JSON.stringify(filter)));
		},

		annotationsChanged(documentId) {
			relay?.(documentId, RELAY.annotations);
			const room = live.get(documentId);
			if (room && !room.closed) annotationsHere(room);
		},

		documentDeleted(documentId) {
			relay?.(documentId, RELAY.deleted);
			const room = live.get(documentId);
			if (room) deletedHere(room);
		},

		async close() {
			if (closing) return;
			closing = true;
			clearInterval(recheckTimer);
			clearInterval(keepaliveTimer);
			await queue.flush();
			const started = Date.now();
			for (const room of [...live.values()]) {
				forget(room);
				for (const c of [...room.conns]) c.close(CLOSE.goingAway, 'server shutting down');
				if (room.rows > 0 && Date.now() - started < CLOSE_COMPACTION_BUDGET_MS) await room.compact();
				room.shutdown(CLOSE.goingAway, 'server shutting down');
			}
			// The pages those compactions freed, given back within what is left of the budget (what is not is
			// given back after the next compaction).
			const left = CLOSE_COMPACTION_BUDGET_MS - (Date.now() - started);
			if (left > 0) {
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([
					store.reclaim({ pauseMs: 0, log }),
					new Promise((r) => (timer = setTimeout(r, left)))
				]);
				clearTimeout(timer);
			}
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			await bus?.close();
			if (options.register !== false) unregisterCollabHost(host);
		}
	};

	if (options.register !== false) registerCollabHost(host);
	return host;
}
