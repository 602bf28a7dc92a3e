import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, type DB } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/db/ids.ts';
import { sessions, users } from '../../src/lib/server/db/schema/index.ts';
import {
	createSession,
	DAY,
	deleteExpiredSessions,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	SESSION_LIFETIME,
	SIGN_INS_KEPT,
	sessionIdOf,
	signInHistory,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import { hashSecret } from '../../src/lib/domain/secrets.ts';

const BY_PASSWORD = { method: 'password', userAgent: null } as const;

let dir: string;
let db: DB;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-session-'));
	db = openDatabase({ url: `file:${path.join(dir, 'test.db')}` });
});
afterAll(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

function makeUser(name = 'Sam Session') {
	const id = newId();
	db.insert(users)
		.values({ id, email: `${id}@example.org`, name, passwordHash: 'x', createdAt: Date.now() })
		.run();
	return id;
}

const T0 = Date.UTC(2026, 10, 1, 12, 0);

describe('session tokens', () => {
	it('are an id and a 160-bit secret, different every time', () => {
		const a = generateSessionToken();
		const b = generateSessionToken();
		expect(a).toMatch(/^[a-z2-7]{16}\.[a-z2-7]{32}$/);
		expect(a).not.toBe(b);
		expect(sessionIdOf(a)).toBe(a.split('.')[0]);
		expect(sessionIdOf('nodot')).toBeNull();
	});

	it('store only the SHA-256 of the secret', async () => {
		const userId = makeUser();
		const token = generateSessionToken();
		const session = await createSession(db, token, userId, BY_PASSWORD, T0);
		const row = db.select().from(sessions).where(eq(sessions.id, session.id)).get()!;
		expect(row.secretHash).toBe(hashSecret(token.split('.')[1]));
		expect(row.secretHash).not.toContain(token.split('.')[1]);
		expect(row.expiresAt).toBe(T0 + SESSION_LIFETIME);
	});

	it('validate to their user and session', async () => {
		const userId = makeUser('Val Idate');
		const token = generateSessionToken();
		await createSession(db, token, userId, BY_PASSWORD, T0);
		const checked = (await validateSessionToken(db, token, T0 + DAY))!;
		expect(checked.user).toMatchObject({ id: userId, name: 'Val Idate', isAdmin: false });
		expect(checked.session).toEqual({ id: sessionIdOf(token), userId, expiresAt: T0 + 30 * DAY });
		expect(checked.fresh).toBe(false);
	});

	it('refuse a tampered, unknown or malformed token', async () => {
		const userId = makeUser();
		const token = generateSessionToken();
		await createSession(db, token, userId, BY_PASSWORD, T0);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(await validateSessionToken(db, `${id}.${flipped}`, T0)).toBeNull();
		expect(await validateSessionToken(db, `${id}.`, T0)).toBeNull();
		expect(
			await validateSessionToken(db, `${generateSessionToken().split('.')[0]}.${secret}`, T0)
		).toBeNull();
		expect(await validateSessionToken(db, 'garbage', T0)).toBeNull();
		expect(await validateSessionToken(db, `${id}.${'a'.repeat(300)}`, T0)).toBeNull();
		// The real one still works after the failed attempts.
		expect(await validateSessionToken(db, token, T0)).not.toBeNull();
	});

	it('expire after 30 days without use, and the row is deleted', async () => {
		const userId = makeUser();
		const token = generateSessionToken();
		const session = await createSession(db, token, userId, BY_PASSWORD, T0);
		// Used on day 10 (no renewal yet), then not again until the 30 days have passed.
		expect((await validateSessionToken(db, token, T0 + 10 * DAY))!.fresh).toBe(false);
		expect(await validateSessionToken(db, token, T0 + SESSION_LIFETIME)).toBeNull();
		expect(db.select().from(sessions).where(eq(sessions.id, session.id)).get()).toBeUndefined();
	});

	it('extend to a full 30 days once less than 15 remain (sliding expiry)', async () => {
		const userId = makeUser();
		const token = generateSessionToken();
		const session = await createSession(db, token, userId, BY_PASSWORD, T0);
		// 14 days in: 16 left, no renewal.
		const early = (await validateSessionToken(db, token, T0 + 14 * DAY))!;
		expect(early.fresh).toBe(false);
		expect(early.session.expiresAt).toBe(T0 + 30 * DAY);
		// 20 days in: 10 left, renewed to 30 from now and stored.
		const later = T0 + 20 * DAY;
		const renewed = (await validateSessionToken(db, token, later))!;
		expect(renewed.fresh).toBe(true);
		expect(renewed.session.expiresAt).toBe(later + SESSION_LIFETIME);
		expect(db.select().from(sessions).where(eq(sessions.id, session.id)).get()!.expiresAt).toBe(
			later + SESSION_LIFETIME
		);
		// Used regularly, it outlives the original 30 days.
		expect(await validateSessionToken(db, token, T0 + 45 * DAY)).not.toBeNull();
	});

	it('end one session, or all of a user’s sessions but the current one', async () => {
		const userId = makeUser();
		const other = makeUser();
		const [a, b, c] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		const theirs = generateSessionToken();
		for (const t of [a, b, c]) await createSession(db, t, userId, BY_PASSWORD, T0);
		await createSession(db, theirs, other, BY_PASSWORD, T0);

		await invalidateSession(db, sessionIdOf(c)!);
		expect(await validateSessionToken(db, c, T0)).toBeNull();

		await invalidateUserSessions(db, userId, sessionIdOf(a)!);
		expect(await validateSessionToken(db, a, T0)).not.toBeNull();
		expect(await validateSessionToken(db, b, T0)).toBeNull();
		expect(await validateSessionToken(db, theirs, T0)).not.toBeNull();

		await invalidateUserSessions(db, userId);
		expect(await validateSessionToken(db, a, T0)).toBeNull();
		expect(await validateSessionToken(db, theirs, T0)).not.toBeNull();
	});

	it('sweep expired sessions without touching live ones', async () => {
		const userId = makeUser();
		const old = generateSessionToken();
		const live = generateSessionToken();
		await createSession(db, old, userId, BY_PASSWORD, T0 - 40 * DAY);
		await createSession(db, live, userId, BY_PASSWORD, T0);
		await deleteExpiredSessions(db, T0);
		expect(
			db
				.select()
				.from(sessions)
				.where(eq(sessions.id, sessionIdOf(old)!))
				.get()
		).toBeUndefined();
		expect(await validateSessionToken(db, live, T0)).not.toBeNull();
	});

	it('end when their user is deleted', async () => {
		const userId = makeUser();
		const token = generateSessionToken();
		await createSession(db, token, userId, BY_PASSWORD, T0);
		db.delete(users).where(eq(users.id, userId)).run();
		expect(await validateSessionToken(db, token, T0)).toBeNull();
	});
});

describe('sign-in history', () => {
	it('keeps the latest sign-ins, newest first, and says which are still signed in', async () => {
		const userId = makeUser('Kim Kept');
		const tokens = Array.from({ length: SIGN_INS_KEPT + 5 }, () => generateSessionToken());
		for (const [i, t] of tokens.entries())
			await createSession(db, t, userId, { method: 'invitation', userAgent: 'Firefox/1 (Windows)' }, T0 + i);
		await invalidateSession(db, sessionIdOf(tokens.at(-1)!)!);
		const history = await signInHistory(db, userId, T0 + 100);
		expect(history).toHaveLength(SIGN_INS_KEPT);
		expect(history[0]).toMatchObject({
			at: T0 + SIGN_INS_KEPT + 4,
			signedIn: false,
			device: 'Firefox on Windows'
		});
		expect(history[1]).toMatchObject({ at: T0 + SIGN_INS_KEPT + 3, signedIn: true, method: 'invitation' });
		expect(history.at(-1)!.at).toBe(T0 + 5);
		// An expired session is no longer signed in.
		expect((await signInHistory(db, userId, T0 + SESSION_LIFETIME + 100))[1].signedIn).toBe(false);
	});
});
