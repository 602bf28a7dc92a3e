// The tables an installation holds, read from the one description in db/schema/*.ts: their columns with the
// kind of value each holds, and an order in which every table comes after the tables it refers to, so that
// rows can be copied into PostgreSQL (whose foreign keys are checked at once) parents first.
import { getTableColumns, is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/schema/index.ts';

/** What a column holds, as far as copying and comparing it goes. */
export type ColumnKind = 'text' | 'boolean' | 'integer' | 'real' | 'blob';

export type ColumnInfo = {
	name: string;
	kind: ColumnKind;
	/** An INTEGER PRIMARY KEY: a `bigserial` on PostgreSQL, whose sequence must follow the copied ids. */
	serial: boolean;
};

export type TableInfo = {
	name: string;
	columns: ColumnInfo[];
	/** Tables this one refers to (itself excluded). */
	parents: string[];
	/** Foreign keys from this table to itself: [column, referenced column]. */
	selfReferences: [string, string][];
};

function kindOf(column: AnySQLiteColumn): ColumnKind {
	switch (column.columnType) {
		case 'SQLiteText':
		case 'SQLiteTextJson':
			return 'text';
		case 'SQLiteBoolean':
			return 'boolean';
		case 'SQLiteInteger':
		case 'SQLiteTimestamp':
			return 'integer';
		case 'SQLiteReal':
			return 'real';
		case 'SQLiteBlobBuffer':
			return 'blob';
		default:
			throw new Error(`no copy rule for ${column.columnType} (${column.name})`);
	}
}

function describe(table: SQLiteTable): TableInfo {
	const config = getTableConfig(table);
	const parents = new Set<string>();
	const selfReferences: [string, string][] = [];
	for (const fk of config.foreignKeys) {
		const ref = fk.reference();
		const target = getTableConfig(ref.foreignTable).name;
		if (target === config.name)
			ref.columns.forEach((c, i) => selfReferences.push([c.name, ref.foreignColumns[i].name]));
		else parents.add(target);
	}
	return {
		name: config.name,
		columns: Object.values(getTableColumns(table)).map((c) => {
			const column = c as AnySQLiteColumn;
			const kind = kindOf(column);
			return { name: column.name, kind, serial: kind === 'integer' && column.primary };
		}),
		parents: [...parents],
		selfReferences
	};
}

/**
 * Every table of the schema, parents before the tables that refer to them (ties in the order schema/index.ts
 * exports them). Throws on a cycle between tables, which no copy order could satisfy.
 */
export function tablesInOrder(): TableInfo[] {
	const all = Object.values(schema)
		.filter((value) => is(value, SQLiteTable))
		.map((t) => describe(t as SQLiteTable));
	const done = new Set<string>();
	const ordered: TableInfo[] = [];
	while (ordered.length < all.length) {
		const next = all.find((t) => !done.has(t.name) && t.parents.every((p) => done.has(p)));
		if (!next) {
			const left = all.filter((t) => !done.has(t.name)).map((t) => t.name);
			throw new Error(`the tables ${left.join(', ')} refer to each other in a cycle`);
		}
		done.add(next.name);
		ordered.push(next);
	}
	return ordered;
}

/** A table's name or column name, quoted for SQL on either engine. */
export function quote(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}
