// Tables of the collaboration server: each document's Yjs state is a snapshot plus an append-only log of
// the updates accepted since, and the record of which user owns which Yjs client id in that document.
// See docs/collab.md.
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { documents } from './documents.ts';

/** Accepted Yjs updates (V1 encoding), appended before they are broadcast; folded into the snapshot by compaction. */
export const collabUpdates = sqliteTable(
	'collab_updates',
	{
		id: integer('id').primaryKey(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		data: blob('data', { mode: 'buffer' }).notNull(),
		/** The user whose socket (or server-side change) made the update; null for system changes. */
		userId: text('user_id'),
		/**
		 * Whether the update changed the content (domain/content-change.ts). An editor that only opens a document
		 * can write without anyone typing (an empty trailing paragraph, say): stored all the same, as clients
		 * hold it, but not a person's change.
		 */
		changesContent: integer('changes_content', { mode: 'boolean' }).notNull().default(true),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('collab_updates_doc_idx').on(t.documentId, t.id)]
);

/** The whole document state (`Y.encodeStateAsUpdate`) as of the last compaction. */
export const collabSnapshots = sqliteTable('collab_snapshots', {
	documentId: text('document_id')
		.primaryKey()
		.references(() => documents.id, { onDelete: 'cascade' }),
	data: blob('data', { mode: 'buffer' }).notNull(),
	/**
	 * The state vector of `data`, written with it: a document opened from its snapshot answers its first sync
	 * without decoding the whole state to learn it. Null in snapshots written before it was kept (read then).
	 */
	stateVector: blob('state_vector', { mode: 'buffer' }),
	updatedAt: integer('updated_at').notNull()
});

/**
 * Yjs client ids and the user who first used each in a document. Structs and awareness under a client id
 * owned by someone else are refused. `user_id` is '' for changes the server made on nobody's behalf.
 */
export const collabClients = sqliteTable(
	'collab_clients',
	{
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		clientId: integer('client_id').notNull(),
		userId: text('user_id').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.documentId, t.clientId] })]
);
