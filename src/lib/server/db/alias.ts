// A second copy of a table in one query (users as the person who added a member, say). Drizzle's `alias()` of a
// SQLite table is rendered by the PostgreSQL dialect without the table it stands for (`left join "adder"`),
// so a query joining one runs on SQLite only. A subquery over the columns the query needs reads the same on
// both engines (`left join (select "id", "name" from "users") "adder"`), and both plan it as the table itself.
import { QueryBuilder, type SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** `columns` of one table, under `name`: join it and read its columns as `name.column`. */
export function tableAs<T extends Record<string, SQLiteColumn>>(name: string, columns: T) {
	const table = Object.values(columns)[0].table;
	return new QueryBuilder().select(columns).from(table).as(name);
}
