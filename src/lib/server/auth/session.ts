import { and, desc, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { SIGN_IN_METHODS, sessions, signIns, twoFactor, users } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import { deviceOf } from '../../domain/device.ts';
import { hashSecret, matchesSecret, randomBase32 } from '../../domain/secrets.ts';
import { twoFactorRequired } from './two-factor-rule.ts';

export const SESSION_COOKIE = 'parity_session';
export const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** A session is extended (to a full lifetime) once less than this remains. */
export const SESSION_RENEW_WITHIN = 15 * DAY;

export type SessionUser = {
	id: string;
	email: string;
	name: string;
	isAdmin: boolean;
	isDemo: boolean;
};
export type Session = { id: string; userId: string; expiresAt: number };
/**
 * `setUpTwoFactor`: the person must use two-factor sign-in and has not set it up, and this session was not
 * started with a second factor: it may do nothing but set it up (hooks.server.ts, the collaboration server).
 */
export type SessionValidation = {
	session: Session;
	user: SessionUser;
	fresh: boolean;
	setUpTwoFactor: boolean;
} | null;

/** A new session token: `<id>.<secret>`, with 160 random bits in the secret. */
export function generateSessionToken(): string {
	return `${randomBase32(10)}.${randomBase32(20)}`;
}

function splitToken(token: string): [string, string] | null {
	const dot = token.indexOf('.');
	if (dot < 1 || dot === token.length - 1 || token.length > 200) return null;
	return [token.slice(0, dot), token.slice(dot + 1)];
}

/**
 * A session row alone, with no sign-in recorded: for `createSession`, and for tests that need a session. Unless
 * told otherwise it counts as started with a second factor (`strong`), so a test's session is fully signed in
 * whoever it is for; `createSession` says for each way of signing in.
 */
export async function openSession(
	db: DB,
	token: string,
	userId: string,
	now = Date.now(),
	kind: { strong?: boolean; pending?: boolean; lifetime?: number } = {}
): Promise<Session> {
	const parts = splitToken(token);
	if (!parts) throw new Error('malformed session token');
	const session = { id: parts[0], userId, expiresAt: now + (kind.lifetime ?? SESSION_LIFETIME) };
	await db.insert(sessions).values({
		...session,
		secretHash: hashSecret(parts[1]),
		createdAt: now,
		strong: kind.strong ?? true,
		pending: kind.pending ?? false
	});
	return session;
}

export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/**
 * The ways of signing in that count as two factors: a password with an authenticator or recovery code, and
 * single sign-on (the organisation's identity provider asks for its own second factor: docs/security.md).
 */
export const STRONG_METHODS: ReadonlySet<string> = new Set([
	'password + authenticator',
	'password + recovery code',
	'single sign-on'
]);
/** How many sign-ins a person's history keeps. */
export const SIGN_INS_KEPT = 50;

/**
 * Starts a session for someone who has just proved who they are, and records the sign-in in their history
 * (every way of signing in comes through here, so none goes unrecorded).
 */
export async function createSession(
	db: DB,
	token: string,
	userId: string,
	how: { method: SignInMethod; userAgent: string | null },
	now = Date.now()
): Promise<Session> {
	const session = await openSession(db, token, userId, now, { strong: STRONG_METHODS.has(how.method) });
	await db.insert(signIns).values({
		id: newId(),
		userId,
		sessionId: session.id,
		method: how.method,
		device: deviceOf(how.userAgent),
		at: now
	});
	// At most one more than kept, since each sign-in trims the history.
	const older = (
		await db
			.select({ id: signIns.id })
			.from(signIns)
			.where(eq(signIns.userId, userId))
			.orderBy(desc(signIns.at), desc(signIns.id))
	)
		.slice(SIGN_INS_KEPT)
		.map((r) => r.id);
	if (older.length) await db.delete(signIns).where(inArray(signIns.id, older));
	return session;
}

/** A person's latest sign-ins, newest first, each saying whether its session is still signed in. */
export async function signInHistory(db: DB, userId: string, now = Date.now()) {
	const rows = await db
		.select({
			id: signIns.id,
			method: signIns.method,
			device: signIns.device,
			at: signIns.at,
			sessionId: signIns.sessionId,
			live: sessions.id
		})
		.from(signIns)
		.leftJoin(sessions, and(eq(sessions.id, signIns.sessionId), gt(sessions.expiresAt, now)))
		.where(eq(signIns.userId, userId))
		.orderBy(desc(signIns.at), desc(signIns.id))
		.limit(SIGN_INS_KEPT);
	return rows.map(({ live, ...r }) => ({ ...r, signedIn: live !== null }));
}

/**
 * Checks a cookie token. Returns null for a malformed, unknown, wrong or expired token (an expired session is
 * deleted), for a disabled account's, for the first step of a two-factor sign-in, and for a session started
 * without the second factor its person now uses. A session with less than 15 days left is extended to 30 days
 * (`fresh: true`: re-send the cookie).
 */
export async function validateSessionToken(
	db: DB,
	token: string,
	now = Date.now()
): Promise<SessionValidation> {
	const parts = splitToken(token);
	if (!parts) return null;
	const row = one(
		await db
			.select({
				id: sessions.id,
				userId: sessions.userId,
				secretHash: sessions.secretHash,
				expiresAt: sessions.expiresAt,
				email: users.email,
				name: users.name,
				isAdmin: users.isAdmin,
				isDemo: users.isDemo,
				disabledAt: users.disabledAt,
				pending: sessions.pending,
				strong: sessions.strong,
				twoFactorSince: twoFactor.enabledAt
			})
			.from(sessions)
			.innerJoin(users, eq(users.id, sessions.userId))
			.leftJoin(twoFactor, eq(twoFactor.userId, sessions.userId))
			.where(eq(sessions.id, parts[0]))
			.limit(1)
	);
	if (!row || row.pending) return null;
	if (!matchesSecret(row.secretHash, parts[1])) return null;
	// A disabled account signs in nowhere (disabling also deletes its sessions; this covers any made since).
	if (row.disabledAt !== null) return null;
	if (!row.strong && row.twoFactorSince !== null) return null;
	if (now >= row.expiresAt) {
		await db.delete(sessions).where(eq(sessions.id, row.id));
		return null;
	}
	let expiresAt = row.expiresAt;
	let fresh = false;
	if (row.expiresAt - now < SESSION_RENEW_WITHIN) {
		expiresAt = now + SESSION_LIFETIME;
		fresh = true;
		await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, row.id));
	}
	const user = { id: row.userId, email: row.email, name: row.name, isAdmin: row.isAdmin, isDemo: row.isDemo };
	return {
		session: { id: row.id, userId: row.userId, expiresAt },
		user,
		fresh,
		setUpTwoFactor: !row.strong && (await twoFactorRequired(db, user))
	};
}

/** The session id of a token, without checking it (for ending the session named by a cookie). */
export function sessionIdOf(token: string): string | null {
	return splitToken(token)?.[0] ?? null;
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user, or every one but `exceptSessionId`. */
export async function invalidateUserSessions(
	db: DB,
	userId: string,
	exceptSessionId?: string
): Promise<void> {
	await db
		.delete(sessions)
		.where(
			exceptSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
				: eq(sessions.userId, userId)
		);
}

export async function deleteExpiredSessions(db: DB, now = Date.now()): Promise<void> {
	await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
