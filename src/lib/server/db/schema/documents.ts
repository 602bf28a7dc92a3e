import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { workspaceId } from './columns.ts';

export const DOCUMENT_KINDS = [
	'social_value',
	'reimbursement',
	'procurement_principles',
	'commissioning_review',
	'other'
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_STATUSES = ['drafting', 'consultation', 'decided', 'under_review'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** A policy document. Its content is a Yjs document kept by the collaboration server (schema/collab.ts). */
export const documents = sqliteTable(
	'documents',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		title: text('title').notNull(),
		kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
		status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('drafting'),
		/** The version the latest approved decision adopted (set with `decided`; kept while under review). */
		adoptedVersionId: text('adopted_version_id'),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		/** "Last changed": its content, title or status (moved by every stored change to its content too). */
		updatedAt: integer('updated_at').notNull(),
		/**
		 * When a change to its content was last stored, and by whom (a user id, `guest:<id>`, or null for the
		 * system). Kept when the update log is folded into the snapshot, which is no change.
		 */
		contentChangedAt: integer('content_changed_at'),
		contentChangedBy: text('content_changed_by')
	},
	(t) => [index('documents_ws_idx').on(t.workspaceId)]
);

/** A named version: the rendered content, its SHA-256, and the Yjs state to restore from. */
export const documentVersions = sqliteTable(
	'document_versions',
	{
		id: text('id').primaryKey(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		html: text('html').notNull(),
		text: text('text').notNull(),
		/** Lowercase hex SHA-256 of the rendered HTML. */
		hash: text('hash').notNull(),
		state: blob('state', { mode: 'buffer' }).notNull(),
		/** The drafting checks on this text when the version was saved (JSON, src/lib/server/checks/snapshot.ts). */
		checks: text('checks'),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('document_versions_doc_idx').on(t.documentId, t.createdAt)]
);
