// Both engines' migrations build the same database: after drizzle/ on SQLite and drizzle-pg/ on PostgreSQL,
// the two catalogues list the same tables, columns (with matching types and NOT NULL), primary keys, unique
// keys, foreign keys (with their ON DELETE) and indexes. A change to the schema generated for one engine only
// fails here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, openStorage } from '../../src/lib/server/db/index.ts';
import { newPostgresDatabase, ROOT } from '../fixtures/server.ts';

type Column = { type: string; notNull: boolean };
type Table = {
	columns: Record<string, Column>;
	primaryKey: string[];
	unique: string[];
	foreignKeys: string[];
	indexes: string[];
};
type Catalogue = Record<string, Table>;

/** The PostgreSQL types each SQLite declared type may become (schema-pg.ts). */
const TYPES: Record<string, string[]> = {
	text: ['text'],
	integer: ['bigint', 'boolean'],
	blob: ['bytea'],
	real: ['double precision']
};

function sqliteCatalogue(file: string): Catalogue {
	const db = openDatabase({ url: `file:${file}`, migrationsFolder: path.join(ROOT, 'drizzle') });
	const c = db.$client;
	const out: Catalogue = {};
	const names = c
		.prepare(
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'"
		)
		.pluck()
		.all() as string[];
	for (const name of names) {
		const info = c.prepare(`PRAGMA table_info("${name}")`).all() as {
			name: string;
			type: string;
			notnull: number;
			pk: number;
		}[];
		const table: Table = { columns: {}, primaryKey: [], unique: [], foreignKeys: [], indexes: [] };
		for (const col of info)
			table.columns[col.name] = { type: col.type.toLowerCase(), notNull: col.notnull === 1 || col.pk > 0 };
		table.primaryKey = info
			.filter((col) => col.pk > 0)
			.sort((a, b) => a.pk - b.pk)
			.map((col) => col.name);
		const fks = c.prepare(`PRAGMA foreign_key_list("${name}")`).all() as {
			id: number;
			table: string;
			from: string;
			to: string;
			on_delete: string;
		}[];
		const byId = new Map<number, typeof fks>();
		for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
		table.foreignKeys = [...byId.values()]
			.map(
				(parts) =>
					`(${parts.map((p) => p.from).join(',')}) -> ${parts[0].table}(${parts.map((p) => p.to).join(',')}) ` +
					`on delete ${parts[0].on_delete.toLowerCase()}`
			)
			.sort();
		const indexes = c.prepare(`PRAGMA index_list("${name}")`).all() as {
			name: string;
			unique: number;
			origin: string;
		}[];
		for (const index of indexes) {
			if (index.origin === 'pk') continue;
			const cols = (c.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[])
				.map((i) => i.name)
				.join(',');
			if (index.unique) table.unique.push(cols);
			else table.indexes.push(cols);
		}
		table.unique.sort();
		table.indexes.sort();
		out[name] = table;
	}
	void closeDatabase(db);
	return out;
}

async function postgresCatalogue(url: string): Promise<Catalogue> {
	await closeDatabase(await openStorage({ url, migrationsFolder: path.join(ROOT, 'drizzle') }));
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const q = async <T>(text: string) => (await client.query(text)).rows as T[];
		const out: Catalogue = {};
		const columns = await q<{
			table_name: string;
			column_name: string;
			data_type: string;
			is_nullable: string;
		}>(
			"SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
		);
		for (const col of columns) {
			out[col.table_name] ??= { columns: {}, primaryKey: [], unique: [], foreignKeys: [], indexes: [] };
			out[col.table_name].columns[col.column_name] = {
				type: col.data_type,
				notNull: col.is_nullable === 'NO'
			};
		}
		// Keys and indexes, from the indexes that back them (one query for all: pg_index).
		const indexes = await q<{ table: string; primary: boolean; unique: boolean; cols: string[] }>(`
			SELECT t.relname AS table, i.indisprimary AS primary, i.indisunique AS unique,
				array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
					JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o) AS cols
			FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
			WHERE s.nspname = 'public'`);
		for (const index of indexes) {
			const table = out[index.table];
			if (!table) continue;
			if (index.primary) table.primaryKey = index.cols;
			else if (index.unique) table.unique.push(index.cols.join(','));
			else table.indexes.push(index.cols.join(','));
		}
		const fks = await q<{ table: string; cols: string[]; ref: string; refcols: string[]; del: string }>(`
			SELECT t.relname AS table, r.relname AS ref, c.confdeltype AS del,
				array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
					JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
				array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
					JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS refcols
			FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
			JOIN pg_namespace s ON s.oid = t.relnamespace WHERE c.contype = 'f' AND s.nspname = 'public'`);
		const actions: Record<string, string> = {
			a: 'no action',
			r: 'restrict',
			c: 'cascade',
			n: 'set null',
			d: 'set default'
		};
		for (const fk of fks)
			out[fk.table]?.foreignKeys.push(
				`(${fk.cols.join(',')}) -> ${fk.ref}(${fk.refcols.join(',')}) on delete ${actions[fk.del]}`
			);
		delete out.__drizzle_migrations;
		for (const table of Object.values(out)) {
			table.unique.sort();
			table.indexes.sort();
			table.foreignKeys.sort();
		}
		return out;
	} finally {
		await client.end();
	}
}

describe.skipIf(!process.env.PARITY_TEST_POSTGRES)('the two engines', () => {
	let dir: string;
	let sqlite: Catalogue;
	let postgres: Catalogue;

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'parity-engines-'));
		sqlite = sqliteCatalogue(path.join(dir, 'parity.db'));
		postgres = await postgresCatalogue(await newPostgresDatabase());
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('have the same tables', () => {
		expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
		const count = (c: Catalogue, key: 'foreignKeys' | 'unique' | 'indexes') =>
			Object.values(c).reduce((n, t) => n + t[key].length, 0);
		expect(Object.keys(sqlite).length).toBeGreaterThan(50);
		expect(count(sqlite, 'foreignKeys')).toBeGreaterThan(50);
		expect(count(sqlite, 'indexes')).toBeGreaterThan(30);
		expect(count(sqlite, 'unique')).toBeGreaterThan(10);
	});

	it('have the same columns, with matching types and NOT NULL', () => {
		for (const [name, table] of Object.entries(sqlite)) {
			const other = postgres[name].columns;
			expect(Object.keys(other).sort(), name).toEqual(Object.keys(table.columns).sort());
			for (const [column, { type, notNull }] of Object.entries(table.columns)) {
				expect(TYPES[type], `${name}.${column}: ${type}`).toContain(other[column].type);
				expect(other[column].notNull, `${name}.${column} NOT NULL`).toBe(notNull);
			}
		}
	});

	it('have the same primary, unique and foreign keys and indexes', () => {
		for (const [name, table] of Object.entries(sqlite)) {
			const { columns: _a, ...keys } = table;
			const { columns: _b, ...others } = postgres[name];
			expect(others, name).toEqual(keys);
		}
	});

	it('store times as bigint on PostgreSQL', () => {
		for (const [name, table] of Object.entries(postgres))
			for (const [column, { type }] of Object.entries(table.columns))
				if (column.endsWith('_at')) expect(type, `${name}.${column}`).toBe('bigint');
	});
});
