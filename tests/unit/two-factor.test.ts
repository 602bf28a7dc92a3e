import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { openDatabase, type DB } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/db/ids.ts';
import { twoFactor as twoFactorTable, users } from '../../src/lib/server/db/schema/index.ts';
import {
	createSession,
	generateSessionToken,
	openSession,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import * as totp from '../../src/lib/server/auth/totp.ts';
import * as twoFactor from '../../src/lib/server/auth/two-factor.ts';

let dir: string;
let db: DB;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-2fa-'));
	db = openDatabase({ url: `file:${path.join(dir, 'test.db')}` });
});
afterAll(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

function makeUser(opts: { isAdmin?: boolean } = {}) {
	const id = newId();
	const user = {
		id,
		email: `${id}@example.org`,
		name: 'Tess Two',
		isAdmin: opts.isAdmin ?? false,
		isDemo: false
	};
	db.insert(users)
		.values({ ...user, passwordHash: 'x', createdAt: Date.now() })
		.run();
	return user;
}

/** What an authenticator app shows at `at` (ms), from @oslojs/otp directly. */
const appCode = (key: string, at: number) =>
	generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(at / 30_000)), 6);

const T0 = Date.UTC(2026, 10, 1, 12, 0, 10);
const STEP = 30_000;

describe('authenticator codes', () => {
	const key = totp.newKey();

	it('take the code of now and of one step either side, not two', () => {
		const now = totp.stepAt(T0);
		expect(totp.matchingStep(key, appCode(key, T0), null, T0)).toBe(now);
		expect(totp.matchingStep(key, appCode(key, T0 - STEP), null, T0)).toBe(now - 1);
		expect(totp.matchingStep(key, appCode(key, T0 + STEP), null, T0)).toBe(now + 1);
		expect(totp.matchingStep(key, appCode(key, T0 - 2 * STEP), null, T0)).toBeNull();
		expect(totp.matchingStep(key, appCode(key, T0 + 2 * STEP), null, T0)).toBeNull();
	});

	it('refuse a code already used, and one older than the last used', () => {
		const now = totp.stepAt(T0);
		expect(totp.matchingStep(key, appCode(key, T0), now, T0)).toBeNull();
		expect(totp.matchingStep(key, appCode(key, T0 - STEP), now, T0)).toBeNull();
		expect(totp.matchingStep(key, appCode(key, T0 + STEP), now, T0)).toBe(now + 1);
	});

	it('take spaces people type, and refuse what is not 6 digits', () => {
		const code = appCode(key, T0);
		expect(totp.matchingStep(key, `${code.slice(0, 3)} ${code.slice(3)}`, null, T0)).not.toBeNull();
		for (const typed of ['', '12345', '1234567', 'abcdef', `${code}0`])
			expect(totp.matchingStep(key, typed, null, T0)).toBeNull();
	});

	it('show the key grouped, and in an otpauth address apps read', () => {
		expect(key).toMatch(/^[A-Z2-7]{32}$/);
		expect(totp.groupedKey(key).split(' ')).toHaveLength(8);
		const uri = new URL(totp.keyUri(key, 'tess@example.org'));
		expect(uri.protocol).toBe('otpauth:');
		expect(uri.searchParams.get('secret')).toBe(key);
		expect(uri.searchParams.get('digits')).toBe('6');
	});
});

