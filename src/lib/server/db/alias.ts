// A second reference to a table in one query (`leftJoin(recorder, eq(recorder.id, …))`). Queries are built
// against the SQLite tables and run on either engine, and PostgreSQL's dialect prints a join on a sqlite-core
// `alias` without its table (`join "recorder"`). So the second reference is a subquery over the whole table,
// `(select … from "users") "recorder"`, which either dialect prints and either engine's planner flattens.
import { QueryBuilder, type SQLiteTable } from 'drizzle-orm/sqlite-core';

const builder = new QueryBuilder();

/** The table under another name, with every column, for joins and selections as `alias(table, name)`. */
export function alias<T extends SQLiteTable, N extends string>(table: T, name: N) {
	return builder.select().from(table).as(name);
}
