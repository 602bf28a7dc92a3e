import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema/index.ts';
import { Checkpointer } from './checkpoint.ts';
import { isPostgresUrl, migratePostgres, openPostgres } from './postgres.ts';

export { isPostgresUrl };

export { schema };
export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const KEY = Symbol.for('parity.db');
type Holder = { db?: DB };
const holder = ((globalThis as Record<symbol, unknown>)[KEY] ??= {}) as Holder;

/** Where the database is when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = 'file:./data/parity.db';

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
	const url = options.url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	// PostgreSQL's migrations are asynchronous: openStorage applies them.
	if (isPostgresUrl(url)) return openPostgres(url);
	const file = databasePath(url);
	if (file !== ':memory:' && !options.readonly) mkdirSync(path.dirname(file), { recursive: true });
	const client = new Database(file, {
		readonly: options.readonly ?? false,
		fileMustExist: options.readonly ?? false
	});
	client.pragma(`busy_timeout = ${options.busyTimeout ?? 100}`);
	if (!options.readonly) {
		// A new database gives the pages it frees back to the file system in small steps (db/space.ts). SQLite
		// takes this only before the first table (and before WAL mode); an existing database keeps its mode
		// until an administrator converts it (`npm run admin -- vacuum`, docs/operations.md).
		if (isEmpty(client)) client.pragma('auto_vacuum = INCREMENTAL');
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
	if (options.readonly || file === ':memory:') return wrap(db, null);
	const readerClient = new Database(file, { readonly: true, fileMustExist: true });
	readerClient.pragma(`busy_timeout = ${options.busyTimeout ?? 100}`);
	readerClient.pragma('foreign_keys = ON');
	const checkpointer = new Checkpointer(client, file);
	checkpointer.start();
	return wrap(db, drizzle(readerClient, { schema }) as DB, checkpointer);
}

/**
 * Opens either engine and applies its migrations (`drizzle/` for SQLite, `drizzle-pg/` for PostgreSQL, beside
 * `migrationsFolder`'s parent): the production entry and the admin command line open storage here.
 */
export async function openStorage(options: OpenOptions = {}): Promise<DB> {
	const url = options.url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	const folder = options.migrationsFolder ?? path.resolve(process.cwd(), 'drizzle');
	if (!isPostgresUrl(url)) return openDatabase({ ...options, url, migrationsFolder: folder });
	const db = openPostgres(url);
	if (options.migrate !== false) await migratePostgres(db, path.join(path.dirname(folder), 'drizzle-pg'));
	return db;
}

/** The checkpoints of a file-backed handle (none for an in-memory or read-only one). */
export function checkpointerOf(db: DB): Checkpointer | null {
	return storeOf(db).checkpointer;
}

/** Whether a database has no table, index or view yet (a new file). */
function isEmpty(client: Database.Database): boolean {
	return client.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() === 0;
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
	if (holder.db) closeDatabase(holder.db);
	holder.db = undefined;
}

/**
 * Closes a handle: both SQLite connections at once, or PostgreSQL's pool (the promise resolves when its
 * clients have ended).
 */
export function closeDatabase(db: DB): Promise<void> {
	const store = storeOf(db);
	if (store.engine === 'postgres') return store.close();
	store.checkpointer?.stop();
	store.reader?.$client.close();
	store.writer.$client.close();
	return Promise.resolve();
}

/** The engine behind a handle. */
export function engineOf(db: DB): Engine {
	return storeOf(db).engine;
}

function isBusy(e: unknown): boolean {
	return (e as { code?: string }).code === 'SQLITE_BUSY';
}

// ---- the asynchronous storage seam ----
//
// Commands and queries see one handle (`DB`) and one rule: a change is made inside `transaction`, which
// returns a promise. The SQLite implementation below keeps two connections to the file. The writer runs one
// transaction at a time, under a process-wide lock held from BEGIN IMMEDIATE to COMMIT, so no other request's
// statements interleave while a transaction awaits its own queries. Outside a transaction the handle reads
// from the writer when it is idle and from a second, read-only connection while a transaction is open, so a
// read never sees another request's uncommitted rows. A PostgreSQL implementation would hand out a pooled
// client per transaction behind the same two functions.

/** A FIFO lock: the holder runs alone; the others wait their turn in order. */
export class Lock {
	held = false;
	#queue: (() => void)[] = [];

