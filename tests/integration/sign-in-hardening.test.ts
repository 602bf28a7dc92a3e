// Sign-in against a hostile client: open redirects after normalisation, concurrent password guesses (each
// guess is counted before the password is checked), and secrets in the paths the server logs.
import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/index.ts';
import { createUser, TEST_PASSWORD } from '../fixtures/factory.ts';
import { postForm } from '../fixtures/http.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { FREE_FAILURES, IP_MAX_FAILURES } from '../../src/lib/server/auth/rate-limit.ts';

let server: TestServer;
let db: DB;
// The client address comes from X-Forwarded-For, so each test guesses "from" its own address.
useServer({ env: { ADDRESS_HEADER: 'x-forwarded-for' } }, (s) => ({ server, db } = s));

const WRONG = 'The email address or password is not right.';

describe('the address followed after signing in', () => {
	const hostile = ['/.//evil.example', '/..//evil.example', '/a/..//evil.example', '/%2e//evil.example'];

	it('stays on this site after normalisation, when already signed in', async () => {
		const user = await createUser(db);
		for (const next of hostile) {
			const res = await fetch(`${server.url}/login?next=${encodeURIComponent(next)}`, {
				headers: { cookie: user.cookie },
				redirect: 'manual'
			});
			expect(res.status, next).toBe(303);
			expect(res.headers.get('location'), next).toBe('/');
		}
	});

	it('stays on this site after normalisation, when signing in', async () => {
		const user = await createUser(db);
		for (const [i, next] of hostile.entries()) {
			const res = await postForm(
				server,
				'/login',
				{ email: user.email, password: TEST_PASSWORD, next },
				{ headers: { 'x-forwarded-for': `198.51.100.${120 + i}` } }
			);
			expect(res.status, next).toBe(303);
			expect(res.headers.get('location'), next).toBe('/');
		}
		// The next address in the query string (where the sign-in page puts it) is checked the same way.
		const viaQuery = await postForm(
			server,
			`/login?next=${encodeURIComponent('/.//evil.example')}`,
			{ email: user.email, password: TEST_PASSWORD },
			{ headers: { 'x-forwarded-for': '198.51.100.130' } }
		);
		expect(viaQuery.headers.get('location')).toBe('/');
	});
});

type Answer = { status: number; text: string };
const count = (answers: Answer[], status: number, needle?: string) =>
	answers.filter((a) => a.status === status && (!needle || a.text.includes(needle))).length;

/**
 * How many wrong guesses the back-off lets through in a burst lasting `elapsedMs`: the free ones, then one more
 * after each wait of 1 s, 2 s, 4 s … that fits in the burst. A quiet machine answers 40 guesses well within a
 * second (exactly the free allowance); a loaded one may legitimately take long enough for the first wait to end.
 */
function allowance(elapsedMs: number): number {
	let extra = 0;
	while (elapsedMs >= 1000 * (2 ** (extra + 1) - 1)) extra++;
	return FREE_FAILURES + extra;
}

describe('password guesses at once', () => {
	it('checks at most the free allowance of one account, however many guesses arrive together', async () => {
		const user = await createUser(db);
		const started = Date.now();
		const answers = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				postForm(
					server,
					'/login',
					{ email: user.email, password: `wrong guess ${i}` },
					{ headers: { 'x-forwarded-for': '203.0.113.70' } }
				)
			)
		);
		const checked = count(answers, 400, WRONG);
		expect(checked).toBeGreaterThanOrEqual(FREE_FAILURES);
		expect(checked).toBeLessThanOrEqual(allowance(Date.now() - started));
		expect(count(answers, 429)).toBe(40 - checked);
		// The owner, from their own address, still signs in.
		const owner = await postForm(
			server,
			'/login',
			{ email: user.email, password: TEST_PASSWORD },
			{ headers: { 'x-forwarded-for': '198.51.100.71' } }
		);
		expect(owner.status).toBe(303);
	});

	it('checks at most the per-address limit across many accounts at once', async () => {
		const n = IP_MAX_FAILURES + 10;
		const answers = await Promise.all(
			Array.from({ length: n }, (_, i) =>
				postForm(
					server,
					'/login',
					{ email: `guess-${i}@example.org`, password: 'a wrong password' },
					{ headers: { 'x-forwarded-for': '203.0.113.80' } }
				)
			)
		);
		expect(count(answers, 400, WRONG)).toBe(IP_MAX_FAILURES);
		expect(count(answers, 429)).toBe(n - IP_MAX_FAILURES);
	});

	it('throttles the current-password check on the settings page the same way', async () => {
		const user = await createUser(db);
		const started = Date.now();
		const answers = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				postForm(
					server,
					'/settings?/password',
					{
						current: `wrong guess ${i}`,
						password: 'a brand new passphrase',
						confirm: 'a brand new passphrase'
					},
					{ cookie: user.cookie, headers: { 'x-forwarded-for': '203.0.113.90' } }
				)
			)
		);
		const checked = count(answers, 400, 'Your current password is not right.');
		expect(checked).toBeGreaterThanOrEqual(FREE_FAILURES);
		expect(checked).toBeLessThanOrEqual(allowance(Date.now() - started));
		expect(count(answers, 429)).toBe(40 - checked);
		// The right password is still checked from another address, and a success clears the back-off.
		const right = await postForm(
			server,
			'/settings?/password',
			{ current: TEST_PASSWORD, password: 'a brand new passphrase', confirm: 'a brand new passphrase' },
			{ cookie: user.cookie, headers: { 'x-forwarded-for': '198.51.100.91' } }
		);
		expect(right.status).toBe(200);
		expect(right.text).toContain('Your password has been changed');
	});
});

describe('secrets in logged paths', () => {
	it('never writes an invitation, reset, consultation-link or unsubscribe secret to the log', async () => {
		await createUser(db); // past the first-run set-up, which would answer every path with a redirect
		const secrets = Array.from({ length: 5 }, (_, i) => `s3cr3t${i}${crypto.randomUUID().replace(/-/g, '')}`);
		const [invite, reset, consult, unsubscribe, query] = secrets;
		// Posts that fail in the framework (no such form action), which logs the request's path.
		for (const path of [
			`/invite/${invite}`,
			`/reset/${reset}?/nothing`,
			`/consult/${consult}?/nothing`,
			`/unsubscribe/${unsubscribe}?/nothing`,
			`/no-such-page?token=${query}`
		])
			expect((await postForm(server, path, { a: 'b' })).status).toBeGreaterThanOrEqual(400);
		await new Promise((r) => setTimeout(r, 100));
		const log = server.output();
		expect(log).toContain('/invite/[redacted]');
		expect(log).toContain('/unsubscribe/[redacted]');
		for (const s of secrets) expect(log).not.toContain(s);
	});
});
