// Giving freed pages back to the file system. Folding a document's update log into its snapshot frees the
// pages its rows and its previous snapshot used, and SQLite keeps free pages inside the file for reuse. A
// database in incremental auto-vacuum mode (every new one, see openDatabase; `npm run admin -- vacuum`
// converts an older one) moves pages from the end of the file into the free ones and cuts the end off: here a
// few pages per step, each step a short write of its own under the process-wide lock, with the event loop
// free between steps. See docs/operations.md.
import { engineOf, withWriter, writeConnection, type DB } from './index.ts';

export type AutoVacuum = 'none' | 'full' | 'incremental';

/** The database's auto-vacuum mode. */
export function autoVacuumMode(client: DB['$client']): AutoVacuum {
	const mode = client.pragma('auto_vacuum', { simple: true }) as number;
	return mode === 2 ? 'incremental' : mode === 1 ? 'full' : 'none';
}

export type ReclaimOptions = {
	/** Pages given back per step (4 KiB each). */
	pagesPerStep?: number;
	/** Pause between steps (ms). */
	pauseMs?: number;
	log?: (message: string, error?: unknown) => void;
};

/** Attempts, after SQLite reported the file busy (another process writing), before giving up until next time. */
const BUSY_ATTEMPTS = 10;

const running = new WeakMap<DB['$client'], Promise<number>>();

/**
 * Gives the database's free pages back to the file system, a few per step, and then checkpoints the WAL into
 * the file (which is when the file shrinks) without waiting for readers. Resolves with the number of pages
 * given back, 0 for a database that is not in incremental mode; never rejects (free pages left over are
 * given back the next time). A call while a run is going joins it: the run goes on until no page is free.
 */
export function reclaimSpace(db: DB, options: ReclaimOptions = {}): Promise<number> {
	// PostgreSQL's autovacuum looks after its own free space.
	if (engineOf(db) === 'postgres') return Promise.resolve(0);
	const client = writeConnection(db).$client;
	const current = running.get(client);
	if (current) return current;
	const run = reclaim(db, options).finally(() => running.delete(client));
	running.set(client, run);
	return run;
}

async function reclaim(db: DB, options: ReclaimOptions): Promise<number> {
	const step = options.pagesPerStep ?? 32;
	const pause = options.pauseMs ?? 5;
	let given = 0;
	let busy = 0;
	try {
		if ((await withWriter(db, autoVacuumMode)) !== 'incremental') return 0;
		for (;;) {
			let left: number;
			try {
				left = await withWriter(db, (c) => {
					const before = c.pragma('freelist_count', { simple: true }) as number;
					if (before > 0) c.pragma(`incremental_vacuum(${step})`);
					const after = c.pragma('freelist_count', { simple: true }) as number;
					given += before - after;
					return after;
				});
				busy = 0;
			} catch (e) {
				if ((e as { code?: string }).code !== 'SQLITE_BUSY' || ++busy >= BUSY_ATTEMPTS) throw e;
				left = 1;
			}
			if (left === 0) break;
			await new Promise((r) => setTimeout(r, busy > 0 ? 50 * busy : pause));
		}
		if (given > 0)
			await withWriter(db, (c) => {
				// TRUNCATE copies the WAL into the file and empties it. With no busy wait it gives up at once
				// when a reader is behind; the checkpoint thread (checkpoint.ts) catches up later.
				const timeout = c.pragma('busy_timeout', { simple: true }) as number;
				c.pragma('busy_timeout = 0');
				try {
					c.pragma('wal_checkpoint(TRUNCATE)');
				} finally {
					c.pragma(`busy_timeout = ${timeout}`);
				}
			});
	} catch (e) {
		// A closed connection (the server stopping) or a file another process keeps busy: try next time.
		if (writeConnection(db).$client.open)
			options.log?.('could not give free pages back to the file system', e);
	}
	return given;
}
