import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { workspaces } from './workspaces.ts';
import { userId, workspaceId } from './columns.ts';

export const MAIL_STATUSES = ['queued', 'sent', 'outbox', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const MAIL_KINDS = [
	'invitation',
	'password_reset',
	'mention',
	'reply',
	'consultation',
	'vote',
	'decision',
	'action',
	'digest',
	'meeting',
	'claim',
	'account',
	'security'
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * Every email Parity sends, queued here first so sending never blocks a page and survives restarts.
 * `queued` waits for the worker (`next_attempt_at`); `sent` went to the SMTP server (its body is then
 * cleared, since it may hold a single-use link); `outbox` was kept for administrators to read because no
 * SMTP server is configured; `failed` was refused permanently or retried too often (an administrator can
 * queue it again).
 */
export const mailMessages = sqliteTable(
	'mail_messages',
	{
		id: text('id').primaryKey(),
		to: text('to').notNull(),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		workspaceId: text('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: MAIL_KINDS }).notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		html: text('html').notNull(),
		/** The one-click unsubscribe address (RFC 8058), or null for a message the person asked for. */
		unsubscribeUrl: text('unsubscribe_url'),
		/** An iCalendar object sent with the message (a meeting invitation, update or cancellation). */
		calendar: text('calendar'),
		status: text('status', { enum: MAIL_STATUSES }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: integer('next_attempt_at').notNull(),
		lastError: text('last_error'),
		createdAt: integer('created_at').notNull(),
		sentAt: integer('sent_at')
	},
	(t) => [
		index('mail_messages_due_idx').on(t.status, t.nextAttemptAt),
		index('mail_messages_to_idx').on(t.to, t.createdAt)
	]
);

/** Single-use password reset links: only the SHA-256 of the secret is stored. */
export const passwordResets = sqliteTable(
	'password_resets',
	{
		id: text('id').primaryKey(),
		userId: userId(),
		tokenHash: text('token_hash').notNull().unique(),
		createdAt: integer('created_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		usedAt: integer('used_at')
	},
	(t) => [index('password_resets_user_idx').on(t.userId)]
);

export const MAIL_MODES = ['immediate', 'daily', 'weekly', 'none'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

/** How a person wants to hear about one workspace. No row means the default (see mail/preferences.ts). */
export const mailPreferences = sqliteTable(
	'mail_preferences',
	{
		userId: userId(),
		workspaceId: workspaceId(),
		mode: text('mode', { enum: MAIL_MODES }).notNull(),
		/** When the last digest for this workspace was queued (or when the person chose a digest). */
		lastDigestAt: integer('last_digest_at'),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.workspaceId] })]
);

/**
 * Things a person should hear about. Each is mailed at most once: at once (grouped by `thread_key`, at most
 * one message per thread per ten minutes), in the next digest, or never, as the person chose. `key` makes
 * reminders idempotent (for example `vote.closing:<id>`).
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: text('id').primaryKey(),
		userId: userId(),
		workspaceId: workspaceId(),
		kind: text('kind', { enum: MAIL_KINDS }).notNull(),
		key: text('key').notNull(),
		threadKey: text('thread_key').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		/** A path on this site (for example `/w/sel/documents/abc#thread-xyz`). */
		path: text('path').notNull(),
		createdAt: integer('created_at').notNull(),
		/** When it went into a message, a digest, or was dropped (preference "none" or no longer a member). */
		handledAt: integer('handled_at'),
		messageId: text('message_id')
	},
	(t) => [
		uniqueIndex('notifications_user_key_idx').on(t.userId, t.key),
		index('notifications_pending_idx').on(t.handledAt, t.userId)
	]
);

/** Addresses that asked, from an invitation's unsubscribe link, never to be emailed unless they ask. */
export const mailSuppressions = sqliteTable('mail_suppressions', {
	email: text('email').primaryKey(),
	createdAt: integer('created_at').notNull()
});
