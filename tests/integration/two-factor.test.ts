// Two-factor sign-in through the forms a browser without JavaScript posts: turning it on, signing in with a
// code or a recovery code, a facilitator held at its set-up page, a workspace asking it of its delegates, and an
// administrator's recorded reset.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { createPartnership, createToken, createUser, TEST_PASSWORD } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { one, type DB } from '../../src/lib/server/db/index.ts';
import { mailMessages, twoFactor } from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;

// The client address comes from X-Forwarded-For, so each test signs in from its own address.
useServer({ env: { ADDRESS_HEADER: 'x-forwarded-for' } }, (s) => ({ server, db } = s));

/** The code an authenticator app shows `ahead` steps from now. */
const appCode = (key: string, ahead = 0) =>
	generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(Date.now() / 30_000) + ahead), 6);

function cookieOf(res: { headers: Headers }, name: string): string | null {
	const raw = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
	return raw ? raw.split(';')[0] : null;
}

const get = (path: string, cookie?: string) =>
	fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

function signInAs(email: string, address: string) {
	return postForm(
		server,
		'/login',
		{ email, password: TEST_PASSWORD },
		{ headers: { 'x-forwarded-for': address } }
	);
}

/** Signs in with the password only: the session cookie of someone without two-factor sign-in. */
async function passwordSession(email: string, address: string): Promise<string> {
	const res = await signInAs(email, address);
	expect(res.status).toBe(303);
	return cookieOf(res, 'parity_session')!;
}

/** Turns two-factor sign-in on through the settings form; returns the key and the recovery codes shown. */
async function turnOn(cookie: string, address: string) {
	const page = await (await get('/settings/two-factor', cookie)).text();
	const key = /aria-label="Key"[^>]*>([A-Z2-7 ]+)</.exec(page)![1].replaceAll(' ', '');
	expect(page).toContain('otpauth://totp/Parity:');
	const wrong = await postForm(
		server,
		'/settings/two-factor?/enable',
		{ code: '000000' === appCode(key) ? '111111' : '000000' },
		{ cookie, headers: { 'x-forwarded-for': address } }
	);
	expect(wrong.status).toBe(422);
	const on = await postForm(
		server,
		'/settings/two-factor?/enable',
		{ code: appCode(key) },
		{ cookie, headers: { 'x-forwarded-for': address } }
	);
	expect(on.status).toBe(200);
	const codes = [...on.text.matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]);
	expect(codes).toHaveLength(10);
	return { key, codes };
}

/** The password step: the redirect to the code page and its cookie (no session). */
async function firstStep(email: string, address: string) {
	const res = await signInAs(email, address);
	expect(res.status).toBe(303);
	expect(res.headers.get('location')).toBe('/login/two-factor?next=%2F');
	expect(cookieOf(res, 'parity_session')).toBeNull();
	return cookieOf(res, 'parity_two_factor')!;
}

const secondStep = (challenge: string, code: string, address: string) =>
	postForm(
		server,
		'/login/two-factor',
		{ code },
		{ cookie: challenge, headers: { 'x-forwarded-for': address } }
	);

