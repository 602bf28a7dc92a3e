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
	sessionIdOf,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import { hashSecret } from '../../src/lib/domain/secrets.ts';

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
		const session = await createSession(db, token, userId, T0);
		const row = db.select().from(sessions).where(eq(sessions.id, session.id)).get()!;
		expect(row.secretHash).toBe(hashSecret(token.split('.')[1]));
		expect(row.secretHash).not.toContain(token.split('.')[1]);
		expect(row.expiresAt).toBe(T0 + SESSION_LIFETIME);
	});

	it('validate to their user and session', async () => {
		const userId = makeUser('Val Idate');
		const token = generateSessionToken();
		await createSession(db, token, userId, T0);
		const checked = (await validateSessionToken(db, token, T0 + DAY))!;
		expect(checked.user).toMatchObject({ id: userId, name: 'Val Idate', isAdmin: false });
		expect(checked.session).toEqual({ id: sessionIdOf(token), userId, expiresAt: T0 + 30 * DAY });
		expect(checked.fresh).toBe(false);
	});

	it('refuse a tampered, unknown or malformed token', async () => {
		const userId = makeUser();
		const token = generateSessionToken();
		await createSession(db, token, userId, T0);
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
		const session = await createSession(db, token, userId, T0);
		// Used on day 10 (no renewal yet), then not again until the 30 days have passed.
		expect((await validateSessionToken(db, token, T0 + 10 * DAY))!.fresh).toBe(false);
		expect(await validateSessionToken(db, token, T0 + SESSION_LIFETIME)).toBeNull();
		expect(db.select().from(sessions).where(eq(sessions.id, session.id)).get()).toBeUndefined();
	});

	it('extend to a full 30 days once less than 15 remain (sliding expiry)', async () => {
		const userId = makeUser();
		const token = generateSessionToken();
		const session = await createSession(db, token, userId, T0);
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
		for (const t of [a, b, c]) await createSession(db, t, userId, T0);
		await createSession(db, theirs, other, T0);

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
		await createSession(db, old, userId, T0 - 40 * DAY);
		await createSession(db, live, userId, T0);
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
		await createSession(db, token, userId, T0);
		db.delete(users).where(eq(users.id, userId)).run();
		expect(await validateSessionToken(db, token, T0)).toBeNull();
	});
});
