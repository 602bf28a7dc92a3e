// Columns that many tables share, each a fresh builder per table.
import { text } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { workspaces } from './workspaces.ts';

/** The workspace a row belongs to; the row goes when the workspace does. */
export function workspaceId() {
	return text('workspace_id')
		.notNull()
		.references(() => workspaces.id, { onDelete: 'cascade' });
}

/** The person a row belongs to; the row goes when their account does. */
export function userId() {
	return text('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' });
}
