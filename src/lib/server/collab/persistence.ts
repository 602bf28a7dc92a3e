// Storage of Yjs documents (SQLite or PostgreSQL): snapshot + update log per document, and client id ownership.
// Every write runs in one BEGIN IMMEDIATE transaction of the storage seam (`transaction`); reads outside a
// transaction use the read connection, so they never see another request's uncommitted rows. See docs/collab.md.
import type { Statement } from 'better-sqlite3';
import * as Y from 'yjs';
import { sql, type SQL } from 'drizzle-orm';
import {
	engineOf,
	inTransaction,
	readConnection,
	transaction,
	writeConnection,
	type DB
} from '../db/index.ts';
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
	/** The snapshot's state vector, when it was stored with it. */
	stateVector: Uint8Array | null;
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
	snapshot: Statement<[string], { data: Buffer; stateVector: Buffer | null }>;
	rows: Statement<[string], { id: number; data: Buffer }>;
	owners: Statement<[string], { clientId: number; userId: string }>;
	exists: Statement<[string], { workspaceId: string }>;
	log: Statement<[string], { rows: number; bytes: number }>;
};

function prepareReads(client: DB['$client']): Reads {
	return {
		client,
		snapshot: client.prepare(
			'SELECT data, state_vector AS stateVector FROM collab_snapshots WHERE document_id = ?'
		),
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

/** The statements the store runs, on either engine. Writes run only inside `transaction`. */
interface Statements {
	workspaceOf(documentId: string): Promise<string | null>;
	/** Snapshot, rows and owners in one consistent read. */
	readAll(documentId: string): Promise<{
		snapshot: Buffer | null;
		stateVector: Buffer | null;
		rows: { id: number; data: Buffer }[];
		owners: { clientId: number; userId: string }[];
	}>;
	log(documentId: string): Promise<{ rows: number; bytes: number; snapshotBytes: number }>;
	/** Appends updates to the log, in their order. */
	insertUpdates(updates: readonly PendingUpdate[], now: number): Promise<void>;
	contentChanged(now: number, userId: string | null, documentId: string): Promise<void>;
	insertClaim(documentId: string, clientId: number, userId: string, now: number): Promise<void>;
	upsertSnapshot(documentId: string, data: Uint8Array, stateVector: Uint8Array, now: number): Promise<void>;
	/** Deletes the rows up to `lastId`; resolves with how many went. */
	deleteRows(documentId: string, lastId: number): Promise<number>;
}

/**
 * SQLite: statements prepared once on each connection. Reads run on the read connection, or on the writer
 * inside a transaction (to see that transaction's own rows).
 */
function sqliteStatements(db: DB): Statements {
	const c = writeConnection(db).$client;
	const writer = prepareReads(c);
	const r = readConnection(db).$client;
	const reader = r === c ? writer : prepareReads(r);
	const reads = () => (inTransaction(db) ? writer : reader);
	const insertUpdate = c.prepare<[string, Uint8Array, string | null, number, number]>(
		'INSERT INTO collab_updates (document_id, data, user_id, changes_content, created_at) VALUES (?, ?, ?, ?, ?)'
	);
	const contentChanged = c.prepare<[number, number, string | null, string]>(
		'UPDATE documents SET updated_at = max(updated_at, ?), content_changed_at = ?, content_changed_by = ? WHERE id = ?'
	);
	const insertClaim = c.prepare<[string, number, string, number]>(
		'INSERT OR IGNORE INTO collab_clients (document_id, client_id, user_id, created_at) VALUES (?, ?, ?, ?)'
	);
	const upsertSnapshot = c.prepare<[string, Uint8Array, Uint8Array, number]>(
		'INSERT INTO collab_snapshots (document_id, data, state_vector, updated_at) VALUES (?, ?, ?, ?) ' +
			'ON CONFLICT (document_id) DO UPDATE SET data = excluded.data, state_vector = excluded.state_vector, ' +
			'updated_at = excluded.updated_at'
	);
	const deleteRows = c.prepare<[string, number]>(
		'DELETE FROM collab_updates WHERE document_id = ? AND id <= ?'
	);
	return {
		workspaceOf: async (id) => reads().exists.get(id)?.workspaceId ?? null,
		readAll: async (id) => {
			const r = reads();
			const readAll = () => {
				const snapshot = r.snapshot.get(id);
				return {
					snapshot: snapshot?.data ?? null,
					stateVector: snapshot?.stateVector ?? null,
					rows: r.rows.all(id),
					owners: r.owners.all(id)
				};
			};
			return r.client.inTransaction ? readAll() : r.client.transaction(readAll).deferred();
		},
		log: async (id) => {
			const r = reads();
			const log = r.log.get(id)!;
			return { ...log, snapshotBytes: r.snapshot.get(id)?.data.length ?? 0 };
		},
		insertUpdates: async (updates, now) => {
			for (const u of updates)
				insertUpdate.run(u.documentId, u.data, u.userId, u.changesContent ? 1 : 0, now);
		},
		contentChanged: async (now, userId, id) => void contentChanged.run(now, now, userId, id),
		insertClaim: async (id, clientId, userId, now) => void insertClaim.run(id, clientId, userId, now),
		upsertSnapshot: async (id, data, stateVector, now) => void upsertSnapshot.run(id, data, stateVector, now),
		deleteRows: async (id, lastId) => deleteRows.run(id, lastId).changes
	};
}

/** A Buffer over the same bytes (node-postgres sends a Buffer as bytea). */
const bytes = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * PostgreSQL: the same statements through the handle (the transaction's client inside one, any pooled client
 * outside). A consistent read outside a transaction is one REPEATABLE READ, read-only transaction.
 */
function postgresStatements(db: DB): Statements {
	type Pg = { execute: (q: SQL) => Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }> };
	const run = (q: SQL, on: Pg = db as unknown as Pg) => on.execute(q);
	const readAll = async (id: string, on: Pg) => {
		const snap = await run(
			sql`SELECT data, state_vector AS "stateVector" FROM collab_snapshots WHERE document_id = ${id}`,
			on
		);
		const rows = await run(
			sql`SELECT id, data FROM collab_updates WHERE document_id = ${id} ORDER BY id`,
			on
		);
		const owners = await run(
			sql`SELECT client_id AS "clientId", user_id AS "userId" FROM collab_clients WHERE document_id = ${id}`,
			on
		);
		return {
			snapshot: (snap.rows[0]?.data as Buffer | undefined) ?? null,
			stateVector: (snap.rows[0]?.stateVector as Buffer | null | undefined) ?? null,
			rows: rows.rows as { id: number; data: Buffer }[],
			owners: owners.rows.map((o) => ({ clientId: Number(o.clientId), userId: o.userId as string }))
		};
	};
	return {
		workspaceOf: async (id) =>
			((await run(sql`SELECT workspace_id AS w FROM documents WHERE id = ${id}`)).rows[0]?.w as string) ??
			null,
		readAll: async (id) => {
			if (inTransaction(db)) return readAll(id, db as unknown as Pg);
			const writer = writeConnection(db) as unknown as {
				transaction: <T>(fn: (tx: Pg) => Promise<T>, config: object) => Promise<T>;
			};
			return writer.transaction((tx) => readAll(id, tx), {
				isolationLevel: 'repeatable read',
				accessMode: 'read only'
			});
		},
		log: async (id) => {
			const log = await run(
				sql`SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes FROM collab_updates WHERE document_id = ${id}`
			);
			const snap = await run(sql`SELECT length(data) AS n FROM collab_snapshots WHERE document_id = ${id}`);
			return {
				rows: Number(log.rows[0].rows),
				bytes: Number(log.rows[0].bytes),
				snapshotBytes: Number(snap.rows[0]?.n ?? 0)
			};
		},
		// One statement for a batch (in chunks, below PostgreSQL's limit of parameters): one round trip while
		// the write lock is held, however many updates a busy moment queued. Rows take their ids in order.
		insertUpdates: async (updates, now) => {
			for (let i = 0; i < updates.length; i += 1000) {
				const rows = updates
					.slice(i, i + 1000)
					.map((u) => sql`(${u.documentId}, ${bytes(u.data)}, ${u.userId}, ${u.changesContent}, ${now})`);
				await run(
					sql`INSERT INTO collab_updates (document_id, data, user_id, changes_content, created_at) VALUES ${sql.join(rows, sql`, `)}`
				);
			}
		},
		contentChanged: async (now, userId, id) =>
			void (await run(
				sql`UPDATE documents SET updated_at = greatest(updated_at, ${now}), content_changed_at = ${now}, content_changed_by = ${userId} WHERE id = ${id}`
			)),
		insertClaim: async (id, clientId, userId, now) =>
			void (await run(
				sql`INSERT INTO collab_clients (document_id, client_id, user_id, created_at) VALUES (${id}, ${clientId}, ${userId}, ${now}) ON CONFLICT DO NOTHING`
			)),
		upsertSnapshot: async (id, data, stateVector, now) =>
			void (await run(
				sql`INSERT INTO collab_snapshots (document_id, data, state_vector, updated_at) VALUES (${id}, ${bytes(data)}, ${bytes(stateVector)}, ${now}) ON CONFLICT (document_id) DO UPDATE SET data = excluded.data, state_vector = excluded.state_vector, updated_at = excluded.updated_at`
			)),
		deleteRows: async (id, lastId) =>
			(await run(sql`DELETE FROM collab_updates WHERE document_id = ${id} AND id <= ${lastId}`)).rowCount ?? 0
	};
}

/**
 * The adapter for collaborative documents, on either engine. Its methods return promises, as every storage
 * call does: writes join the caller's transaction or open their own.
 */
export class CollabStore {
	readonly db: DB;
	#sql: Statements;

	constructor(db: DB) {
		this.db = db;
		this.#sql = engineOf(db) === 'postgres' ? postgresStatements(db) : sqliteStatements(db);
	}

	/** The document's workspace, or null when no such document exists. */
	async documentWorkspace(documentId: string): Promise<string | null> {
		return this.#sql.workspaceOf(documentId);
	}

	/** Reads snapshot + remaining rows and the client id owners in one consistent read. */
	async read(documentId: string): Promise<StoredDocument> {
		const { snapshot, stateVector, rows, owners } = await this.#sql.readAll(documentId);
		let bytes = snapshot?.length ?? 0;
		for (const r of rows) bytes += r.data.length;
		return {
			snapshot,
			stateVector,
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
	 * Appends updates and client id claims in one write transaction. A document whose content they changed is
	 * marked changed now, by the last person who changed it (its "Last changed" follows live edits).
	 */
	async append(
		updates: readonly PendingUpdate[],
		claims: readonly PendingClaim[],
		now = Date.now()
	): Promise<void> {
		if (updates.length === 0 && claims.length === 0) return;
		const q = this.#sql;
		await transaction(this.db, async () => {
			for (const c of claims) await q.insertClaim(c.documentId, c.clientId, c.userId, now);
			if (updates.length > 0) await q.insertUpdates(updates, now);
			const changedBy = new Map<string, string | null>();
			for (const u of updates) if (u.changesContent) changedBy.set(u.documentId, u.userId);
			for (const [documentId, userId] of changedBy) await q.contentChanged(now, userId, documentId);
		});
	}

	/**
	 * Folds the log into the snapshot: in one write transaction, reads the snapshot and the rows, applies them
	 * to a Y.Doc in order, writes the new snapshot and deletes exactly the rows it read (on PostgreSQL the
	 * write lock keeps two processes from folding the same document at once).
	 * Returns null when there was nothing to fold.
	 */
	async compact(documentId: string, now = Date.now()): Promise<CompactionResult | null> {
		const q = this.#sql;
		return transaction(this.db, async () => {
			const { snapshot, rows } = await q.readAll(documentId);
			if (rows.length === 0) return null;
			const doc = buildDoc(
				snapshot,
				rows.map((r) => r.data)
			);
			const state = Y.encodeStateAsUpdate(doc);
			const stateVector = Y.encodeStateVector(doc);
			doc.destroy();
			await q.upsertSnapshot(documentId, state, stateVector, now);
			const lastId = rows[rows.length - 1].id;
			const deleted = await q.deleteRows(documentId, lastId);
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
		const log = await this.#sql.log(documentId);
		return { rows: log.rows, logBytes: log.bytes, snapshotBytes: log.snapshotBytes };
	}
}
