// SQLite storage of Yjs documents: snapshot + update log per document, and client id ownership.
// Every write runs in one BEGIN IMMEDIATE transaction of the storage seam (`transaction`); reads outside a
// transaction use the read connection, so they never see another request's uncommitted rows. See docs/collab.md.
import type { Statement } from 'better-sqlite3';
import * as Y from 'yjs';
import { inTransaction, readConnection, transaction, writeConnection, type DB } from '../db/index.ts';
import { reclaimSpace, type ReclaimOptions } from '../db/space.ts';

export type LoadedDocument = {
	doc: Y.Doc;
	/** Owner (user id, '' for the server) of each Yjs client id used in the document. */
	owners: Map<number, string>;
	/** Bytes stored: snapshot + log rows. */
	bytes: number;
	/** Rows in the log (not yet compacted). */
	rows: number;
};

/** What is stored for a document, read in one consistent read. */
export type StoredDocument = {
	snapshot: Uint8Array | null;
	rows: Uint8Array[];
	owners: Map<number, string>;
	bytes: number;
};

/** An accepted update, credited to a user (or null), and whether it changed the content (domain/content-change.ts). */
export type PendingUpdate = {
	documentId: string;
	data: Uint8Array;
	userId: string | null;
	changesContent: boolean;
};
export type PendingClaim = { documentId: string; clientId: number; userId: string };

export type CompactionResult = {
	rowsFolded: number;
	/** Bytes of the rows folded (their `data`). */
	bytesFolded: number;
	snapshotBytes: number;
};

/** Builds a Y.Doc from a snapshot and log rows, applied in order inside one transaction. */
export function buildDoc(snapshot: Uint8Array | null, rows: Iterable<Uint8Array>): Y.Doc {
	const doc = new Y.Doc({ gc: true });
	doc.transact(() => {
		if (snapshot) Y.applyUpdate(doc, snapshot);
		for (const row of rows) Y.applyUpdate(doc, row);
	});
	return doc;
}

type Reads = {
	client: DB['$client'];
	snapshot: Statement<[string], { data: Buffer }>;
	rows: Statement<[string], { id: number; data: Buffer }>;
	owners: Statement<[string], { clientId: number; userId: string }>;
	exists: Statement<[string], { workspaceId: string }>;
	log: Statement<[string], { rows: number; bytes: number }>;
};

function prepareReads(client: DB['$client']): Reads {
	return {
		client,
		snapshot: client.prepare('SELECT data FROM collab_snapshots WHERE document_id = ?'),
		rows: client.prepare('SELECT id, data FROM collab_updates WHERE document_id = ? ORDER BY id'),
		owners: client.prepare(
			'SELECT client_id AS clientId, user_id AS userId FROM collab_clients WHERE document_id = ?'
		),
		exists: client.prepare('SELECT workspace_id AS workspaceId FROM documents WHERE id = ?'),
		log: client.prepare(
			'SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes FROM collab_updates WHERE document_id = ?'
		)
	};
}

/**
 * The SQLite adapter for collaborative documents. Its methods return promises, as every storage call does:
 * writes join the caller's transaction or open their own; reads run on the read connection, or on the writer
 * inside a transaction (to see that transaction's own rows).
 */
export class CollabStore {
	readonly db: DB;
	#reader: Reads;
	#writer: Reads;
	#insertUpdate: Statement<[string, Uint8Array, string | null, number, number]>;
	#contentChanged: Statement<[number, number, string | null, string]>;
	#insertClaim: Statement<[string, number, string, number]>;
	#upsertSnapshot: Statement<[string, Uint8Array, number]>;
	#deleteRows: Statement<[string, number]>;

