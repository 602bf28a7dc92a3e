/**
 * The checkpoint thread: copies the write-ahead log's pages into the database file on a connection of its own,
 * so the file's fsync never blocks the main thread's event loop (live editing, page requests). It answers
 * each request with SQLite's report and exits when it is told to or when the main thread goes away.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

type Report = { busy: number; log: number; checkpointed: number };

const db = new Database((workerData as { file: string }).file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');

parentPort!.on('message', (m: { id: number } | 'stop') => {
	if (m === 'stop') {
		db.close();
		process.exit(0);
	}
	try {
		// PASSIVE: copies what no reader still needs and never waits for the writer, which goes on meanwhile.
		const [report] = db.pragma('wal_checkpoint(PASSIVE)') as Report[];
		parentPort!.postMessage({ id: m.id, ok: true, report });
	} catch (e) {
		parentPort!.postMessage({ id: m.id, ok: false, error: (e as Error).message });
	}
});
