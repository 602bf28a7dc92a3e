import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { documents } from './documents.ts';
import { workspaceId } from './columns.ts';

/**
 * A workspace's drafting-check settings, one row per check a facilitator changed: turned off (with the reason,
 * shown to members) or its number set (SV1 minimum weighting, PR6 maximum payment days, PR4 minimum standstill).
 */
export const checkSettings = sqliteTable(
	'check_settings',
	{
		workspaceId: workspaceId(),
		checkId: text('check_id').notNull(),
		off: integer('off', { mode: 'boolean' }).notNull().default(false),
		reason: text('reason'),
		value: real('value'),
		updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.checkId] })]
);

/**
 * A finding dismissed with a reason, by its key (the check and the fingerprint of its passage or section): it
 * holds while that text is unchanged. Who dismissed it is kept for members, never published.
 */
export const checkDismissals = sqliteTable(
	'check_dismissals',
	{
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		checkId: text('check_id').notNull(),
		reason: text('reason').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.documentId, t.key] }), index('check_dismissals_doc_idx').on(t.documentId)]
);

/**
 * The check families a facilitator picked for a document of kind `other` (none apply to such a document
 * otherwise). Documents of the other kinds take their kind's families.
 */
export const documentCheckSets = sqliteTable('document_check_sets', {
	documentId: text('document_id')
		.primaryKey()
		.references(() => documents.id, { onDelete: 'cascade' }),
	/** JSON array of families: "SV", "INV", "PR", "G". */
	families: text('families', { mode: 'json' }).$type<string[]>().notNull(),
	updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
	updatedAt: integer('updated_at').notNull()
});