	acquire(): Promise<void> {
		if (!this.held) {
			this.held = true;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.#queue.push(resolve));
	}

	release(): void {
		const next = this.#queue.shift();
		if (next) next();
		else this.held = false;
	}
}

type Statement = { run(): unknown };

/**
 * The transaction an async context runs in. Work started inside a transaction and still running after it
 * ended (a timer or a poke set while it was open) inherits the context: `open` is then false, and that work
 * is outside any transaction, as if started after it. On PostgreSQL the transaction's client is back in the
 * pool by then, in another request's hands.
 */
type Scope = { tx: DB; open: boolean };

type Store = {
	engine: Engine;
	writer: DB;
	reader: DB | null;
	lock: Lock;
	context: AsyncLocalStorage<Scope>;
	/** BEGIN IMMEDIATE, COMMIT and ROLLBACK on the writer, prepared once (SQLite). */
	begin: Statement | null;
	commit: Statement | null;
	rollback: Statement | null;
	checkpointer: Checkpointer | null;
	/** PostgreSQL: runs `fn` in one transaction on a pooled client, after taking the write lock. */
	pgTransaction: (<T>(fn: (tx: DB) => Promise<T>) => Promise<T>) | null;
	close: () => Promise<void>;
};

/** The storage engine behind a handle. */
export type Engine = 'sqlite' | 'postgres';

// Symbol.for: the bundled SvelteKit handler and the entry (server/index.ts) load two copies of this module.
const STORE = Symbol.for('parity.store');

export function storeOf(db: DB): Store {
	const store = (db as unknown as Record<symbol, Store | undefined>)[STORE];
	if (!store) throw new Error('not a Parity database handle (open it with openDatabase)');
	return store;
}

/**
 * Wraps a writer connection in the handle the rest of the code uses. Inside a transaction the handle is the
 * writer; outside, the writer when no transaction is open and the read-only connection while one is.
 */
function wrap(writer: DB, reader: DB | null, checkpointer: Checkpointer | null = null): DB {
	return wrapStore({
		engine: 'sqlite',
		writer,
		reader,
		checkpointer,
		lock: new Lock(),
		context: new AsyncLocalStorage(),
		begin: writer.$client.prepare('BEGIN IMMEDIATE'),
		commit: writer.$client.prepare('COMMIT'),
		rollback: writer.$client.prepare('ROLLBACK'),
		pgTransaction: null,
		close: async () => {
			await checkpointer?.close();
			reader?.$client.close();
			writer.$client.close();
		}
	});
}

/** The handle over a store (either engine). */
export function wrapStore(store: Store): DB {
	const { writer } = store;
	const current = (): DB => {
		const tx = openTransaction(store);
		if (tx) return tx;
		return store.lock.held && store.reader ? store.reader : writer;
	};
	const handle: DB = new Proxy(writer, {
		get(_target, key) {
			if (key === STORE) return store;
			// A single write outside a transaction runs as a transaction of its own, in turn with the others.
			if (WRITES.has(key) && store.engine === 'sqlite' && !openTransaction(store))
				return (...args: unknown[]) =>
					inTurn(handle, (writer[key as 'insert'] as (...a: unknown[]) => object).apply(writer, args));
			const target = current() as unknown as Record<string | symbol, unknown>;
			const value = target[key];
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		}
	});
	return handle;
}

const WRITES: ReadonlySet<string | symbol> = new Set(['insert', 'update', 'delete']);

/**
 * A query builder whose execution waits for the lock: building it (`.values()`, `.where()` …) is unchanged,
 * and awaiting it runs the statement inside `transaction`.
 */
function inTurn(handle: DB, builder: object): object {
	const proxy: object = new Proxy(builder, {
		get(target, key) {
			if (key === 'then')
				return (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) =>
					transaction(handle, async () => await (target as PromiseLike<unknown>)).then(resolve, reject);
			const value = Reflect.get(target, key, target) as unknown;
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => {
				const result = (value as (...a: unknown[]) => unknown).apply(target, args);
				return result === target ? proxy : result;
			};
		}
	});
	return proxy;
}

/**
 * Runs `fn` in one BEGIN IMMEDIATE transaction on the writer, under the process-wide lock, and commits when
 * the promise it returns resolves (rolls back when it rejects). Another process holding SQLite's write lock
 * is waited for, a few times, as before. A transaction started inside another joins it.
 */
export async function transaction<T>(fn: (tx: DB) => Promise<T>): Promise<T>;
export async function transaction<T>(db: DB, fn: (tx: DB) => Promise<T>): Promise<T>;
export async function transaction<T>(
	a: DB | ((tx: DB) => Promise<T>),
	b?: (tx: DB) => Promise<T>
): Promise<T> {
	const db = typeof a === 'function' ? getDb() : a;
	const fn = (typeof a === 'function' ? a : b)!;
	const store = storeOf(db);
	// The callback gets the handle itself: inside the transaction's async context it is the writer, and it
	// stays a Parity handle (for nested transactions and adapters such as the collaboration store).
	if (openTransaction(store)) return fn(db);
	await store.lock.acquire();
	if (store.pgTransaction) {
		try {
			return await store.pgTransaction((tx) => inScope(store, tx, () => fn(db)));
		} finally {
			store.lock.release();
		}
	}
	const client = store.writer.$client;
	try {
		for (let attempt = 0; ; attempt++) {
			try {
				store.begin!.run();
				break;
			} catch (e) {
				if (isBusy(e) && attempt < 50) {
					await new Promise((r) => setTimeout(r, 5 + attempt * 5));
					continue;
				}
				throw e;
			}
		}
		let result: T;
		try {
			result = await inScope(store, store.writer, () => fn(db));
		} catch (e) {
			if (client.inTransaction) store.rollback!.run();
			throw e;
		}
		store.commit!.run();
		return result;
	} finally {
		store.lock.release();
	}
}

/**
 * Runs `fn` on the writer connection, under the process-wide lock but outside any transaction: for statements
 * that manage the file rather than its rows (`PRAGMA incremental_vacuum`, `wal_checkpoint`), which commit on
 * their own or cannot run inside a transaction. `fn` is synchronous, so no other request runs meanwhile.
 */
export async function withWriter<T>(db: DB, fn: (client: DB['$client']) => T): Promise<T> {
	const store = storeOf(db);
	if (openTransaction(store)) throw new Error('withWriter cannot run inside a transaction');
	await store.lock.acquire();
	try {
		return fn(store.writer.$client);
	} finally {
		store.lock.release();
	}
}

/** Whether the caller runs inside `transaction` (for code that must only run there). */
export function inTransaction(db: DB): boolean {
	return openTransaction(storeOf(db)) !== undefined;
}

/** The connection of the transaction the caller runs in, while that transaction is open. */
function openTransaction(store: Store): DB | undefined {
	const scope = store.context.getStore();
	return scope?.open ? scope.tx : undefined;
}

/** Runs `fn` as the body of a transaction on `tx`; once it settles, work it left behind is outside it. */
async function inScope<T>(store: Store, tx: DB, fn: () => Promise<T>): Promise<T> {
	const scope: Scope = { tx, open: true };
	try {
		return await store.context.run(scope, fn);
	} finally {
		scope.open = false;
	}
}

/**
 * Runs `fn` outside any transaction's context: for background work poked from inside a transaction (the mail
 * worker, the scheduler), which must neither join that transaction nor outlive it on its connection.
 */
export function detached<T>(db: DB, fn: () => T): T {
	return storeOf(db).context.exit(fn);
}

/** The read-only connection (the writer for an in-memory database), for adapters with their own statements. */
export function readConnection(db: DB): DB {
	const store = storeOf(db);
	return store.reader ?? store.writer;
}

/** The writer connection, for adapters with their own statements (use them only inside `transaction`). */
export function writeConnection(db: DB): DB {
	return storeOf(db).writer;
}

/** The first row of a query's result, or undefined. */
export function one<T>(rows: T[]): T | undefined {
	return rows[0];
}

/** The first row of a query that returns at least one (an insert or update with `returning`). */
export function first<T>(rows: T[]): T {
	if (rows.length === 0) throw new Error('the statement returned no row');
	return rows[0];
}

/** How many rows an insert, update or delete changed, on either engine. */
export function affected(result: unknown): number {
	const r = result as { changes?: number; rowCount?: number | null };
	return r.changes ?? r.rowCount ?? 0;
}
