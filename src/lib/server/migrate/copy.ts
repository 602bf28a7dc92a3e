// Copies an installation from its SQLite file into an empty PostgreSQL database (`npm run admin --
// migrate-to-postgres`, docs/operations.md "Moving to PostgreSQL"). The file is opened read-only under the
// server's lease, so no Parity server writes to it meanwhile (nor starts on it); the target is opened with
// openStorage (its migrations applied) under its own server lease, and must hold no row. Every table is copied,
// parents first, in batches, inside ONE PostgreSQL transaction; the checks of checks.ts run inside it too, so a
// copy that fails anywhere, or that does not check out, leaves the target as empty as it was.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { closeDatabase, databasePath, openStorage } from '../db/index.ts';
import { poolOf } from '../db/postgres.ts';
import { LeaseTaken, takeLease, takePostgresLease } from '../db/lease.ts';
import { quote, tablesInOrder, type ColumnInfo, type TableInfo } from './tables.ts';
import { runChecks, type CheckSummary } from './checks.ts';

/** Nothing was written: the source or the target cannot be used as they are (exit code 2). */
export class MigrationRefused extends Error {}

/**
 * The copy failed, or did not check out: the transaction was rolled back and the target holds nothing
 * (exit code 1).
 */
export class MigrationCheckFailed extends Error {}

export type TableCopy = { name: string; rows: number; bytes: number };

export type MigrationReport = {
	tables: TableCopy[];
	rows: number;
	/** Bytes of the values copied (text as UTF-8, blobs as stored, 8 a number, 1 a flag). */
	bytes: number;
	/** Of which in blobs: documents' update logs and snapshots, versions' states, receipts. */
	blobBytes: number;
	checks: CheckSummary;
	ms: number;
};

/** Rows a batch holds at most, and the parameters and bytes it may carry. */
const BATCH_ROWS = 500;
const BATCH_PARAMS = 30_000;
const BATCH_BYTES = 8 * 1024 * 1024;

