import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';

/**
 * An account at an OpenID provider linked to a Parity account: the provider's issuer and its `sub` for the
 * person, which never change (an email address can). One per (issuer, subject), one per person and issuer.
 */
export const ssoIdentities = sqliteTable(
	'sso_identities',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		issuer: text('issuer').notNull(),
		subject: text('subject').notNull(),
		/** The verified address the provider gave when the link was made (shown on the settings page). */
		email: text('email').notNull(),
		linkedAt: integer('linked_at').notNull(),
		lastUsedAt: integer('last_used_at')
	},
	(t) => [
		uniqueIndex('sso_identities_subject_idx').on(t.issuer, t.subject),
		uniqueIndex('sso_identities_user_idx').on(t.userId, t.issuer)
	]
);

/**
 * A single sign-on under way, from the redirect to the provider until its answer comes back (10 minutes at
 * most). Keyed by the SHA-256 of the `state` sent; the row is deleted when the answer is taken, so a replayed
 * answer finds nothing. The PKCE verifier and the nonce never leave the server.
 */
export const ssoAttempts = sqliteTable(
	'sso_attempts',
	{
		stateHash: text('state_hash').primaryKey(),
		nonce: text('nonce').notNull(),
		codeVerifier: text('code_verifier').notNull(),
		/** Where to go once signed in (a path on this site, already checked). */
		next: text('next').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('sso_attempts_expires_idx').on(t.expiresAt)]
);

/**
 * A provider's verified identity whose address matches an account not yet linked to it: the link is made
 * only once the person also enters that account's password (never on the email address alone). Keyed by the
 * SHA-256 of a secret held in a short-lived cookie; 10 minutes at most.
 */
export const ssoPendingLinks = sqliteTable(
	'sso_pending_links',
	{
		tokenHash: text('token_hash').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		issuer: text('issuer').notNull(),
		subject: text('subject').notNull(),
		email: text('email').notNull(),
		next: text('next').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('sso_pending_links_expires_idx').on(t.expiresAt)]
);