describe('two-factor sign-in', () => {
	it('is turned on without JavaScript, then asks for a code that works once, or a recovery code once', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const person = p.orgs[0].delegate;
		const at = '198.51.100.60';
		const cookie = await passwordSession(person.email, at);
		const { key, codes } = await turnOn(cookie, at);
		const status = await apiClient(server, { cookie }).get('/api/v1/me/two-factor');
		expect(status.json).toMatchObject({ enabled: true, required: false, recoveryCodesLeft: 10 });
		expect((await postForm(server, '/logout', {}, { cookie })).status).toBe(303);

		// The password alone gives no session: the pending step's token is no session either.
		const challenge = await firstStep(person.email, at);
		const pendingAsSession = `parity_session=${challenge.split('=')[1]}`;
		expect((await apiClient(server, { cookie: pendingAsSession }).get('/api/v1/me')).status).toBe(401);
		expect((await get('/login/two-factor', challenge)).status).toBe(200);

		const wrong = await secondStep(challenge, '000000' === appCode(key, 1) ? '111111' : '000000', at);
		expect(wrong.status).toBe(400);
		expect(wrong.text).toContain('That code is not right');
		const code = appCode(key, 1);
		const done = await secondStep(challenge, code, at);
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/');
		const session = cookieOf(done, 'parity_session')!;
		const settings = await (await get('/settings', session)).text();
		expect(settings).toContain('password + authenticator · this browser');

		// The same code again is refused, and so is a used recovery code.
		const again = await firstStep(person.email, at);
		expect((await secondStep(again, code, at)).status).toBe(400);
		const recovered = await secondStep(again, codes[0], at);
		expect(recovered.status).toBe(303);
		expect(recovered.headers.get('location')).toBe('/settings/two-factor?recovered=1');
		const history = await (await get('/settings', cookieOf(recovered, 'parity_session')!)).text();
		expect(history).toContain('password + recovery code · this browser');
		const third = await firstStep(person.email, at);
		expect((await secondStep(third, codes[0], at)).status).toBe(400);

		// Wrong codes slow down like wrong passwords.
		const guesser = '203.0.113.61';
		const theirs = await firstStep(person.email, guesser);
		for (let i = 0; i < 3; i++) expect((await secondStep(theirs, `00000${i}`, guesser)).status).toBe(400);
		expect((await secondStep(theirs, appCode(key, 1), guesser)).status).toBe(429);
		// Typing the right password again does not forgive them.
		expect((await secondStep(await firstStep(person.email, guesser), appCode(key, 1), guesser)).status).toBe(
			429
		);
	});

	it('holds a facilitator without it at its set-up page until it is on (access tokens are not held)', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const fran = p.facilitator;
		const at = '198.51.100.62';
		const cookie = await passwordSession(fran.email, at);
		const page = await get(`/w/${p.workspace.slug}`, cookie);
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe(
			`/settings/two-factor?next=${encodeURIComponent(`/w/${p.workspace.slug}`)}`
		);
		const client = apiClient(server, { cookie });
		const refused = await client.get('/api/v1/workspaces');
		expect(refused.status).toBe(403);
		expect(refused.json.error.code).toBe('two_factor_setup_required');
		expect((await client.get('/api/v1/me/two-factor')).json).toMatchObject({
			enabled: false,
			required: true
		});
		const token = await createToken(db, fran.id);
		expect((await apiClient(server, { token }).get('/api/v1/workspaces')).status).toBe(200);
		const held = await (await get('/settings/two-factor', cookie)).text();
		expect(held).toContain('Set up two-factor sign-in to go on.');
		expect(held).toContain(`You are a facilitator of ${p.workspace.name}.`);

		const { key } = await turnOn(cookie, at);
		expect((await get(`/w/${p.workspace.slug}`, cookie)).status).toBe(200);
		// It cannot be turned off while it is required.
		const off = await postForm(
			server,
			'/settings/two-factor?/disable',
			{ code: appCode(key, 1) },
			{ cookie, headers: { 'x-forwarded-for': at } }
		);
		expect(off.status).toBe(409);
		expect(off.text).toContain('You must keep two-factor sign-in on.');
	});

	it('is asked of voting delegates by a workspace setting, and reset by an administrator, both recorded', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const delegate = p.orgs[0].delegate;
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const saved = await postForm(
			server,
			`/w/${p.workspace.slug}/settings`,
			{
				name: p.workspace.name,
				description: '',
				visibility: 'private',
				timeZone: 'Europe/London',
				requireTwoFactor: 'on'
			},
			{ cookie: p.facilitator.cookie }
		);
		expect(saved.status).toBe(200);
		const at = '198.51.100.63';
		const cookie = await passwordSession(delegate.email, at);
		expect((await get(`/w/${p.workspace.slug}`, cookie)).status).toBe(303);
		await turnOn(cookie, at);

		// Only administrators reach the reset page.
		const path = `/admin/users/${delegate.id}/two-factor`;
		expect((await get(path, p.facilitator.cookie)).status).toBe(403);
		const admin = await createUser(db, { name: 'Ada Admin', isAdmin: true });
		const form = await get(path, admin.cookie);
		expect(form.status).toBe(200);
		expect(await form.text()).toContain('Reset two-factor sign-in');
		expect((await postForm(server, path, { reason: '' }, { cookie: admin.cookie })).status).toBe(400);
		const reset = await postForm(
			server,
			path,
			{ reason: 'Lost phone; identity checked by video call' },
			{ cookie: admin.cookie }
		);
		expect(reset.status).toBe(200);
		expect(reset.text).toContain('two-factor sign-in is reset');
		expect(one(await db.select().from(twoFactor).where(eq(twoFactor.userId, delegate.id)))).toBeUndefined();
		expect((await get('/settings', cookie)).status).toBe(303); // signed out everywhere

		const history = (await fran.get(`/api/v1/workspaces/${p.workspace.id}/history`)).json.changes as {
			kind: string;
			by: string;
			summary: string;
			concernsVotes: boolean;
		}[];
		expect(history.find((c) => c.kind === 'workspace.changed')).toMatchObject({
			summary: 'two-factor sign-in required of voting delegates: no → yes',
			concernsVotes: true
		});
		expect(history.find((c) => c.kind === 'account.two-factor-reset')).toMatchObject({
			by: 'Ada Admin',
			summary: `${delegate.name}: two-factor sign-in reset by an administrator. Reason: Lost phone; identity checked by video call`,
			concernsVotes: true
		});
		const mail = one(
			await db
				.select()
				.from(mailMessages)
				.where(and(eq(mailMessages.kind, 'security'), eq(mailMessages.to, delegate.email)))
		);
		expect(mail?.subject).toBe('Your Parity two-factor sign-in was reset');

		// Still required of them: the next sign-in is held at the set-up page again.
		const next = await passwordSession(delegate.email, at);
		expect((await get(`/w/${p.workspace.slug}`, next)).status).toBe(303);
	});
});