/** A URL with its password hidden, to print. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return url;
	}
}

/** How many migrations a migrations folder holds (its journal). */
function journalLength(folder: string): number {
	const journal = JSON.parse(readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as {
		entries: unknown[];
	};
	return journal.entries.length;
}

/** Opens the SQLite file read-only, under the server lease, and checks that it is at this version's schema. */
function openSource(from: string, migrationsFolder: string): Database.Database {
	const file = databasePath(from);
	let source: Database.Database;
	try {
		source = new Database(file, { readonly: true, fileMustExist: true });
	} catch (e) {
		throw new MigrationRefused(`Cannot open ${file}: ${(e as Error).message}.`);
	}
	try {
		takeLease(file);
	} catch (e) {
		source.close();
		if (e instanceof LeaseTaken)
			throw new MigrationRefused(
				`A Parity server is running on ${file}. Stop it first: the copy must read a database that nothing ` +
					'writes to meanwhile (the server cannot start again until the copy has finished).'
			);
		throw e;
	}
	source.pragma('busy_timeout = 5000');
	const applied = (() => {
		try {
			return source.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number;
		} catch {
			return 0;
		}
	})();
	const known = journalLength(migrationsFolder);
	if (applied !== known) {
		source.close();
		throw new MigrationRefused(
			applied < known
				? `${file} is not at this version of Parity (${applied} of ${known} migrations applied). Start this ` +
						'version of Parity on it once, so that it brings the file up to date, stop it, then copy.'
				: `${file} was written by a newer version of Parity (${applied} migrations, this one knows ${known}). ` +
						'Copy it with that version.'
		);
	}
	return source;
}

/** The tables of the target that hold at least one row. */
async function nonEmptyTables(client: pg.PoolClient, tables: TableInfo[]): Promise<string[]> {
	const found: string[] = [];
	for (const t of tables) {
		const r = await client.query(`SELECT EXISTS (SELECT 1 FROM ${quote(t.name)}) AS "any"`);
		if (r.rows[0].any) found.push(t.name);
	}
	return found;
}

/** A SQLite value as PostgreSQL takes it for the column (integers were read as BigInt, exactly). */
export function toPostgres(column: ColumnInfo, value: unknown): unknown {
	if (value === null || value === undefined) return null;
	switch (column.kind) {
		case 'boolean':
			return Number(value) !== 0;
		case 'integer':
			// As text, so that no integer loses a digit on the way (PostgreSQL parses it as bigint).
			return typeof value === 'bigint' ? value.toString() : value;
		case 'real':
			return Number(value);
		case 'blob':
			return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
		default:
			return typeof value === 'bigint' ? value.toString() : value;
	}
}

/** The bytes of a value, for the report. */
function sizeOf(value: unknown): number {
	if (value === null || value === undefined) return 0;
	if (Buffer.isBuffer(value)) return value.length;
	if (typeof value === 'string') return Buffer.byteLength(value);
	if (typeof value === 'boolean') return 1;
	return 8;
}

/**
 * The rows of a table that refers to itself, ordered so that a row comes after the row it refers to (a row
 * whose reference is not in the table is left for PostgreSQL to refuse, as SQLite should have).
 */
function parentsFirst(table: TableInfo, rows: Record<string, unknown>[]): Record<string, unknown>[] {
	const pending = [...rows];
	const placed = new Map<string, Set<string>>(table.selfReferences.map(([, to]) => [to, new Set()]));
	const present = new Map(
		table.selfReferences.map(([, to]) => [to, new Set(rows.map((r) => String(r[to])))] as const)
	);
	const out: Record<string, unknown>[] = [];
	while (pending.length) {
		const before = pending.length;
		for (let i = 0; i < pending.length;) {
			const row = pending[i];
			const ready = table.selfReferences.every(([from, to]) => {
				const v = row[from];
				return v === null || !present.get(to)!.has(String(v)) || placed.get(to)!.has(String(v));
			});
			if (ready) {
				out.push(row);
				for (const [, to] of table.selfReferences) placed.get(to)!.add(String(row[to]));
				pending.splice(i, 1);
			} else i++;
		}
		if (pending.length === before) return [...out, ...pending];
	}
	return out;
}

/** Copies one table in batches of multi-row inserts; returns its rows and bytes. */
async function copyTable(
	source: Database.Database,
	client: pg.PoolClient,
	table: TableInfo,
	onBlobBytes: (n: number) => void
): Promise<TableCopy> {
	const names = table.columns.map((c) => quote(c.name)).join(', ');
	const select = source
		.prepare(`SELECT ${names} FROM ${quote(table.name)} ORDER BY rowid`)
		.safeIntegers(true);
	const rows: Iterable<Record<string, unknown>> = table.selfReferences.length
		? parentsFirst(table, select.all() as Record<string, unknown>[])
		: (select.iterate() as Iterable<Record<string, unknown>>);
	const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(BATCH_PARAMS / table.columns.length)));
	let batch: unknown[][] = [];
	let batchBytes = 0;
	let count = 0;
	let bytes = 0;
	const flush = async () => {
		if (!batch.length) return;
		const params: unknown[] = [];
		const tuples = batch.map((values) => {
			const slots = values.map((v) => {
				params.push(v);
				return `$${params.length}`;
			});
			return `(${slots.join(', ')})`;
		});
		await client.query(`INSERT INTO ${quote(table.name)} (${names}) VALUES ${tuples.join(', ')}`, params);
		batch = [];
		batchBytes = 0;
	};
	for (const row of rows) {
		const values = table.columns.map((c) => toPostgres(c, row[c.name]));
		const size = values.reduce<number>((n, v) => n + sizeOf(v), 0);
		for (const [i, c] of table.columns.entries()) if (c.kind === 'blob') onBlobBytes(sizeOf(values[i]));
		if (batch.length && (batch.length >= perBatch || batchBytes + size > BATCH_BYTES)) await flush();
		batch.push(values);
		batchBytes += size;
		count++;
		bytes += size;
	}
	await flush();
	return { name: table.name, rows: count, bytes };
}

/**
 * SQLite orders text by its bytes; PostgreSQL by the database's collation. Under any other than C, lists sorted by
 * name (members, partners, organisations) come in another order than they did on SQLite.
 */
async function collationWarning(client: pg.PoolClient): Promise<string | null> {
	// PostgreSQL 15 and later may take the collation from ICU (`datlocprovider` 'i') or its own (17, 'b').
	const r = await client.query('SELECT * FROM pg_database WHERE datname = current_database()');
	const d = (r.rows[0] ?? {}) as Record<string, unknown>;
	const collation = String(
		d.datlocprovider === 'i'
			? (d.datlocale ?? d.daticulocale)
			: d.datlocprovider === 'b'
				? d.datlocale
				: d.datcollate
	);
	if (/^(C|POSIX)(\.|$)/i.test(collation) && d.datlocprovider !== 'i') return null;
	return (
		`the database sorts text under the collation ${collation}, so lists sorted by name come in another order ` +
		'than on SQLite (case and accents). For the same order, create the database with ' +
		'`createdb --template=template0 --lc-collate=C …` (docs/operations.md).'
	);
}

