import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema/index.ts';

export { schema };
export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const KEY = Symbol.for('parity.db');
type Holder = { db?: DB };
const holder = ((globalThis as Record<symbol, unknown>)[KEY] ??= {}) as Holder;

/** Turns `file:./data/parity.db`, a plain path or `:memory:` into a filename for better-sqlite3. */
export function databasePath(url: string): string {
	if (url === ':memory:') return url;
	if (url.startsWith('file:')) url = url.slice('file:'.length);
	return path.resolve(url);
}

export type OpenOptions = {
	url?: string;
	migrationsFolder?: string;
	/** Run migrations (the production entry and tests do; read-only workers do not). */
	migrate?: boolean;
	readonly?: boolean;
	/** SQLite busy timeout in ms. Kept short so another process cannot stall live editing. */
	busyTimeout?: number;
};

/** Opens a connection with the project's pragmas (WAL, synchronous=NORMAL or FULL, foreign keys on). */
export function openDatabase(options: OpenOptions = {}): DB {
	const url = options.url ?? process.env.DATABASE_URL ?? 'file:./data/parity.db';
	const file = databasePath(url);
	if (file !== ':memory:' && !options.readonly) mkdirSync(path.dirname(file), { recursive: true });
	const client = new Database(file, {
		readonly: options.readonly ?? false,
		fileMustExist: options.readonly ?? false
	});
	client.pragma(`busy_timeout = ${options.busyTimeout ?? 100}`);
	if (!options.readonly) {
		client.pragma('journal_mode = WAL');
		client.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
	}
	client.pragma('foreign_keys = ON');
	const db = drizzle(client, { schema }) as DB;
	if (options.migrate !== false && !options.readonly) {
		migrate(db, {
			migrationsFolder: options.migrationsFolder ?? path.resolve(process.cwd(), 'drizzle')
		});
	}
	return db;
}

/** The process-wide connection, shared by server/index.ts and the bundled SvelteKit handler. */
export function getDb(): DB {
	holder.db ??= openDatabase();
	return holder.db;
}

/** Installs an already-open connection as the process-wide one (the production entry and tests). */
export function setDb(db: DB): void {
	holder.db = db;
}

export function closeDb(): void {
	holder.db?.$client.close();
	holder.db = undefined;
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction, retrying a few times when another process holds the
 * write lock (the busy timeout is short on purpose).
 */
export function writeTransaction<T>(db: DB, fn: (tx: DB) => T): T {
	const run = db.$client.transaction(() => fn(db));
	for (let attempt = 0; ; attempt++) {
		try {
			return run.immediate();
		} catch (e) {
			if ((e as { code?: string }).code === 'SQLITE_BUSY' && attempt < 50) {
				Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + attempt * 5);
				continue;
			}
			throw e;
		}
	}
}