describe('two-factor sign-in', () => {
	it('turns on with a current code, and then each code and recovery code works once', async () => {
		const user = makeUser();
		const token = generateSessionToken();
		const session = await openSession(db, token, user.id, T0, { strong: false });
		await twoFactor.setupKey(db, user, T0);
		const key = db.select().from(twoFactorTable).where(eq(twoFactorTable.userId, user.id)).get()!.secret;

		await expect(twoFactor.confirmSetup(db, user, session.id, '000000', T0)).rejects.toThrow(/not right/);
		const codes = await twoFactor.confirmSetup(db, user, session.id, appCode(key, T0), T0);
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		expect(await twoFactor.usesTwoFactor(db, user.id)).toBe(true);

		// The code that turned it on does not sign in; the next one does, once.
		expect(await twoFactor.checkSecondFactor(db, user.id, appCode(key, T0), T0)).toBeNull();
		const next = appCode(key, T0 + STEP);
		expect(await twoFactor.checkSecondFactor(db, user.id, next, T0 + STEP)).toBe('authenticator');
		expect(await twoFactor.checkSecondFactor(db, user.id, next, T0 + STEP)).toBeNull();

		// A recovery code, however typed, works once.
		expect(await twoFactor.checkSecondFactor(db, user.id, codes[0].toUpperCase(), T0)).toBe('recovery code');
		expect(await twoFactor.checkSecondFactor(db, user.id, codes[0], T0)).toBeNull();
		expect(await twoFactor.checkSecondFactor(db, user.id, 'abcde-fghij', T0)).toBeNull();
		expect((await twoFactor.twoFactorStatus(db, user)).recoveryCodesLeft).toBe(9);

		// New codes replace the old.
		const fresh = await twoFactor.renewRecoveryCodes(db, user, appCode(key, T0 + 2 * STEP), T0 + 2 * STEP);
		expect(await twoFactor.checkSecondFactor(db, user.id, codes[1], T0)).toBeNull();
		expect(await twoFactor.checkSecondFactor(db, user.id, fresh[0], T0)).toBe('recovery code');

		// Turning it off takes a current code, and takes the recovery codes with it.
		const later = T0 + 3 * STEP;
		await expect(twoFactor.turnOff(db, user, appCode(key, T0 + 2 * STEP), later)).rejects.toThrow(
			/not right/
		);
		await twoFactor.turnOff(db, user, appCode(key, later), later);
		expect(await twoFactor.twoFactorStatus(db, user)).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
		expect(await twoFactor.checkSecondFactor(db, user.id, fresh[1], later)).toBeNull();
	});

	it('never lets the first step act as a session, nor a session without the code of someone who uses one', async () => {
		const user = makeUser();
		const challenge = await twoFactor.openChallenge(db, user.id, Date.now());
		expect(await validateSessionToken(db, challenge.token)).toBeNull();
		expect((await twoFactor.findChallenge(db, challenge.token))?.user.id).toBe(user.id);
		expect(await twoFactor.findChallenge(db, challenge.token, challenge.expiresAt)).toBeNull();

		const weak = generateSessionToken();
		await createSession(db, weak, user.id, { method: 'password', userAgent: null });
		expect(await validateSessionToken(db, weak)).not.toBeNull();
		db.insert(twoFactorTable)
			.values({ userId: user.id, secret: totp.newKey(), enabledAt: Date.now(), createdAt: Date.now() })
			.run();
		expect(await validateSessionToken(db, weak)).toBeNull();
		const strong = generateSessionToken();
		await createSession(db, strong, user.id, { method: 'password + authenticator', userAgent: null });
		expect(await validateSessionToken(db, strong)).not.toBeNull();
	});

	it('holds a password-only session of an administrator without it at the set-up page', async () => {
		const admin = makeUser({ isAdmin: true });
		const password = generateSessionToken();
		await createSession(db, password, admin.id, { method: 'password', userAgent: null });
		expect((await validateSessionToken(db, password))?.setUpTwoFactor).toBe(true);
		// Tests' own sessions, and single sign-on (whose identity provider asks for a second factor), are not held.
		const fixture = generateSessionToken();
		await openSession(db, fixture, admin.id);
		expect((await validateSessionToken(db, fixture))?.setUpTwoFactor).toBe(false);
		expect((await twoFactor.twoFactorStatus(db, admin)).required).toBe(true);
		await expect(twoFactor.turnOff(db, admin, '123456')).rejects.toThrow(/must keep/);
	});
});
