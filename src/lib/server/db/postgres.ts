// The PostgreSQL implementation of the storage seam (DATABASE_URL=postgres://…). The same handle and the same
// `transaction` as on SQLite, so no command knows which engine it runs on:
// - queries are written once, against the tables of schema/*.ts; Drizzle's PostgreSQL dialect renders them
//   (the columns' own encoders turn flags into 1/0, which PostgreSQL reads as booleans, and back);
// - every transaction takes one advisory lock for its length (`pg_advisory_xact_lock`), so write transactions
//   run one at a time across every process, as BEGIN IMMEDIATE makes them on SQLite. Within a process they
//   queue on the same FIFO lock first, so one process holds one pooled client at a time for writing;
// - reads outside a transaction take any pooled client and see only committed rows;
// - `bigint` arrives as a JavaScript number (times in milliseconds and counts, all far below 2^53).
// The tables and their migrations (drizzle-pg/) are derived from the SQLite description (schema-pg.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';
import { Lock, wrapStore, type DB } from './index.ts';

// int8 (bigint, count(*)) as a number; numeric (sum) as a number too.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** The advisory lock every write transaction holds (one 64-bit key, the same in every process). */
export const WRITE_LOCK = 0x5041524954590001n;
/** The advisory lock held while migrations run, so that processes starting together migrate once. */
const MIGRATE_LOCK = 0x5041524954590002n;

export function isPostgresUrl(url: string): boolean {
	return /^postgres(ql)?:\/\//.test(url);
}

type Tx = Parameters<Parameters<ReturnType<typeof drizzle>['transaction']>[0]>[0];

/** Opens a pool on `url` (connections are made when first used). */
export function openPostgres(url: string, options: { max?: number } = {}): DB {
	const pool = new pg.Pool({
		connectionString: url,
		max: options.max ?? 10,
		// A server gone away is noticed by the pool; the error of an idle client is not the process's end.
		idleTimeoutMillis: 30_000
	});
	pool.on('error', (e) => console.error('Parity: PostgreSQL client error:', e.message));
	let ended: Promise<void> | undefined;
	const db = drizzle(pool, { schema });
	const writer = db as unknown as DB;
	return wrapStore({
		engine: 'postgres',
		writer,
		reader: null,
		checkpointer: null,
		lock: new Lock(),
		context: new AsyncLocalStorage(),
		begin: null,
		commit: null,
		rollback: null,
		pgTransaction: (fn) =>
			db.transaction(async (tx: Tx) => {
				await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK})`);
				return fn(tx as unknown as DB);
			}),
		// Closing twice is harmless, as it is for a SQLite connection.
		close: () => (ended ??= pool.end())
	});
}

/** The pool behind a PostgreSQL handle, for adapters with their own statements. */
export function poolOf(db: DB): pg.Pool {
	return (db as unknown as { $client: pg.Pool }).$client;
}

/** Applies drizzle-pg/'s migrations, once across processes starting together. */
export async function migratePostgres(db: DB, migrationsFolder: string): Promise<void> {
	const client = await poolOf(db).connect();
	try {
		await client.query('select pg_advisory_lock($1)', [MIGRATE_LOCK.toString()]);
		try {
			await migrate(drizzle(client, { schema }), { migrationsFolder });
		} finally {
			await client.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK.toString()]);
		}
	} finally {
		client.release();
	}
}
