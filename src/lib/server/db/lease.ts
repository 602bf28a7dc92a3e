// One server process per database. A live document's state is held by the process that serves its room
// (docs/architecture.md): a second process on the same file would hold a second copy, and the two would
// confirm edits the other never sees. So the server takes a lease before it opens the database, and a second
// server refuses to start. The lease is an exclusive lock on a small file beside the database, held for the
// process's life: the operating system drops it when the process ends, however it ends (kill -9 too), so a
// restart never waits for a stale lease to expire. The admin command line opens the database without one.
import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export class LeaseTaken extends Error {
	readonly file: string;
	constructor(file: string, message?: string) {
		super(
			message ??
				`Another Parity server is already running on ${file}. Stop it first, or give every server the same ` +
					'REDIS_URL on PostgreSQL: one server process serves a database alone, so that a document is never ' +
					'held by two processes that do not hear each other (docs/operations.md, "One process per database").'
		);
		this.file = file;
	}
}

/** The lease's file for a database file. */
export const leasePath = (databaseFile: string) => `${databaseFile}.lease`;

/**
 * Takes the lease on `databaseFile` for as long as the process runs. Throws LeaseTaken when another process
 * holds it. An in-memory database needs none.
 */
export function takeLease(databaseFile: string): void {
	if (databaseFile === ':memory:') return;
	const file = leasePath(databaseFile);
	mkdirSync(path.dirname(file), { recursive: true });
	const lock = new Database(file);
	try {
		lock.pragma('busy_timeout = 0');
		// Keeps the lock after each statement, and takes it at once: nobody else may read or write the file.
		lock.pragma('locking_mode = EXCLUSIVE');
		lock.exec('BEGIN EXCLUSIVE');
	} catch (e) {
		lock.close();
		if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new LeaseTaken(databaseFile);
		throw e;
	}
	held.push(lock);
}

/** Held here so that the lock's connection lives as long as the process. */
const held: (Database.Database | pg.Client)[] = [];

/** The advisory lock a PostgreSQL server process holds for its life when it runs alone (no REDIS_URL). */
const SERVER_LEASE = 0x5041524954590003n;

/**
 * The same lease on PostgreSQL: a session-level advisory lock on a connection of its own, held for the
 * process's life. PostgreSQL drops it when the connection ends, however the process ends. Servers started
 * with REDIS_URL share live documents through Redis and hold the lock shared, so any number run together; a
 * server without one holds it alone, so it refuses to start beside any other, and any other beside it.
 */
export async function takePostgresLease(url: string, shared: boolean): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	client.on('error', () => {});
	const fn = shared ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
	const r = await client.query<{ ok: boolean }>(`select ${fn}($1) as ok`, [SERVER_LEASE.toString()]);
	if (!r.rows[0].ok) {
		await client.end();
		throw new LeaseTaken(
			shared ? 'this PostgreSQL database (one runs without REDIS_URL)' : 'this PostgreSQL database',
			shared
				? 'A Parity server without REDIS_URL already runs on this PostgreSQL database. Give every server ' +
						'the same REDIS_URL, so that they share live documents (docs/operations.md, "Several processes").'
				: undefined
		);
	}
	held.push(client);
}
