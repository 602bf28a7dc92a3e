import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from '../../src/lib/server/db/index.ts';
import {
	backoffDelay,
	checkSignIn,
	FREE_FAILURES,
	IP_MAX_FAILURES,
	IP_WINDOW_MS,
	MAX_DELAY_MS,
	recordFailure,
	recordSuccess,
	reserveAttempt,
	waitMessage
} from '../../src/lib/server/auth/rate-limit.ts';
import { WindowLimiter } from '../../src/lib/server/limiter.ts';
import { isDomainError } from '../../src/lib/server/errors.ts';

let dir: string;
let db: DB;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-ratelimit-'));
	db = openDatabase({ url: `file:${path.join(dir, 'test.db')}` });
});
afterAll(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 10, 1, 9, 0);
const fail = async (email: string, ip: string, times: number, now = T0) => {
	for (let i = 0; i < times; i++) await recordFailure(db, email, ip, now);
};

describe('backoffDelay', () => {
	it('allows a few free failures', () => {
		for (let n = 0; n < FREE_FAILURES; n++) expect(backoffDelay(n)).toBe(0);
	});
	it('then doubles from one second', () => {
		expect(backoffDelay(FREE_FAILURES)).toBe(1000);
		expect(backoffDelay(FREE_FAILURES + 1)).toBe(2000);
		expect(backoffDelay(FREE_FAILURES + 2)).toBe(4000);
		for (let n = FREE_FAILURES; n < FREE_FAILURES + 9; n++)
			expect(backoffDelay(n + 1)).toBe(2 * backoffDelay(n));
	});
	it('never decreases and is capped at 15 minutes', () => {
		let last = 0;
		for (let n = 0; n < 200; n++) {
			const d = backoffDelay(n);
			expect(d).toBeGreaterThanOrEqual(last);
			expect(d).toBeLessThanOrEqual(MAX_DELAY_MS);
			last = d;
		}
		expect(backoffDelay(60)).toBe(MAX_DELAY_MS);
		expect(backoffDelay(10_000)).toBe(MAX_DELAY_MS);
	});
});

describe('sign-in throttle', () => {
	it('blocks an (account, address) pair after repeated failures, for the back-off delay', async () => {
		const email = 'chair@example.org';
		await fail(email, '198.51.100.1', FREE_FAILURES - 1);
		expect(await checkSignIn(db, email, '198.51.100.1', T0)).toEqual({ allowed: true });
		await fail(email, '198.51.100.1', 2);
		const check = await checkSignIn(db, email, '198.51.100.1', T0);
		expect(check.allowed).toBe(false);
		if (!check.allowed) expect(check.retryAfterMs).toBe(backoffDelay(FREE_FAILURES + 1));
		expect(await checkSignIn(db, email, '198.51.100.1', T0 + backoffDelay(FREE_FAILURES + 1))).toEqual({
			allowed: true
		});
	});

	it('keys the back-off by account and address, so a stranger cannot lock an account out', async () => {
		const chair = 'Chair2@Example.org';
		await fail(chair, '203.0.113.66', 12);
		expect((await checkSignIn(db, chair.toLowerCase(), '203.0.113.66', T0)).allowed).toBe(false);
		// The chair, from their own address, is not affected.
		expect(await checkSignIn(db, chair, '198.51.100.2', T0)).toEqual({ allowed: true });
		// The attacker's address may still try other accounts (until the per-address limit).
		expect(await checkSignIn(db, 'someone@example.org', '203.0.113.66', T0)).toEqual({ allowed: true });
	});

	it('forgets the failures of a pair after a successful sign-in', async () => {
		const email = 'forgetful@example.org';
		await fail(email, '198.51.100.3', 6);
		expect((await checkSignIn(db, email, '198.51.100.3', T0)).allowed).toBe(false);
		await recordSuccess(db, email, '198.51.100.3');
		expect(await checkSignIn(db, email, '198.51.100.3', T0)).toEqual({ allowed: true });
	});

	it('limits failures per address across all accounts within a window', async () => {
		const ip = '192.0.2.50';
		for (let i = 0; i < IP_MAX_FAILURES; i++) await recordFailure(db, `guess${i}@example.org`, ip, T0 + i);
		const later = T0 + IP_MAX_FAILURES;
		const check = await checkSignIn(db, 'fresh-account@example.org', ip, later);
		expect(check.allowed).toBe(false);
		if (!check.allowed) expect(check.retryAfterMs).toBe(T0 + IP_WINDOW_MS - later);
		// Other addresses are unaffected; the address is allowed again when the window ends.
		expect(await checkSignIn(db, 'fresh-account@example.org', '192.0.2.51', later)).toEqual({
			allowed: true
		});
		expect(await checkSignIn(db, 'fresh-account@example.org', ip, T0 + IP_WINDOW_MS)).toEqual({
			allowed: true
		});
	});

	it('starts a new per-address window once the old one has passed', async () => {
		const ip = '192.0.2.60';
		for (let i = 0; i < IP_MAX_FAILURES - 1; i++) await recordFailure(db, `a${i}@example.org`, ip, T0);
		// One more failure after the window: the count starts again instead of reaching the limit.
		await recordFailure(db, 'late@example.org', ip, T0 + IP_WINDOW_MS);
		expect(await checkSignIn(db, 'other@example.org', ip, T0 + IP_WINDOW_MS + 1)).toEqual({ allowed: true });
	});

	it('forgets an account’s back-off after a quiet day', async () => {
		const email = 'quiet@example.org';
		await fail(email, '198.51.100.4', 40);
		expect((await checkSignIn(db, email, '198.51.100.4', T0)).allowed).toBe(false);
		const nextDay = T0 + 24 * 60 * 60 * 1000 + 1;
		expect(await checkSignIn(db, email, '198.51.100.4', nextDay)).toEqual({ allowed: true });
		// And the count restarts from zero: one failure does not block.
		await recordFailure(db, email, '198.51.100.4', nextDay);
		expect(await checkSignIn(db, email, '198.51.100.4', nextDay)).toEqual({ allowed: true });
	});
});

