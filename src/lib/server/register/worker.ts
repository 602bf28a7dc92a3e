/**
 * Worker thread for the register's big reads (DESIGN.md rule 8): verification of a whole chain and the
 * open-data files, on its own read-only SQLite connection, so a large export never stalls live editing.
 * Started by jobs.ts; runs as plain TypeScript under Node (relative imports only).
 */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { runJob, type Job, type Reader } from './read.ts';

const connections = new Map<string, Database.Database>();

function connection(file: string): Database.Database {
	let db = connections.get(file);
	if (!db) {
		db = new Database(file, { readonly: true, fileMustExist: true });
		db.pragma('busy_timeout = 2000');
		connections.set(file, db);
	}
	return db;
}

parentPort!.on('message', (message: { id: number; file: string; job: Job }) => {
	try {
		const db = connection(message.file);
		const reader: Reader = {
			all: (sql, ...params) => db.prepare(sql).all(...params) as Record<string, unknown>[],
			iterate: (sql, ...params) => db.prepare(sql).iterate(...params) as Iterable<Record<string, unknown>>,
			// One read transaction, so every query of a job sees the same state of the database.
			snapshot: (fn) => db.transaction(fn)()
		};
		parentPort!.postMessage({ id: message.id, ok: true, value: runJob(reader, message.job) });
	} catch (e) {
		parentPort!.postMessage({ id: message.id, ok: false, error: (e as Error).message });
	}
});
