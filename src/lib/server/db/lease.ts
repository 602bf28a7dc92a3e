// One server process per database. A live document's state is held by the process that serves its room
// (docs/architecture.md): a second process on the same file would hold a second copy, and the two would
// confirm edits the other never sees. So the server takes a lease before it opens the database, and a second
// server refuses to start. The lease is an exclusive lock on a small file beside the database, held for the
// process's life: the operating system drops it when the process ends, however it ends (kill -9 too), so a
// restart never waits for a stale lease to expire. The admin command line opens the database without one.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export class LeaseTaken extends Error {
	readonly file: string;
	constructor(file: string) {
		super(
			`Another Parity server is already running on ${file}. Stop it first: one server process serves a ` +
				'database, so that a document is never held by two processes at once (docs/operations.md, ' +
				'"One process per database").'
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
const held: Database.Database[] = [];