	constructor(db: DB) {
		this.db = db;
		const c = writeConnection(db).$client;
		this.#writer = prepareReads(c);
		const r = readConnection(db).$client;
		this.#reader = r === c ? this.#writer : prepareReads(r);
		this.#insertUpdate = c.prepare(
			'INSERT INTO collab_updates (document_id, data, user_id, changes_content, created_at) VALUES (?, ?, ?, ?, ?)'
		);
		this.#contentChanged = c.prepare(
			'UPDATE documents SET updated_at = max(updated_at, ?), content_changed_at = ?, content_changed_by = ? WHERE id = ?'
		);
		this.#insertClaim = c.prepare(
			'INSERT OR IGNORE INTO collab_clients (document_id, client_id, user_id, created_at) VALUES (?, ?, ?, ?)'
		);
		this.#upsertSnapshot = c.prepare(
			'INSERT INTO collab_snapshots (document_id, data, updated_at) VALUES (?, ?, ?) ' +
				'ON CONFLICT (document_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at'
		);
		this.#deleteRows = c.prepare('DELETE FROM collab_updates WHERE document_id = ? AND id <= ?');
	}

	/** The statements to read with: the writer's inside a transaction, the read connection's otherwise. */
	#reads(): Reads {
		return inTransaction(this.db) ? this.#writer : this.#reader;
	}

	/** The document's workspace, or null when no such document exists. */
	async documentWorkspace(documentId: string): Promise<string | null> {
		return this.#reads().exists.get(documentId)?.workspaceId ?? null;
	}

	/** Reads snapshot + remaining rows and the client id owners in one consistent read. */
	async read(documentId: string): Promise<StoredDocument> {
		const r = this.#reads();
		const readAll = () => ({
			snapshot: r.snapshot.get(documentId)?.data ?? null,
			rows: r.rows.all(documentId),
			owners: r.owners.all(documentId)
		});
		const { snapshot, rows, owners } = r.client.inTransaction
			? readAll()
			: r.client.transaction(readAll).deferred();
		let bytes = snapshot?.length ?? 0;
		for (const r of rows) bytes += r.data.length;
		return {
			snapshot,
			rows: rows.map((r) => r.data),
			owners: new Map(owners.map((o) => [o.clientId, o.userId])),
			bytes
		};
	}

	/** Reads snapshot + remaining rows and applies them, in order, to a new Y.Doc. */
	async load(documentId: string): Promise<LoadedDocument> {
		const stored = await this.read(documentId);
		return {
			doc: buildDoc(stored.snapshot, stored.rows),
			owners: stored.owners,
			bytes: stored.bytes,
			rows: stored.rows.length
		};
	}

	/**
	 * Appends updates and client id claims in one BEGIN IMMEDIATE transaction. A document whose content they
	 * changed is marked changed now, by the last person who changed it (its "Last changed" follows live edits).
	 */
	async append(
		updates: readonly PendingUpdate[],
		claims: readonly PendingClaim[],
		now = Date.now()
	): Promise<void> {
		if (updates.length === 0 && claims.length === 0) return;
		await transaction(this.db, async () => {
			for (const c of claims) this.#insertClaim.run(c.documentId, c.clientId, c.userId, now);
			const changedBy = new Map<string, string | null>();
			for (const u of updates) {
				this.#insertUpdate.run(u.documentId, u.data, u.userId, u.changesContent ? 1 : 0, now);
				if (u.changesContent) changedBy.set(u.documentId, u.userId);
			}
			for (const [documentId, userId] of changedBy) this.#contentChanged.run(now, now, userId, documentId);
		});
	}

	/**
	 * Folds the log into the snapshot: in one BEGIN IMMEDIATE transaction, reads the snapshot and the rows,
	 * applies them to a Y.Doc in order, writes the new snapshot and deletes exactly the rows it read.
	 * Returns null when there was nothing to fold.
	 */
	async compact(documentId: string, now = Date.now()): Promise<CompactionResult | null> {
		return transaction(this.db, async () => {
			const rows = this.#writer.rows.all(documentId);
			if (rows.length === 0) return null;
			const snapshot = this.#writer.snapshot.get(documentId)?.data ?? null;
			const doc = buildDoc(
				snapshot,
				rows.map((r) => r.data)
			);
			const state = Y.encodeStateAsUpdate(doc);
			doc.destroy();
			this.#upsertSnapshot.run(documentId, state, now);
			const lastId = rows[rows.length - 1].id;
			const deleted = this.#deleteRows.run(documentId, lastId).changes;
			if (deleted !== rows.length)
				throw new Error(`compaction of ${documentId} read ${rows.length} rows but would delete ${deleted}`);
			let bytesFolded = 0;
			for (const r of rows) bytesFolded += r.data.length;
			return { rowsFolded: rows.length, bytesFolded, snapshotBytes: state.length };
		});
	}

	/**
	 * Gives the pages compaction freed back to the file system, in small steps between which the event loop
	 * runs (db/space.ts). Resolves with the pages given back; never rejects.
	 */
	reclaim(options?: ReclaimOptions): Promise<number> {
		return reclaimSpace(this.db, options);
	}

	/** Number of log rows and stored bytes of a document (for tests and diagnostics). */
	async stats(documentId: string): Promise<{ rows: number; logBytes: number; snapshotBytes: number }> {
		const r = this.#reads();
		const log = r.log.get(documentId)!;
		const snap = r.snapshot.get(documentId);
		return { rows: log.rows, logBytes: log.bytes, snapshotBytes: snap?.data.length ?? 0 };
	}
}