describe('reserving an attempt before the password is checked', () => {
	it('lets only the free allowance of one account through when guesses arrive together', async () => {
		const email = 'together@example.org';
		// None of these has been answered yet: each is counted when it is reserved.
		const checks = await Promise.all(
			Array.from({ length: 20 }, () => reserveAttempt(db, email, '198.51.100.30', T0))
		);
		expect(checks.filter((c) => c.allowed)).toHaveLength(FREE_FAILURES);
		expect(checks[FREE_FAILURES]).toEqual({ allowed: false, retryAfterMs: backoffDelay(FREE_FAILURES) });
	});

	it('lets only the per-address limit through across many accounts', async () => {
		const ip = '192.0.2.70';
		const checks = await Promise.all(
			Array.from({ length: IP_MAX_FAILURES + 5 }, (_, i) =>
				reserveAttempt(db, `many${i}@example.org`, ip, T0)
			)
		);
		expect(checks.filter((c) => c.allowed)).toHaveLength(IP_MAX_FAILURES);
	});

	it('gives the attempt back on success: the pair starts again and the address regains its slot', async () => {
		const ip = '192.0.2.80';
		for (let i = 0; i < IP_MAX_FAILURES - 1; i++) await reserveAttempt(db, `slot${i}@example.org`, ip, T0);
		const email = 'owner@example.org';
		expect(await reserveAttempt(db, email, ip, T0)).toEqual({ allowed: true });
		await recordSuccess(db, email, ip);
		// The right password did not use up the address's last attempt.
		expect(await reserveAttempt(db, 'last@example.org', ip, T0)).toEqual({ allowed: true });
		expect((await reserveAttempt(db, 'one-more@example.org', ip, T0)).allowed).toBe(false);
	});

	it('names the wait in whole seconds', () => {
		expect(waitMessage(1000)).toBe('Too many attempts. Wait 1 second and try again.');
		expect(waitMessage(1)).toBe('Too many attempts. Wait 1 second and try again.');
		expect(waitMessage(61_500)).toBe('Too many attempts. Wait 62 seconds and try again.');
	});
});

describe('WindowLimiter', () => {
	it('allows max hits per window and key, then says how long to wait', async () => {
		const limiter = new WindowLimiter('test', 3, 1000);
		expect([await limiter.hit('a', 0), await limiter.hit('a', 10), await limiter.hit('a', 20)]).toEqual([
			0, 0, 0
		]);
		expect(await limiter.hit('a', 400)).toBe(600);
		expect(await limiter.hit('b', 400)).toBe(0);
		expect(await limiter.hit('a', 1000)).toBe(0);
	});

	it('refuses with a rate-limited domain error that says how long to wait', async () => {
		const limiter = new WindowLimiter('test', 1, 60_000);
		const say = (s: number) => `Wait ${s} s.`;
		await limiter.take('a', say, 0);
		const refusal = await limiter.take('a', say, 30_500).catch((e: unknown) => e);
		expect(isDomainError(refusal) && [refusal.status, refusal.message]).toEqual([429, 'Wait 30 s.']);
	});
});

describe('WindowLimiter with REDIS_URL', () => {
	it('counts in this process, saying so once, when Redis does not answer', async () => {
		// A port nobody listens on.
		const port = await new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const { port } = probe.address() as net.AddressInfo;
				probe.close(() => resolve(port));
			});
		});
		process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const limiter = new WindowLimiter('unreachable', 2, 60_000);
			expect([await limiter.hit('a', 0), await limiter.hit('a', 1)]).toEqual([0, 0]);
			expect(await limiter.hit('a', 2)).toBe(59_998);
			expect(await limiter.hit('b', 3)).toBe(0);
			const lines = logged.mock.calls.map((c) => String(c[0]));
			expect(lines.filter((l) => l.includes('Redis does not answer'))).toHaveLength(1);
		} finally {
			delete process.env.REDIS_URL;
			logged.mockRestore();
			// The limiter's connection (kept for the process, limiter.ts) stops trying again.
			const shared = (globalThis as Record<symbol, { client?: { disconnect(): void } | null }>)[
				Symbol.for('parity.limiter.redis')
			];
			shared.client?.disconnect();
		}
	});
});
