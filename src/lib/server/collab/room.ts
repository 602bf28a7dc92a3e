// A live document: one Y.Doc and one awareness per document, shared by every socket on it. Incoming
// messages are checked (role, client id ownership, size) before anything is applied; accepted updates are
// queued for the next commit, and every message a room sends waits until that commit is done, so nothing
// reaches a client before it is stored. See docs/collab.md.
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Credentials, Grant } from './access.ts';
import type { CollabLimits } from './limits.ts';
import {
	buildDoc,
	type CollabStore,
	type PendingClaim,
	type PendingUpdate,
	type StoredDocument
} from './persistence.ts';
import * as protocol from './protocol.ts';
import { CLOSE } from './protocol.ts';
import { MESSAGE_SAVED } from '../../collab/wire.ts';
import { freshClientId } from './registry.ts';
import { onJudgedUpdate } from '../../domain/content-change.ts';
import { userColour } from '../../collab/colours.ts';
import { decodeUpdates, encodeUpdates, RELAY, type Claim } from './relay.ts';

/** The most Yjs client ids one socket may claim (a page uses one; reconnects reuse it). */
const MAX_CLIENT_IDS_PER_SOCKET = 16;

export type Logger = (message: string, error?: unknown) => void;

/**
 * The origin of changes that come from another process (over the bus), already stored by the process that
 * accepted them: applied and relayed to this process's sockets, never stored again.
 */
export const REMOTE = Object.freeze({ remote: true });

/** Publishes a message about a document to the other processes (the bus); null when the process runs alone. */
export type Relay = (documentId: string, kind: number, payload?: Uint8Array) => void;

/** One open socket. */
export class Conn {
	readonly ws: WebSocket;
	readonly credentials: Credentials;
	readonly ack: boolean;
	grant: Grant;
	room: Room | null = null;
	/** Client ids this socket has used in awareness (removed from awareness when it closes). */
	readonly clientIds = new Set<number>();
	/** Rate limit: a token bucket, and messages read while over the rate, handled as it refills. */
	tokens: number;
	lastRefill: number;
	readonly backlog: Uint8Array[] = [];
	/** Awareness rate limit: a token bucket of its own (null until the first awareness state). */
	awarenessTokens: number | null = null;
	awarenessRefill = 0;
	lastSentAt = Date.now();
	/** When the client last sent anything (a message or a pong): a socket heard from lately is not pinged. */
	lastHeardAt = Date.now();
	missedPongs = 0;
	closed = false;

	constructor(ws: WebSocket, grant: Grant, credentials: Credentials, ack: boolean, burst: number) {
		this.ws = ws;
		this.grant = grant;
		this.credentials = credentials;
		this.ack = ack;
		this.tokens = burst;
		this.lastRefill = Date.now();
	}

	send(message: Uint8Array): void {
		if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
		this.lastSentAt = Date.now();
		// A save confirmation is a state vector: one random 32-bit client id per writer the document ever had,
		// which deflate shrinks by about 6 % at the cost of a zlib pass per socket after every commit. It goes as
		// it is; the socket's other messages over 1 KB are compressed as negotiated.
		this.ws.send(message, { binary: true, compress: message[0] !== MESSAGE_SAVED });
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		try {
			this.ws.close(code, reason);
		} catch {
			this.ws.terminate();
		}
	}
}

/**
 * Batches every room's accepted updates and claims of one event-loop turn into one transaction. One commit is
 * in flight at a time; what arrives meanwhile waits for the next one. A room touched again while its batch
 * commits keeps holding its messages back until the batch holding its newer changes is stored too.
 */
export class WriteQueue {
	readonly #store: CollabStore;
	readonly #log: Logger;
	#updates: PendingUpdate[] = [];
	#claims: PendingClaim[] = [];
	#rooms = new Set<Room>();
	#scheduled = false;
	#inFlight: Promise<void> | null = null;

	constructor(store: CollabStore, log: Logger) {
		this.#store = store;
		this.#log = log;
	}

