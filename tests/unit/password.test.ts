import { describe, expect, it } from 'vitest';
import {
	dummyPasswordHash,
	hashPassword,
	passwordProblem,
	verifyPassword
} from '../../src/lib/server/auth/password.ts';

describe('password hashing', () => {
	it('uses argon2id with 19 MiB, 2 iterations and parallelism 1', async () => {
		const hash = await hashPassword('a long and private passphrase');
		expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
	});

	it('verifies the right password and refuses others', async () => {
		const hash = await hashPassword('a long and private passphrase');
		expect(await verifyPassword(hash, 'a long and private passphrase')).toBe(true);
		expect(await verifyPassword(hash, 'a long and private passphrasE')).toBe(false);
		expect(await verifyPassword(hash, '')).toBe(false);
	});

	it('salts every hash', async () => {
		const [a, b] = await Promise.all([
			hashPassword('same password here'),
			hashPassword('same password here')
		]);
		expect(a).not.toBe(b);
		expect(await verifyPassword(b, 'same password here')).toBe(true);
	});

	it('treats Unicode look-alike spellings (NFKC) as the same password', async () => {
		const hash = await hashPassword('ﬁve ﬁsh swimming'); // "ﬁ" ligature
		expect(await verifyPassword(hash, 'five fish swimming')).toBe(true);
		const composed = await hashPassword('caf\u00e9 au lait tomorrow');
		expect(await verifyPassword(composed, 'cafe\u0301 au lait tomorrow')).toBe(true);
	});

	it('answers false, not an exception, for a malformed stored hash', async () => {
		expect(await verifyPassword('not a hash', 'whatever password')).toBe(false);
	});

	it('has a dummy hash for unknown accounts that nothing matches', async () => {
		const dummy = await dummyPasswordHash();
		expect(dummy.startsWith('$argon2id$')).toBe(true);
		expect(await dummyPasswordHash()).toBe(dummy);
		expect(await verifyPassword(dummy, '')).toBe(false);
	});

	it('completes many hashes queued at once (at most two run together)', async () => {
		const results = await Promise.all(
			Array.from({ length: 5 }, (_, i) => hashPassword(`passphrase number ${i}`))
		);
		const checks = await Promise.all(results.map((h, i) => verifyPassword(h, `passphrase number ${i}`)));
		expect(checks).toEqual([true, true, true, true, true]);
	});
});

describe('weak passwords', () => {
	it('refuses short ones', () => {
		expect(passwordProblem('short')).toMatch(/at least 10/);
		expect(passwordProblem('123456789')).toMatch(/at least 10/);
	});
	it('refuses very long ones', () => {
		expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
	});
	it('refuses common ones regardless of case', () => {
		for (const p of ['password123', 'Password123', 'qwertyuiop', 'letmein123', 'changeme123', 'PARTNERSHIP'])
			expect(passwordProblem(p), p).toMatch(/too common/);
	});
	it('refuses repeated characters and plain sequences', () => {
		expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/too common/);
		expect(passwordProblem('1234567890abc')).toMatch(/too common/);
		expect(passwordProblem('abcdefghijkl')).toMatch(/too common/);
	});
	it('refuses the email address’s name', () => {
		expect(passwordProblem('amara.okoye-2026', { email: 'amara.okoye@example.org' })).toMatch(/email/);
	});
	it('accepts a long, uncommon passphrase', () => {
		expect(passwordProblem('correct horse battery staple')).toBeNull();
		expect(passwordProblem('correct horse battery staple', { email: 'amara@example.org' })).toBeNull();
	});
});
