import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { SETUP_CODE, type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { createPartnership, createUser, TEST_PASSWORD } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { first, one, type DB } from '../../src/lib/server/db/index.ts';
import { invitations, users, workspaces } from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;

// The client address comes from X-Forwarded-For, so tests can sign in "from" different addresses.
useServer({ env: { ADDRESS_HEADER: 'x-forwarded-for' } }, (s) => ({ server, db } = s));

const EVIL = 'http://evil.example';
const WRONG = 'The email address or password is not right.';

function sessionCookie(res: { headers: Headers }): { pair: string; attributes: string } {
	const raw = res.headers.getSetCookie().find((c) => c.startsWith('parity_session='));
	expect(raw, 'a session cookie is set').toBeDefined();
	const [pair, ...rest] = raw!.split(';').map((s) => s.trim());
	return { pair, attributes: rest.join('; ') };
}

const get = (path: string, cookie?: string) =>
	fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

const signIn = (email: string, password: string, address: string) =>
	postForm(server, '/login', { email, password }, { headers: { 'x-forwarded-for': address } });

/** The text of the form's message (role="alert") in a rendered page. */
function alertText(html: string): string {
	const m = /<[^>]+role="alert"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(html);
	return (m?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
}

describe('first run', () => {
	const admin = {
		name: 'Amara Okoye',
		email: 'amara@example.org',
		password: 'a long and private passphrase'
	};

	it('sends every page to the set-up form while no account exists', async () => {
		const res = await get('/');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/setup');
	});

	it('refuses to create the administrator without the set-up code, or with a wrong one', async () => {
		const missing = await postForm(server, '/setup', { ...admin, code: '' });
		expect(missing.status).toBe(400);
		expect(missing.text).toContain('Enter the set-up code');
		const wrong = await postForm(server, '/setup', { ...admin, code: 'not-the-code' });
		expect(wrong.status).toBe(403);
		expect(wrong.text).toContain('set-up code is not right');
		// What the person typed is kept, except the code and password.
		expect(wrong.text).toContain('Amara Okoye');
		expect(wrong.text).not.toContain(admin.password);
		expect(first(await db.select({ n: sql<number>`count(*)` }).from(users)).n).toBe(0);
	});

	it('creates the administrator with the code, signs them in, and is then closed', async () => {
		const res = await postForm(server, '/setup', { ...admin, code: SETUP_CODE });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
		const { pair } = sessionCookie(res);
		const me = await apiClient(server, { cookie: pair }).get('/api/v1/me');
		expect(me.json).toMatchObject({ email: admin.email, isAdmin: true });

		const home = await get('/');
		expect(home.status).toBe(200);
		expect((await get('/setup')).status).toBe(303);
		// The code cannot make a second administrator.
		const again = await postForm(server, '/setup', {
			...admin,
			email: 'mallory@example.org',
			code: SETUP_CODE
		});
		expect(again.status).toBe(303);
		expect(first(await db.select({ n: sql<number>`count(*)` }).from(users)).n).toBe(1);
	});
});

describe('signing in', () => {
	it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
		const user = await createUser(db);
		const res = await signIn(user.email, TEST_PASSWORD, '198.51.100.10');
		expect(res.status).toBe(303);
		const { pair, attributes } = sessionCookie(res);
		expect(attributes).toMatch(/HttpOnly/i);
		expect(attributes).toMatch(/SameSite=Lax/i);
		expect(attributes).toMatch(/Path=\//i);
		expect(attributes).toMatch(/Expires=/i);
		expect(attributes).not.toMatch(/Secure/i); // plain HTTP here; Secure behind HTTPS
		expect((await apiClient(server, { cookie: pair }).get('/api/v1/me')).json.id).toBe(user.id);
	});

	it('follows only same-site paths after signing in (no open redirect)', async () => {
		const user = await createUser(db);
		const cases: [string, string][] = [
			['/w/some-workspace?tab=votes', '/w/some-workspace?tab=votes'],
			['https://evil.example/', '/'],
			['//evil.example/', '/'],
			['/\\evil.example/', '/'],
			['/\t/evil.example/', '/'],
			['/\n/evil.example/', '/']
		];
		for (const [i, [next, expected]] of cases.entries()) {
			const res = await postForm(
				server,
				'/login',
				{ email: user.email, password: TEST_PASSWORD, next },
				{ headers: { 'x-forwarded-for': `198.51.100.${40 + i}` } }
			);
			expect(res.status, JSON.stringify(next)).toBe(303);
			expect(res.headers.get('location'), JSON.stringify(next)).toBe(expected);
		}
	});

	it('says the same thing for an unknown address as for a wrong password', async () => {
		const user = await createUser(db);
		const unknown = await signIn('nobody-here@example.org', 'some long password', '198.51.100.11');
		const wrong = await signIn(user.email, 'some long password', '198.51.100.12');
		expect(unknown.status).toBe(400);
		expect(wrong.status).toBe(400);
		expect(alertText(unknown.text)).toBe(WRONG);
		expect(alertText(wrong.text)).toBe(WRONG);
	});

	it('backs off after repeated wrong passwords, per account and address, without locking the account', async () => {
		const user = await createUser(db);
		const attacker = '203.0.113.20';
		for (let i = 0; i < 3; i++)
			expect((await signIn(user.email, `wrong guess ${i}`, attacker)).status).toBe(400);
		const blockedAt = Date.now();
		// Now even the right password waits, from that address.
		const blocked = await signIn(user.email, TEST_PASSWORD, attacker);
		expect(blocked.status).toBe(429);
		expect(alertText(blocked.text)).toMatch(/Too many attempts\. Wait 1 second/);
		// The account's owner, from another address, is not blocked.
		const owner = await signIn(user.email, TEST_PASSWORD, '198.51.100.21');
		expect(owner.status).toBe(303);
		// And the wait ends.
		await new Promise((r) => setTimeout(r, Math.max(0, blockedAt + 1100 - Date.now())));
		expect((await signIn(user.email, TEST_PASSWORD, attacker)).status).toBe(303);
	});
});

describe('cross-site requests', () => {
	it('refuses a form post from another origin (403)', async () => {
		const user = await createUser(db);
		const login = await postForm(
			server,
			'/login',
			{ email: user.email, password: TEST_PASSWORD },
			{ origin: EVIL }
		);
		expect(login.status).toBe(403);
		const change = await postForm(
			server,
			'/settings?/password',
			{ current: TEST_PASSWORD, password: 'changed by a stranger', confirm: 'changed by a stranger' },
			{ cookie: user.cookie, origin: EVIL }
		);
		expect(change.status).toBe(403);
		expect((await signIn(user.email, TEST_PASSWORD, '198.51.100.30')).status).toBe(303);
	});

	it('refuses a cookie-authenticated JSON request with a foreign or missing Origin (403)', async () => {
		const user = await createUser(db);
		const body = { name: 'Cross-site workspace' };
		for (const origin of [EVIL, null]) {
			const res = await apiClient(server, { cookie: user.cookie, origin }).post('/api/v1/workspaces', body);
			expect(res.status).toBe(403);
			expect(res.json.error.code).toBe('forbidden');
		}
		expect(await db.select().from(workspaces).where(eq(workspaces.name, body.name))).toHaveLength(0);
		// The same request from the page's own origin works.
		expect((await apiClient(server, { cookie: user.cookie }).post('/api/v1/workspaces', body)).status).toBe(
			201
		);
	});
});

describe('changing a password', () => {
	it('ends the user’s other sessions and keeps the current one', async () => {
		const user = await createUser(db);
		const other = sessionCookie(await signIn(user.email, TEST_PASSWORD, '198.51.100.40')).pair;
		expect((await apiClient(server, { cookie: other }).get('/api/v1/me')).status).toBe(200);

		const newPassword = 'a completely new passphrase';
		const wrongCurrent = await postForm(
			server,
			'/settings?/password',
			{ current: 'not my password', password: newPassword, confirm: newPassword },
			{ cookie: user.cookie }
		);
		expect(wrongCurrent.status).toBe(400);
		expect((await apiClient(server, { cookie: other }).get('/api/v1/me')).status).toBe(200);

		const res = await postForm(
			server,
			'/settings?/password',
			{ current: TEST_PASSWORD, password: newPassword, confirm: newPassword },
			{ cookie: user.cookie }
		);
		expect(res.status).toBe(200);
		expect(res.text).toContain('Your password has been changed');
		expect((await apiClient(server, { cookie: other }).get('/api/v1/me')).status).toBe(401);
		expect((await apiClient(server, { cookie: user.cookie }).get('/api/v1/me')).status).toBe(200);
		expect((await signIn(user.email, TEST_PASSWORD, '198.51.100.41')).status).toBe(400);
		expect((await signIn(user.email, newPassword, '198.51.100.41')).status).toBe(303);
	});
});

describe('invitations over HTTP', () => {
	it('invites, joins by the link with a new account, and refuses the link a second time', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const facilitator = apiClient(server, { cookie: p.facilitator.cookie });
		const created = await facilitator.post(`/api/v1/workspaces/${p.workspace.id}/invitations`, {
			email: 'ife@example.org',
			role: 'commenter',
			organisationId: p.orgs[0].org.id
		});
		expect(created.status, created.text).toBe(201);
		const path = new URL(created.json.link).pathname;
		expect(created.json.link.startsWith(server.url)).toBe(true);

		const page = await get(path);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain(p.workspace.name);

		const mismatch = await postForm(server, `${path}?/join`, {
			name: 'Ife Adeyemi',
			password: 'my own long passphrase',
			confirm: 'something else entirely'
		});
		expect(mismatch.status).toBe(400);

		const joined = await postForm(server, `${path}?/join`, {
			name: 'Ife Adeyemi',
			password: 'my own long passphrase',
			confirm: 'my own long passphrase'
		});
		expect(joined.status).toBe(303);
		expect(joined.headers.get('location')).toBe(`/w/${p.workspace.slug}`);
		const cookie = sessionCookie(joined).pair;
		const me = await apiClient(server, { cookie }).get('/api/v1/me');
		expect(me.json).toMatchObject({ email: 'ife@example.org', name: 'Ife Adeyemi' });
		expect(me.json.workspaces).toEqual([expect.objectContaining({ id: p.workspace.id, role: 'commenter' })]);
		expect((await get(`/w/${p.workspace.slug}`, cookie)).status).toBe(200);

		// Used once: neither joining again nor accepting again works.
		const again = await postForm(server, `${path}?/join`, {
			name: 'Someone Else',
			password: 'another long passphrase',
			confirm: 'another long passphrase'
		});
		expect(again.status).toBe(410);
		expect((await postForm(server, `${path}?/accept`, {}, { cookie })).status).toBe(410);
		const list = await facilitator.get(`/api/v1/workspaces/${p.workspace.id}/invitations`);
		expect(list.json.invitations[0]).toMatchObject({ status: 'accepted', acceptedBy: me.json.id });
	});

	it('refuses revoked and expired links, and unknown ones', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const facilitator = apiClient(server, { cookie: p.facilitator.cookie });
		const invite = async (email: string) => {
			const res = await facilitator.post(`/api/v1/workspaces/${p.workspace.id}/invitations`, {
				email,
				role: 'observer',
				organisationId: p.orgs[0].org.id
			});
			expect(res.status, res.text).toBe(201);
			return { id: res.json.invitation.id as string, path: new URL(res.json.link).pathname };
		};
		const form = {
			name: 'Late Comer',
			password: 'a long enough passphrase',
			confirm: 'a long enough passphrase'
		};

		const revoked = await invite('revoked@example.org');
		expect((await facilitator.delete(`/api/v1/invitations/${revoked.id}`)).status).toBe(204);
		expect((await postForm(server, `${revoked.path}?/join`, form)).status).toBe(410);

		const expired = await invite('expired@example.org');
		await db
			.update(invitations)
			.set({ expiresAt: Date.now() - 1000 })
			.where(eq(invitations.id, expired.id));
		expect((await postForm(server, `${expired.path}?/join`, form)).status).toBe(410);

		for (const email of ['revoked@example.org', 'expired@example.org'])
			expect(one(await db.select().from(users).where(eq(users.email, email)))).toBeUndefined();
		expect((await get('/invite/abcdefghijklmnopqrstuvwxyz234567')).status).toBe(404);
	});
});

