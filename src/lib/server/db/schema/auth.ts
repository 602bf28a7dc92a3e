import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A person with an account. Emails are stored lower-cased. Times are milliseconds since the epoch (UTC). */
export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
	isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
	createdAt: integer('created_at').notNull(),
	/** When an administrator disabled the account (null: active). A disabled account cannot sign in. */
	disabledAt: integer('disabled_at')
});

/**
 * Sessions as in the Lucia guide: the cookie holds `<id>.<secret>`; only the SHA-256 of the secret is stored
 * and it is compared in constant time.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		secretHash: text('secret_hash').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at').notNull(),
		createdAt: integer('created_at').notNull(),
		/**
		 * The first step of a two-factor sign-in (the password was right, the code is still to come): lives a few
		 * minutes, is named only by the sign-in page's own cookie, and is never a session (two-factor.ts).
		 */
		pending: integer('pending', { mode: 'boolean' }).notNull().default(false),
		/**
		 * Started with a second factor (an authenticator code or a recovery code) or by single sign-on, whose
		 * identity provider asks for its own: a person required to use two-factor sign-in needs such a session.
		 */
		strong: integer('strong', { mode: 'boolean' }).notNull().default(false)
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** How a person signed in. */
export const SIGN_IN_METHODS = [
	'password',
	'setup',
	'invitation',
	'password reset',
	'guest link',
	'password + authenticator',
	'password + recovery code',
	'single sign-on'
] as const;

/**
 * Each sign-in, for the person's own history (settings page): when, how, and the browser and system it came
 * from as its user agent names them (no address is kept). Only the latest `SIGN_INS_KEPT` per person stay.
 */
export const signIns = sqliteTable(
	'sign_ins',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The session it started (gone once that session ends). */
		sessionId: text('session_id'),
		method: text('method', { enum: SIGN_IN_METHODS }).notNull(),
		/** "Firefox on Windows", from the user agent; "Unknown device" when it names neither. */
		device: text('device').notNull(),
		at: integer('at').notNull()
	},
	(t) => [index('sign_ins_user_idx').on(t.userId, t.at)]
);

/**
 * A person's authenticator (TOTP, RFC 6238: SHA-1, 6 digits, 30 seconds). The key is stored as it is (no server
 * key exists to encrypt it with: docs/security.md). `enabledAt` null: being set up, not yet confirmed by a code.
 */
export const twoFactor = sqliteTable('two_factor', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** The TOTP key, in base32 as authenticator apps take it. */
	secret: text('secret').notNull(),
	enabledAt: integer('enabled_at'),
	/** The time step of the last code accepted: a code is taken once, and never one older than it. */
	lastUsedStep: integer('last_used_step'),
	createdAt: integer('created_at').notNull()
});

/** One-time recovery codes, for a person without their authenticator: only the SHA-256 of each is kept. */
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull().unique(),
		usedAt: integer('used_at'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('recovery_codes_user_idx').on(t.userId)]
);

/** Personal access tokens (`parity_pat_…`), stored as SHA-256 hex. */
export const apiTokens = sqliteTable(
	'api_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		scope: text('scope', { enum: ['read', 'write'] }).notNull(),
		/** JSON array of workspace ids, or null for every workspace the user can reach. */
		workspaceIds: text('workspace_ids', { mode: 'json' }).$type<string[] | null>(),
		expiresAt: integer('expires_at'),
		lastUsedAt: integer('last_used_at'),
		createdAt: integer('created_at').notNull(),
		revokedAt: integer('revoked_at')
	},
	(t) => [index('api_tokens_user_idx').on(t.userId)]
);

/** Failed sign-in counters for exponential back-off, keyed by `acct:<email>|ip:<ip>` or `ip:<ip>`. */
export const loginThrottle = sqliteTable('login_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	blockedUntil: integer('blocked_until').notNull().default(0),
	windowStart: integer('window_start').notNull(),
	updatedAt: integer('updated_at').notNull()
});

/** Small key/value settings (for example the hashed first-run set-up code). */
export const settings = sqliteTable('settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: integer('updated_at')
		.notNull()
		.default(sql`(unixepoch() * 1000)`)
});
