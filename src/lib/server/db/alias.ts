import { sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * A table under another name (to join it twice), on either engine: `table` gives its columns
 * (`"member_org"."name"`) and `join` is what a query joins (`"organisations" "member_org"`). Drizzle's
 * PostgreSQL dialect renders a SQLite alias by its name alone, so queries join `join`, never the alias itself,
 * and select its columns inside `sql` (a plain column of a table joined this way is refused as not joined).
 */
export function tableAlias<T extends SQLiteTable, N extends string>(
	table: T,
	name: N
): { table: ReturnType<typeof alias<T, N>>; join: SQL } {
	return { table: alias(table, name), join: sql`${table} ${sql.identifier(name)}` };
}