describe('sign-in history', () => {
	const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
	const PHONE =
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

	it('shows each sign-in with its device, and "sign out everywhere" ends every session', async () => {
		const person = await createUser(db, { name: 'Hana History' });
		const from = async (ua: string) => {
			const res = await postForm(
				server,
				'/login',
				{ email: person.email, password: TEST_PASSWORD },
				{ headers: { 'x-forwarded-for': '203.0.113.80', 'user-agent': ua } }
			);
			expect(res.status).toBe(303);
			return sessionCookie(res).pair;
		};
		const laptop = await from(FIREFOX);
		const phone = await from(PHONE);

		const settings = await get('/settings', laptop);
		expect(settings.status).toBe(200);
		const html = await settings.text();
		const history = html.slice(html.indexOf('Sign-in history'), html.indexOf('Sign out everywhere'));
		expect(history).toContain('Firefox on Linux · password · this browser');
		expect(history).toContain('Safari on iPhone · password · still signed in');

		// A form post without the laptop's cookie does nothing; with it, both sessions end.
		const refused = await postForm(server, '/settings?/signOutEverywhere', {});
		expect(refused.status).toBe(303);
		expect(refused.headers.get('location')).toBe('/login');
		expect((await get('/settings', phone)).status).toBe(200);
		const out = await postForm(server, '/settings?/signOutEverywhere', {}, { cookie: laptop });
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/login?signedOut=everywhere');
		for (const cookie of [laptop, phone]) expect((await get('/settings', cookie)).status).toBe(303);
		const notice = await (await get('/login?signedOut=everywhere')).text();
		expect(notice).toContain('You are signed out on every device and browser.');

		// The history stays, now with nobody signed in.
		const again = await from(FIREFOX);
		const later = await (await get('/settings', again)).text();
		expect(later.match(/still signed in/g)).toBeNull();
		expect(later.match(/Firefox on Linux · password/g)?.length).toBe(2);
	});
});