	addUpdate(room: Room, data: Uint8Array, userId: string | null, changesContent: boolean): void {
		this.#updates.push({ documentId: room.id, data, userId, changesContent });
		this.#touch(room);
	}

	addClaim(room: Room, clientId: number, userId: string): void {
		this.#claims.push({ documentId: room.id, clientId, userId });
		this.#touch(room);
	}

	#touch(room: Room): void {
		room.dirty = true;
		this.#rooms.add(room);
		this.#schedule();
	}

	#schedule(): void {
		if (this.#scheduled || this.#inFlight) return;
		this.#scheduled = true;
		setImmediate(() => void this.flush());
	}

	/** Commits everything queued (after the commit in flight), then lets each room send what it held back. */
	async flush(): Promise<void> {
		this.#scheduled = false;
		while (this.#inFlight) await this.#inFlight;
		if (this.#rooms.size === 0) return;
		const rooms = [...this.#rooms];
		const updates = this.#updates;
		const claims = this.#claims;
		this.#rooms = new Set();
		this.#updates = [];
		this.#claims = [];
		let failed: unknown = null;
		const commit = this.#store.append(updates, claims).catch((e: unknown) => {
			failed = e ?? new Error('storage failed');
		});
		this.#inFlight = commit;
		await commit;
		this.#inFlight = null;
		if (failed) {
			this.#log(`could not store ${updates.length} update(s) for ${rooms.length} document(s)`, failed);
			for (const room of rooms) room.storageFailed();
		} else {
			// A room with newer changes queued stays held back until those are stored as well.
			for (const room of rooms) if (!this.#rooms.has(room)) room.committed();
		}
		if (this.#rooms.size > 0) this.#schedule();
	}
}

type Outgoing = { to: Conn | null; except: Conn | null; message: Uint8Array };
type Waiter = { resolve: () => void; reject: (e: unknown) => void };

export type RoomHooks = {
	store: CollabStore;
	queue: WriteQueue;
	limits: CollabLimits;
	log: Logger;
	/** Called when the last socket leaves, and when a room breaks or is closed. */
	onIdle(room: Room): void;
	onBroken(room: Room): void;
	/** Set when other processes serve the same database (REDIS_URL): what a commit stored is published. */
	relay: Relay | null;
};

/** The encoding of an empty document. */
const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

export class Room {
	readonly id: string;
	readonly awareness: awarenessProtocol.Awareness;
	readonly owners: Map<number, string>;
	readonly conns = new Set<Conn>();
	/** Stored bytes (snapshot + log), and the log's rows and bytes, to enforce the size limit and trigger compaction. */
	bytes: number;
	rows: number;
	logBytes: number;
	/** Accepted changes not committed yet: outgoing messages wait in the outbox meanwhile. */
	dirty = false;
	closed = false;
	joining = 0;
	evictTimer: NodeJS.Timeout | null = null;
	#outbox: Outgoing[] = [];
	/** Sockets that asked for confirmations and whose updates wait for a commit: each is told once it is done. */
	#toConfirm = new Set<Conn>();
	#waiters: Waiter[] = [];
	#compactScheduled = false;
	/** Server-side changes run one at a time; this is the last one queued. */
	#serverQueue: Promise<void> = Promise.resolve();
	/** The server-side change running now, if any: local changes are credited to its user. */
	#serverChange: { userId: string | null } | null = null;
	readonly #hooks: RoomHooks;
	/** With a relay: the updates and claims accepted here, published once they are committed. */
	#toPublish: Uint8Array[] = [];
	#claimsToPublish: Claim[] = [];

	#doc: Y.Doc | null = null;
	/**
	 * A document stored as a snapshot alone (no log rows) is not built into a Y.Doc until something needs
	 * it: the first sync is answered from the stored bytes, which is what makes a cold load fast.
	 */
	#stored: StoredDocument | null;
	#pristine: { state: Uint8Array; stateVector: Uint8Array; clocks?: Map<number, number> } | null = null;

	constructor(id: string, stored: StoredDocument, hooks: RoomHooks) {
		this.id = id;
		this.owners = stored.owners;
		this.bytes = stored.bytes;
		this.rows = stored.rows.length;
		this.logBytes = stored.bytes - (stored.snapshot?.length ?? 0);
		this.#hooks = hooks;
		this.#stored = stored;
		if (stored.rows.length === 0) {
			const state = stored.snapshot ?? EMPTY_STATE;
			// Kept with the snapshot since it was written; decoding the state for it costs tens of milliseconds
			// on a large document.
			const stateVector = (stored.snapshot && stored.stateVector) ?? Y.encodeStateVectorFromUpdate(state);
			this.#pristine = { state, stateVector };
		} else {
			this.#build();
		}
		// Awareness keeps its own (empty) Y.Doc: it only needs a client id, and the server takes no part.
		this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
		this.awareness.setLocalState(null);
		this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
			this.#onAwarenessUpdate(change, origin)
		);
	}

	/** The live Y.Doc (built from the stored state on first use). */
	get doc(): Y.Doc {
		return this.#doc ?? this.#build();
	}

	#build(): Y.Doc {
		const stored = this.#stored!;
		const doc = buildDoc(stored.snapshot, stored.rows);
		this.#doc = doc;
		this.#stored = null;
		this.#pristine = null;
		// What other processes stored was judged by the process that stored it.
		onJudgedUpdate(
			doc,
			(update, origin, changesContent) => this.#onDocUpdate(update, origin, changesContent),
			REMOTE
		);
		return doc;
	}

	/** What the room holds, for checking an update, without building the Y.Doc while nothing new arrives. */
	#held(): protocol.Held {
		const pristine = this.#pristine;
		if (!pristine) return protocol.heldIn(this.doc);
		const clocks = (pristine.clocks ??= Y.decodeStateVector(pristine.stateVector));
		return {
			clock: (client) => clocks.get(client) ?? 0,
			deleteSet: () => protocol.heldIn(this.doc).deleteSet()
		};
	}

	/** The whole state as an update (the stored bytes while the Y.Doc is not built). */
	state(): Uint8Array {
		return this.#pristine ? this.#pristine.state : Y.encodeStateAsUpdate(this.doc);
	}

	stateVector(): Uint8Array {
		return this.#pristine ? this.#pristine.stateVector : Y.encodeStateVector(this.doc);
	}

	/**
	 * The reply to a sync step 1: what the client lacks. A room opened from its snapshot answers from the stored
	 * bytes and does not build its Y.Doc for it: that waits until something needs it (an update bringing
	 * something new, a server-side change, another process's update). Readers never make the server build a
	 * document; a writer's first change pays for it once (about 2 ms for a template, 130 ms for a 560 KB state).
	 */
	#syncReply(stateVector: Uint8Array): Uint8Array {
		if (!this.#pristine) return protocol.syncStep2(this.doc, stateVector);
		const { state } = this.#pristine;
		// A new client (empty state vector) gets the stored bytes as they are.
		const empty = Y.decodeStateVector(stateVector).size === 0;
		return protocol.syncStep2FromUpdate(empty ? state : Y.diffUpdate(state, stateVector));
	}

	// ---- sending (held back while a commit is pending) ----

	send(conn: Conn, message: Uint8Array): void {
		if (this.dirty) this.#outbox.push({ to: conn, except: null, message });
		else conn.send(message);
	}

	broadcast(message: Uint8Array, except: Conn | null): void {
		if (this.dirty) {
			this.#outbox.push({ to: null, except, message });
			return;
		}
		for (const c of this.conns) if (c !== except) c.send(message);
	}

	/** After a commit: release held messages, confirm the saved state, resolve server-side changes. */
	committed(): void {
		this.dirty = false;
		const outbox = this.#outbox;
		this.#outbox = [];
		for (const o of outbox) {
			if (o.to) o.to.send(o.message);
			else for (const c of this.conns) if (c !== o.except) c.send(o.message);
		}
		// Confirmed to the sockets whose updates this commit stored, not to every socket: what the others hold
		// came from the server, which stores before it sends. With 20 editors typing, a commit of one keystroke
		// sends one confirmation instead of 20, each as long as the list of everyone who ever wrote the document.
		if (this.#toConfirm.size > 0) {
			const saved = protocol.savedMessage(this.stateVector());
			for (const c of this.#toConfirm) if (this.conns.has(c)) c.send(saved);
			this.#toConfirm.clear();
		}
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const w of waiters) w.resolve();
		// Stored and sent here: now the other processes (with nothing queued, everything in the lists is stored).
		if (this.#toPublish.length > 0 || this.#claimsToPublish.length > 0) {
			this.#hooks.relay?.(this.id, RELAY.updates, encodeUpdates(this.#toPublish, this.#claimsToPublish));
			this.#toPublish = [];
			this.#claimsToPublish = [];
		}
		const { compactRows, compactBytes } = this.#hooks.limits;
		if (this.rows >= compactRows || this.logBytes >= compactBytes) this.#scheduleCompaction();
	}

	#scheduleCompaction(): void {
		if (this.#compactScheduled) return;
		this.#compactScheduled = true;
		setImmediate(() => {
			this.#compactScheduled = false;
			if (!this.closed) void this.compact();
		});
	}

	/** The commit failed: what is in memory is not stored, so drop the room; clients reconnect and re-send. */
	storageFailed(): void {
		this.#outbox = [];
		// An earlier commit of this room may have stored updates that were waiting for this one to be
		// published: the other processes read them from the database.
		if (this.#toPublish.length > 0 || this.#claimsToPublish.length > 0)
			this.#hooks.relay?.(this.id, RELAY.reload);
		this.#toPublish = [];
		this.#claimsToPublish = [];
		this.#toConfirm.clear();
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const w of waiters) w.reject(new Error('The change could not be stored.'));
		this.dirty = false;
		this.shutdown(CLOSE.storageFailure, 'could not store the change');
		this.#hooks.onBroken(this);
	}

	/**
	 * Folds the log into the snapshot (see CollabStore.compact), then gives the pages it freed back to the file
	 * system in the background.
	 */
	async compact(): Promise<void> {
		try {
			const r = await this.#hooks.store.compact(this.id);
			if (r) {
				// What was folded, and no more: updates accepted meanwhile (committed or still queued) stay counted.
				this.rows -= r.rowsFolded;
				this.logBytes -= r.bytesFolded;
				this.bytes = r.snapshotBytes + this.logBytes;
				void this.#hooks.store.reclaim({ log: this.#hooks.log });
			}
			// With nothing queued, the log holds exactly what this room accepted: count it again, which also
			// corrects a count that included rows an earlier room of the same document folded after this one
			// loaded them. The store reads when called; what is accepted while the promise settles is added.
			if (!this.dirty && !this.closed) {
				const rows = this.rows;
				const logBytes = this.logBytes;
				const left = await this.#hooks.store.stats(this.id);
				this.rows = left.rows + (this.rows - rows);
				this.logBytes = left.logBytes + (this.logBytes - logBytes);
				this.bytes = left.snapshotBytes + this.logBytes;
			}
		} catch (e) {
			this.#hooks.log(`compaction of ${this.id} failed (the log is kept)`, e);
		}
	}

	// ---- sockets ----

	join(conn: Conn): void {
		conn.room = this;
		this.conns.add(conn);
		if (this.evictTimer) {
			clearTimeout(this.evictTimer);
			this.evictTimer = null;
		}
		// Read-only sockets get no sync step 1: the client's answer (a sync step 2) would be a write.
		if (!conn.grant.readOnly) this.send(conn, protocol.syncStep1(this.stateVector()));
		const states = this.awareness.getStates();
		if (states.size > 0)
			this.send(
				conn,
				protocol.awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]))
			);
	}

	leave(conn: Conn): void {
		if (!this.conns.delete(conn)) return;
		const ids = [...conn.clientIds].filter((id) => this.awareness.getStates().has(id));
		if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
		if (this.conns.size === 0) this.#hooks.onIdle(this);
	}

	/** A socket's rights changed (role lowered or raised). */
	regrant(conn: Conn, grant: Grant): void {
		const wasReadOnly = conn.grant.readOnly;
		conn.grant = grant;
		// Newly writable: ask for what the client holds, as on connect.
		if (wasReadOnly && !grant.readOnly) this.send(conn, protocol.syncStep1(this.stateVector()));
	}

	/** Closes every socket and frees the document. */
	shutdown(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		if (this.evictTimer) clearTimeout(this.evictTimer);
		for (const c of [...this.conns]) c.close(code, reason);
		this.conns.clear();
		this.awareness.destroy();
		this.awareness.doc.destroy();
		this.#doc?.destroy();
		this.#stored = null;
		this.#pristine = null;
	}

	// ---- incoming ----

	receive(conn: Conn, data: Uint8Array): void {
		if (this.closed || conn.closed) return;
		if (data.length > this.#hooks.limits.maxMessageBytes) {
			conn.close(CLOSE.tooLarge, 'message too large');
			return;
		}
		let message: protocol.Incoming;
		try {
			message = protocol.decodeMessage(data);
		} catch {
			conn.close(CLOSE.malformed, 'malformed message');
			return;
		}
		try {
			switch (message.type) {
				case 'sync-step-1':
					this.send(conn, this.#syncReply(message.stateVector));
					if (conn.ack) this.send(conn, protocol.savedMessage(this.stateVector()));
					break;
				case 'update':
					this.#receiveUpdate(conn, message.update);
					break;
				case 'awareness':
					this.#receiveAwareness(conn, message.update);
					break;
				case 'query-awareness':
					this.send(
						conn,
						protocol.awarenessMessage(
							awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])
						)
					);
					break;
			}
		} catch (e) {
			this.#hooks.log(`malformed message on ${this.id} from user ${conn.grant.userId}`, e);
			conn.close(CLOSE.malformed, 'malformed message');
		}
	}

	#receiveUpdate(conn: Conn, update: Uint8Array): void {
		let check: protocol.UpdateCheck;
		try {
			check = protocol.checkUpdate(this.#held(), update);
		} catch {
			conn.close(CLOSE.malformed, 'malformed update');
			return;
		}
		const isNew = check.newClients.length > 0 || check.newDeletions;
		if (conn.grant.readOnly) {
			// The client's answer to nothing, or an echo of what the server has: ignore. Anything new: refuse.
			if (isNew) conn.close(CLOSE.forbidden, 'read-only');
			else if (conn.ack) this.send(conn, protocol.savedMessage(this.stateVector()));
			return;
		}
		if (!isNew) {
			if (conn.ack) this.send(conn, protocol.savedMessage(this.stateVector()));
			return;
		}
		const userId = conn.grant.userId;
		const claims: number[] = [];
		for (const client of check.newClients) {
			const owner = this.owners.get(client);
			if (owner === undefined) claims.push(client);
			else if (owner !== userId) {
				this.#hooks.log(
					`refused an update on ${this.id}: user ${userId} wrote under client id ${client} of another user`
				);
				conn.close(CLOSE.forbidden, 'client id belongs to another user');
				return;
			}
		}
		const limit = this.#hooks.limits.maxDocumentBytes;
		// Over the limit as stored, a compaction may make room: judge by what it would leave (the document's
		// state), and let it run after this turn.
		let stored = this.bytes;
		if (stored + update.length > limit && this.rows > 0) {
			stored = Y.encodeStateAsUpdate(this.doc).length;
			this.#scheduleCompaction();
		}
		if (stored + update.length > limit) {
			conn.close(CLOSE.tooLarge, 'document too large');
			return;
		}
		for (const client of claims) this.#claim(client, userId);
		Y.applyUpdate(this.doc, update, conn);
	}

	#receiveAwareness(conn: Conn, payload: Uint8Array): void {
		const entries = protocol.decodeAwareness(payload);
		const limits = this.#hooks.limits;
		const userId = conn.grant.userId;
		const kept: protocol.AwarenessEntry[] = [];
		const claims: number[] = [];
		for (const entry of entries) {
			const owner = this.owners.get(entry.clientId) ?? (claims.includes(entry.clientId) ? userId : undefined);
			if (owner === undefined) {
				if (conn.clientIds.size + claims.length >= MAX_CLIENT_IDS_PER_SOCKET) continue;
				claims.push(entry.clientId);
			} else if (owner !== userId) {
				continue; // someone else's client id: dropped
			}
			if (entry.bytes > limits.maxAwarenessBytes) {
				conn.close(CLOSE.tooLarge, 'awareness state too large');
				return;
			}
			kept.push(entry);
		}
		if (kept.length === 0) return;
		if (!takeAwarenessTokens(conn, kept.length, limits.maxAwarenessPerSecond)) {
			conn.close(CLOSE.tooLarge, 'awareness sent too often');
			return;
		}
		for (const clientId of claims) this.#claim(clientId, userId);
		for (const entry of kept) {
			conn.clientIds.add(entry.clientId);
			// Only what the editor uses is relayed, under the account's name and colour.
			if (entry.state !== null)
				entry.state = {
					user: { name: conn.grant.userName, color: userColour(userId) },
					...protocol.editorAwareness(entry.state)
				};
		}
		awarenessProtocol.applyAwarenessUpdate(this.awareness, protocol.encodeAwareness(kept), conn);
	}

	#claim(clientId: number, userId: string): void {
		this.owners.set(clientId, userId);
		this.#hooks.queue.addClaim(this, clientId, userId);
		if (this.#hooks.relay) this.#claimsToPublish.push({ clientId, userId });
	}

	// ---- other processes ----

	/** Updates another process stored (and the client ids it saw claimed): applied and relayed, not stored. */
	applyRemoteUpdates(payload: Uint8Array): void {
		if (this.closed) return;
		const { updates, claims } = decodeUpdates(payload);
		for (const c of claims) if (!this.owners.has(c.clientId)) this.owners.set(c.clientId, c.userId);
		const doc = this.doc;
		// Yjs skips what the document already holds (structs under its state vector, deletions already made)
		// and reports only the rest, so an update that arrives twice is relayed once.
		for (const u of updates) Y.applyUpdate(doc, u, REMOTE);
	}

	/** An awareness update another process relayed to its sockets, with the owners of its client ids. */
	applyRemoteAwareness(payload: Uint8Array): void {
		if (this.closed) return;
		const { updates, claims } = decodeUpdates(payload);
		for (const c of claims) if (!this.owners.has(c.clientId)) this.owners.set(c.clientId, c.userId);
		for (const u of updates) awarenessProtocol.applyAwarenessUpdate(this.awareness, u, REMOTE);
	}

	/**
	 * The awareness states of this process's own sockets, with their owners (for a process that just opened
	 * the document); null when there are none.
	 */
	localAwareness(): Uint8Array | null {
		const states = this.awareness.getStates();
		const claims: Claim[] = [];
		for (const c of this.conns)
			for (const clientId of c.clientIds)
				if (states.has(clientId))
					claims.push({ clientId, userId: this.owners.get(clientId) ?? c.grant.userId });
		if (claims.length === 0) return null;
		const update = awarenessProtocol.encodeAwarenessUpdate(
			this.awareness,
			claims.map((c) => c.clientId)
		);
		return encodeUpdates([update], claims);
	}

	/**
	 * What is stored now, merged into the live document (after messages from other processes may have been
	 * missed): what it adds is relayed to the sockets, whose clients get it as any other update.
	 */
	applyStored(stored: StoredDocument): void {
		if (this.closed) return;
		for (const [clientId, userId] of stored.owners)
			if (!this.owners.has(clientId)) this.owners.set(clientId, userId);
		const doc = this.doc;
		doc.transact(() => {
			if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
			for (const row of stored.rows) Y.applyUpdate(doc, row);
		}, REMOTE);
	}

	// ---- changes ----

	#onDocUpdate(update: Uint8Array, origin: unknown, changesContent: boolean): void {
		if (origin === REMOTE) {
			// Stored by another process: counted (it is in the log), relayed, not queued.
			this.bytes += update.length;
			this.logBytes += update.length;
			this.rows += 1;
			this.broadcast(protocol.syncUpdate(update), null);
			return;
		}
		const userId =
			origin instanceof Conn
				? origin.grant.userId
				: this.#serverChange
					? this.#serverChange.userId
					: ((origin as { userId?: string | null } | null)?.userId ?? null);
		this.bytes += update.length;
		this.logBytes += update.length;
		this.rows += 1;
		this.#hooks.queue.addUpdate(this, update, userId, changesContent);
		if (this.#hooks.relay) this.#toPublish.push(update);
		if (origin instanceof Conn && origin.ack) this.#toConfirm.add(origin);
		this.broadcast(protocol.syncUpdate(update), origin instanceof Conn ? origin : null);
	}

	#onAwarenessUpdate({ added, updated, removed }: AwarenessChange, origin: unknown): void {
		const changed = added.concat(updated, removed);
		if (changed.length === 0) return;
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
		this.broadcast(protocol.awarenessMessage(update), origin instanceof Conn ? origin : null);
		// This process's own changes (a socket's state, a socket gone), not what it heard from the others nor
		// the states it timed out (each process times out what it stopped hearing about).
		// With the owner of each client id: a socket of the other process may echo the state back (y-websocket's
		// client does) before the claim's commit is published, and must not then claim the id for itself.
		if (this.#hooks.relay && origin !== REMOTE && origin !== 'timeout') {
			const claims: Claim[] = [];
			for (const clientId of changed) {
				const userId = this.owners.get(clientId);
				if (userId !== undefined) claims.push({ clientId, userId });
			}
			this.#hooks.relay(this.id, RELAY.awareness, encodeUpdates([update], claims));
		}
	}

	/**
	 * A server-side change, made under a fresh client id credited to `userId`; resolves once committed.
	 * `fn` may await (to read the database between looking at the document and changing it): server-side
	 * changes of one room run one at a time, and every local change made meanwhile is credited to `userId`.
	 * It must not run inside a database transaction, whose lock the commit it waits for would need.
	 */
	async transact<T>(fn: (doc: Y.Doc) => T | Promise<T>, userId: string | null): Promise<T> {
		const turn = this.#serverQueue.then(() => this.#transactNow(fn, userId));
		this.#serverQueue = turn.then(
			() => undefined,
			() => undefined
		);
		return turn;
	}

	async #transactNow<T>(fn: (doc: Y.Doc) => T | Promise<T>, userId: string | null): Promise<T> {
		if (this.closed) throw new Error('The document was closed.');
		const doc = this.doc;
		let clientId = freshClientId(this.owners);
		while (doc.store.clients.has(clientId)) clientId = freshClientId(this.owners);
		const previous = doc.clientID;
		doc.clientID = clientId;
		this.#serverChange = { userId };
		const before = this.rows;
		let result: T;
		try {
			result = await fn(doc);
		} finally {
			doc.clientID = previous;
			this.#serverChange = null;
		}
		if (this.rows === before) return result;
		if (doc.store.clients.has(clientId)) this.#claim(clientId, userId ?? '');
		return new Promise<T>((resolve, reject) => {
			this.#waiters.push({ resolve: () => resolve(result), reject });
		});
	}
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** Takes `n` tokens from the socket's awareness bucket (`rate` per second, bursts of twice that), if it has them. */
function takeAwarenessTokens(conn: Conn, n: number, rate: number): boolean {
	const now = Date.now();
	const burst = rate * 2;
	const tokens =
		conn.awarenessTokens === null
			? burst
			: Math.min(burst, conn.awarenessTokens + ((now - conn.awarenessRefill) / 1000) * rate);
	conn.awarenessRefill = now;
	conn.awarenessTokens = tokens;
	if (tokens < n) return false;
	conn.awarenessTokens = tokens - n;
	return true;
}