/** Sets each bigserial's sequence past the highest id copied, so the next insert takes a new one. */
async function resetSequences(client: pg.PoolClient, tables: TableInfo[]): Promise<void> {
	for (const t of tables)
		for (const c of t.columns.filter((c) => c.serial))
			await client.query(
				`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c.name)}) FROM ${quote(t.name)}), 0) + 1, false)`,
				[quote(t.name), c.name]
			);
}

/**
 * Copies the SQLite database `from` (a path or file: URL) into the PostgreSQL database `to`, checks the copy
 * and commits it. Throws MigrationRefused before writing anything, MigrationCheckFailed after rolling back.
 * `progress` hears one line per table.
 */
export async function migrateToPostgres(options: {
	from: string;
	to: string;
	/** The SQLite migrations folder (drizzle/); drizzle-pg/ is beside it. */
	migrationsFolder: string;
	progress?: (line: string) => void;
}): Promise<MigrationReport> {
	const started = performance.now();
	const source = openSource(options.from, options.migrationsFolder);
	const tables = tablesInOrder();
	try {
		try {
			await takePostgresLease(options.to, false);
		} catch (e) {
			if (e instanceof LeaseTaken)
				throw new MigrationRefused(
					`A Parity server is running on ${redactUrl(options.to)}. The copy goes into an empty database that ` +
						'no server uses yet: stop it, or give a new database.'
				);
			throw e;
		}
		const target = await openStorage({ url: options.to, migrationsFolder: options.migrationsFolder });
		const client = await poolOf(target).connect();
		try {
			const full = await nonEmptyTables(client, tables);
			if (full.length)
				throw new MigrationRefused(
					`${redactUrl(options.to)} is not empty (rows in ${full.slice(0, 5).join(', ')}` +
						`${full.length > 5 ? ` and ${full.length - 5} more tables` : ''}). The copy goes into an empty ` +
						'database only, so that nothing is mixed or overwritten: give a new database.'
				);
			// One read transaction on the file, so every table is read as of the same moment.
			source.exec('BEGIN');
			await client.query('BEGIN');
			try {
				const copied: TableCopy[] = [];
				let blobBytes = 0;
				for (const t of tables) {
					const done = await copyTable(source, client, t, (n) => (blobBytes += n));
					copied.push(done);
					if (done.rows) options.progress?.(`copied ${t.name}: ${done.rows} rows, ${amount(done.bytes)}`);
				}
				await resetSequences(client, tables);
				const checks = await runChecks(source, client, tables, (m) => options.progress?.(m));
				if (checks.failures.length)
					throw new MigrationCheckFailed(
						`The copy does not check out, so nothing was kept in ${redactUrl(options.to)}:\n` +
							checks.failures.map((f) => `  - ${f}`).join('\n')
					);
				const order = await collationWarning(client);
				if (order) checks.warnings.push(order);
				await client.query('COMMIT');
				return {
					tables: copied,
					rows: copied.reduce((n, t) => n + t.rows, 0),
					bytes: copied.reduce((n, t) => n + t.bytes, 0),
					blobBytes,
					checks,
					ms: performance.now() - started
				};
			} catch (e) {
				await client.query('ROLLBACK').catch(() => {});
				if (e instanceof MigrationCheckFailed) throw e;
				throw new MigrationCheckFailed(
					`The copy failed, so nothing was kept in ${redactUrl(options.to)}: ${(e as Error).message}`,
					{ cause: e }
				);
			} finally {
				source.exec('COMMIT');
			}
		} finally {
			client.release();
			await closeDatabase(target);
		}
	} finally {
		source.close();
	}
}

/** Bytes in kB or MB, to read. */
function amount(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The report the command prints: what was copied, what was checked, and how long it took. */
export function describeMigration(report: MigrationReport, from: string, to: string): string {
	const c = report.checks;
	const filled = report.tables.filter((t) => t.rows > 0);
	const lines = [
		`Copied ${databasePath(from)} to ${redactUrl(to)} in ${(report.ms / 1000).toFixed(1)} s:`,
		`  ${report.tables.length} tables (${filled.length} with rows), ${report.rows} rows, ${amount(report.bytes)}` +
			` (of which ${amount(report.blobBytes)} in documents' logs and snapshots, versions and receipts).`,
		'Checked on PostgreSQL before committing:',
		`  rows and content of every table (${c.tables}), ${c.registers} register chains (${c.entries} entries), ` +
			`the Yjs state of ${c.documents} documents, ${c.receipts} receipts (${amount(c.receiptBytes)}) byte for byte.`,
		...c.warnings.map((w) => `  warning: ${w}`),
		'Start Parity with DATABASE_URL set to the PostgreSQL URL; keep the SQLite file as it is, as a backup.'
	];
	return lines.join('\n');
}
