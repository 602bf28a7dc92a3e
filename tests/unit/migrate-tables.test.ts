// The copy order of `npm run admin -- migrate-to-postgres`, read from the schema: every table once, each after
// the tables it refers to, and the columns whose PostgreSQL sequence must follow the copied ids.
import { describe, expect, it } from 'vitest';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { is } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema/index.ts';
import { tablesInOrder } from '../../src/lib/server/migrate/tables.ts';

describe('tablesInOrder', () => {
	const ordered = tablesInOrder();
	const names = ordered.map((t) => t.name);

	it('lists every table of the schema once', () => {
		const all = Object.values(schema)
			.filter((v) => is(v, SQLiteTable))
			.map((t) => getTableConfig(t as SQLiteTable).name);
		expect([...names].sort()).toEqual([...new Set(all)].sort());
	});

	it('puts every table after the tables it refers to', () => {
		for (const [i, t] of ordered.entries())
			for (const parent of t.parents) expect(names.indexOf(parent), `${t.name} → ${parent}`).toBeLessThan(i);
		expect(names.indexOf('users')).toBeLessThan(names.indexOf('workspaces'));
		expect(names.indexOf('documents')).toBeLessThan(names.indexOf('collab_updates'));
	});

	it('knows the kinds of values and the serial ids', () => {
		const updates = ordered.find((t) => t.name === 'collab_updates')!;
		expect(updates.columns.find((c) => c.name === 'id')).toEqual({
			name: 'id',
			kind: 'integer',
			serial: true
		});
		expect(updates.columns.find((c) => c.name === 'data')?.kind).toBe('blob');
		expect(updates.columns.find((c) => c.name === 'changes_content')?.kind).toBe('boolean');
		const serials = ordered.flatMap((t) =>
			t.columns.filter((c) => c.serial).map((c) => `${t.name}.${c.name}`)
		);
		expect(serials).toEqual(['collab_updates.id']);
	});
});
