// The PostgreSQL tables, derived from the one description in schema/*.ts (sqlite-core). Every table, column,
// key, index and foreign key there has its counterpart here, with PostgreSQL's types: INTEGER columns that hold
// times or counts become `bigint` (numbers in JavaScript), flags `boolean`, blobs `bytea`, REAL `double
// precision`, and an INTEGER PRIMARY KEY (SQLite's row id) a `bigserial`. Queries are written once against the
// SQLite tables and run on either engine (db/postgres.ts); these objects exist for drizzle-kit, which writes
// drizzle-pg/ from them, and for the test that compares both engines' catalogues. See docs/operations.md.
import { getTableColumns, is, SQL, sql, type Column } from 'drizzle-orm';
import {
	bigint,
	bigserial,
	boolean,
	customType,
	doublePrecision,
	foreignKey,
	index,
	pgTable,
	primaryKey,
	text,
	unique,
	uniqueIndex,
	type AnyPgColumn,
	type PgColumnBuilderBase,
	type PgTableWithColumns
} from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as sqlite from './schema/index.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** SQLite's `(unixepoch() * 1000)` default, in PostgreSQL's words. */
const NOW_MS = sql`(floor(extract(epoch from now()) * 1000))::bigint`;

function defaultOf(column: AnySQLiteColumn): unknown {
	const value = column.default;
	if (is(value, SQL)) {
		const text = value.queryChunks.map((c) => (c as { value?: string[] }).value?.join('') ?? '').join('');
		if (/unixepoch\(\)\s*\*\s*1000/.test(text)) return NOW_MS;
		throw new Error(`no PostgreSQL form for the default of ${column.name}: ${text}`);
	}
	// JSON columns keep their default as written (the text a row holds).
	return value;
}

function columnFor(column: AnySQLiteColumn): PgColumnBuilderBase {
	let b;
	switch (column.columnType) {
		case 'SQLiteText':
		case 'SQLiteTextJson':
			b = text(column.name);
			break;
		case 'SQLiteBoolean':
			b = boolean(column.name);
			break;
		case 'SQLiteInteger':
			b = column.primary
				? bigserial(column.name, { mode: 'number' })
				: bigint(column.name, { mode: 'number' });
			break;
		case 'SQLiteBlobBuffer':
			b = bytea(column.name);
			break;
		case 'SQLiteReal':
			b = doublePrecision(column.name);
			break;
		default:
			throw new Error(`no PostgreSQL type for ${column.columnType} (${column.name})`);
	}
	if (column.primary) b = b.primaryKey();
	if (column.notNull && !column.primary) b = b.notNull();
	if (column.hasDefault && column.default !== undefined) b = b.default(defaultOf(column) as never);
	if (column.isUnique) b = b.unique(column.uniqueName);
	return b;
}

type PgTable = PgTableWithColumns<never>;
const tables = new Map<string, PgTable>();

function pgColumn(sqliteColumn: AnySQLiteColumn): AnyPgColumn {
	const table = tables.get(getTableConfig(sqliteColumn.table).name);
	if (!table) throw new Error(`no PostgreSQL table for ${sqliteColumn.table}`);
	const key = Object.entries(getTableColumns(sqliteColumn.table)).find(([, c]) => c === sqliteColumn)![0];
	return (table as unknown as Record<string, AnyPgColumn>)[key];
}

function derive(source: SQLiteTable): PgTable {
	const config = getTableConfig(source);
	const columns = Object.fromEntries(
		Object.entries(getTableColumns(source)).map(([key, c]) => [key, columnFor(c as AnySQLiteColumn)])
	);
	const table = pgTable(config.name, columns, (t) => {
		const own = (c: Column) => {
			const key = Object.entries(getTableColumns(source)).find(([, s]) => s === c)![0];
			return (t as Record<string, AnyPgColumn>)[key];
		};
		const extra = [];
		for (const pk of config.primaryKeys)
			extra.push(primaryKey({ name: pk.getName(), columns: pk.columns.map(own) as [AnyPgColumn] }));
		for (const i of config.indexes) {
			const cols = i.config.columns.map((c) => own(c as Column)) as [AnyPgColumn];
			extra.push((i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name)).on(...cols));
		}
		for (const u of config.uniqueConstraints)
			extra.push(unique(u.name).on(...(u.columns.map(own) as [AnyPgColumn])));
		for (const fk of config.foreignKeys) {
			const ref = fk.reference();
			let f = foreignKey({
				name: fk.getName(),
				columns: ref.columns.map(own) as [AnyPgColumn],
				foreignColumns: ref.foreignColumns.map((c) => pgColumn(c as AnySQLiteColumn)) as [AnyPgColumn]
			});
			if (fk.onDelete) f = f.onDelete(fk.onDelete);
			if (fk.onUpdate) f = f.onUpdate(fk.onUpdate);
			extra.push(f);
		}
		return extra;
	}) as unknown as PgTable;
	tables.set(config.name, table);
	return table;
}

/** The PostgreSQL counterpart of every table in schema/*.ts, under the same export name. */
export const pgSchema: Record<string, PgTable> = Object.fromEntries(
	Object.entries(sqlite)
		.filter(([, value]) => is(value, SQLiteTable))
		.map(([name, value]) => [name, derive(value as SQLiteTable)])
);
