// Single sign-on against a real OpenID provider (oidc-provider, started here): linking an existing account
// only with its password, an invited person's account made on the way in, and the answers refused — an
// unverified address, a domain not allowed, nobody invited, a replayed answer, an unreachable provider and ID
// tokens from another issuer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { signIns, ssoIdentities, users, workspaceMembers } from '../../src/lib/server/db/schema/index.ts';
import { createInvitation, invitationInput } from '../../src/lib/server/workspaces/invitations.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { createUser, createWorkspace, openTestDb, TEST_PASSWORD } from '../fixtures/factory.ts';
import { postForm } from '../fixtures/http.ts';
import { startServer, type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import {
	CLIENT_ID,
	CLIENT_SECRET,
	signInAtProvider,
	startImpostor,
	startProvider,
	type TestProvider
} from '../fixtures/oidc.ts';

let server: TestServer;
let db: DB;
let provider: TestProvider;

const ssoEnv = (issuer: string) => ({
	OIDC_ISSUER: issuer,
	OIDC_CLIENT_ID: CLIENT_ID,
	OIDC_CLIENT_SECRET: CLIENT_SECRET,
	OIDC_ALLOWED_DOMAINS: 'nhs.example, council.example',
	OIDC_NAME: 'Test NHS login'
});

beforeAll(async () => {
	provider = await startProvider();
});
afterAll(async () => {
	await provider?.stop();
});
useServer(
	() => ({ env: ssoEnv(provider.issuer) }),
	(s) => {
		({ server, db } = s);
		provider.register(server.url);
	}
);

/** `name=value` of each cookie a response sets. */
function cookiesOf(res: Response): Record<string, string> {
	return Object.fromEntries(
		res.headers.getSetCookie().map((c) => {
			const [pair] = c.split(';');
			return [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
		})
	);
}

/** Starts single sign-on at Parity and signs in at the provider as `account`: the callback and its cookie. */
async function throughProvider(account: string, at = server, next = '/settings') {
	const start = await fetch(`${at.url}/login/sso?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
	expect(start.status).toBe(303);
	const state = cookiesOf(start).parity_sso_state;
	expect(state).toBeTruthy();
	const callback = await signInAtProvider(start.headers.get('location')!, account);
	return { callback, cookie: `parity_sso_state=${state}` };
}

async function get(url: string | URL, cookie = '') {
	const res = await fetch(url, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
	return { res, status: res.status, text: await res.text(), cookies: cookiesOf(res) };
}

const sessionCookie = (cookies: Record<string, string>) => cookies[SESSION_COOKIE] || undefined;

describe('single sign-on with an account that has a password', () => {
	it('links only once the password is entered, then signs straight in', async () => {
		const user = await createUser(db, { email: 'alex@nhs.example', name: 'Alex Rowe' });
		provider.accounts.set('alex', { email: 'Alex@nhs.example', email_verified: true, name: 'Alex R' });

		const first = await throughProvider('alex');
		const answer = await get(first.callback, first.cookie);
		expect(answer.status).toBe(303);
		expect(answer.res.headers.get('location')).toBe('/login/sso/link');
		expect(sessionCookie(answer.cookies), 'no session on the email address alone').toBeUndefined();
		const link = `parity_sso_link=${answer.cookies.parity_sso_link}`;
		expect(db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id)).all()).toEqual([]);

		const page = await get(`${server.url}/login/sso/link`, link);
		expect(page.status).toBe(200);
		expect(page.text).toContain('alex@nhs.example');
		expect(page.text).toContain('Parity password');

		const wrong = await postForm(
			server,
			'/login/sso/link',
			{ password: 'not the password' },
			{ headers: { cookie: link } }
		);
		expect(wrong.status).toBe(400);
		expect(wrong.text).toContain('That password is not right.');
		expect(wrong.headers.getSetCookie().join()).not.toContain(SESSION_COOKIE);

		const right = await postForm(
			server,
			'/login/sso/link',
			{ password: TEST_PASSWORD },
			{ headers: { cookie: link } }
		);
		expect(right.status).toBe(303);
		expect(right.headers.get('location')).toBe('/settings');
		expect(right.headers.getSetCookie().join()).toContain(`${SESSION_COOKIE}=`);
		const linked = db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id)).all();
		expect(linked).toMatchObject([{ issuer: provider.issuer, subject: 'alex', email: 'alex@nhs.example' }]);
		// The request to link is used up.
		expect((await get(`${server.url}/login/sso/link`, link)).status).toBe(410);

		const again = await throughProvider('alex');
		const straight = await get(again.callback, again.cookie);
		expect(straight.status).toBe(303);
		expect(straight.res.headers.get('location')).toBe('/settings');
		const session = sessionCookie(straight.cookies);
		expect(session).toBeTruthy();
		const methods = db
			.select({ method: signIns.method })
			.from(signIns)
			.where(eq(signIns.userId, user.id))
			.all();
		expect(methods).toEqual([{ method: 'single sign-on' }, { method: 'single sign-on' }]);

		// The settings page shows the link and undoes it (the account has a password).
		const cookie = `${SESSION_COOKIE}=${session}`;
		const settings = await get(`${server.url}/settings`, cookie);
		expect(settings.text).toContain('Linked to your Test NHS login account');
		// "Download my data" names the linked account.
		const data = await get(`${server.url}/settings/data.json`, cookie);
		expect(JSON.parse(data.text).signInProviders).toEqual([
			expect.objectContaining({ issuer: provider.issuer, email: 'alex@nhs.example' })
		]);
		const unlink = await postForm(server, '/settings?/unlinkSso', { id: linked[0].id }, { cookie });
		expect(unlink.status).toBe(200);
		expect(unlink.text).toContain('Single sign-on is unlinked');
		expect(db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id)).all()).toEqual([]);
	});
});

describe('single sign-on for someone invited', () => {
	it('makes their account, linked, with the name the provider gives, and accepts the invitation', async () => {
		const facilitator = await createUser(db);
		const ws = await createWorkspace(db, { facilitatorId: facilitator.id });
		const { token } = await createInvitation(
			db,
			ws.id,
			invitationInput.parse({ email: 'sam@council.example', role: 'facilitator' }),
			facilitator.id
		);
		const invitation = await get(`${server.url}/invite/${token}`);
		expect(invitation.text).toContain(`href="/login/sso?next=${encodeURIComponent(`/invite/${token}`)}"`);
		expect(invitation.text).toContain('Join with Test NHS login');
		provider.accounts.set('sam', { email: 'sam@council.example', email_verified: true, name: 'Sam Okafor' });

		const { callback, cookie } = await throughProvider('sam');
		const answer = await get(callback, cookie);
		expect(answer.status).toBe(303);
		expect(answer.res.headers.get('location')).toBe(`/w/${ws.slug}`);
		expect(sessionCookie(answer.cookies)).toBeTruthy();
		const made = db.select().from(users).where(eq(users.email, 'sam@council.example')).get()!;
		expect(made).toMatchObject({ name: 'Sam Okafor', passwordHash: '' });
		expect(db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, made.id)).all()).toHaveLength(1);
		const member = db
			.select()
			.from(workspaceMembers)
			.where(and(eq(workspaceMembers.workspaceId, ws.id), eq(workspaceMembers.userId, made.id)))
			.get();
		expect(member?.role).toBe('facilitator');

		// With no password, the link cannot be undone (it is the only way in).
		const settings = await get(
			`${server.url}/settings`,
			`${SESSION_COOKIE}=${sessionCookie(answer.cookies)}`
		);
		expect(settings.text).toContain('cannot be unlinked');
	});
});

describe('single sign-on refused', () => {
	async function refused(account: string, status: number, message: string) {
		const { callback, cookie } = await throughProvider(account);
		const answer = await get(callback, cookie);
		expect(answer.status).toBe(status);
		expect(answer.text).toContain(message);
		expect(answer.text).toContain('You are not signed in');
		expect(sessionCookie(answer.cookies)).toBeUndefined();
	}

	it('for an address the provider has not verified, even of an existing account', async () => {
		await createUser(db, { email: 'jo@nhs.example' });
		provider.accounts.set('jo', { email: 'jo@nhs.example', email_verified: false, name: 'Jo' });
		await refused('jo', 403, 'has not verified your email address (jo@nhs.example)');
		provider.accounts.set('jo-silent', { email: 'jo@nhs.example', name: 'Jo' });
		await refused('jo-silent', 403, 'has not verified your email address');
		// Entra's "domain owner verified" stands in for a missing email_verified, never for a false one.
		provider.accounts.set('jo-denied', { email: 'jo@nhs.example', email_verified: false, xms_edov: true });
		await refused('jo-denied', 403, 'has not verified your email address');
		provider.accounts.set('jo-entra', { email: 'jo@nhs.example', xms_edov: true, name: 'Jo' });
		const { callback, cookie } = await throughProvider('jo-entra');
		const answer = await get(callback, cookie);
		expect(answer.status).toBe(303);
		expect(answer.res.headers.get('location')).toBe('/login/sso/link');
	});

	it('for an address outside the allowed domains', async () => {
		await createUser(db, { email: 'kim@elsewhere.example' });
		provider.accounts.set('kim', { email: 'kim@elsewhere.example', email_verified: true });
		await refused('kim', 403, 'Addresses at elsewhere.example cannot sign in with Test NHS login');
	});

	it('for someone with no account and no invitation', async () => {
		provider.accounts.set('lee', { email: 'lee@nhs.example', email_verified: true, name: 'Lee' });
		await refused('lee', 403, 'ask a facilitator to invite you');
		expect(db.select().from(users).where(eq(users.email, 'lee@nhs.example')).all()).toEqual([]);
	});

	it('when the person cancels at the provider', async () => {
		const start = await fetch(`${server.url}/login/sso`, { redirect: 'manual' });
		const cookie = `parity_sso_state=${cookiesOf(start).parity_sso_state}`;
		const callback = await signInAtProvider(start.headers.get('location')!, 'nobody', { cancel: true });
		expect(callback.searchParams.get('error')).toBe('access_denied');
		const answer = await get(callback, cookie);
		expect(answer.status).toBe(400);
		expect(answer.text).toContain('Signing in with Test NHS login was cancelled.');
	});

	it('for an answer replayed, with or without the state cookie', async () => {
		await createUser(db, { email: 'mo@nhs.example' });
		provider.accounts.set('mo', { email: 'mo@nhs.example', email_verified: true });
		const { callback, cookie } = await throughProvider('mo');
		expect((await get(callback, cookie)).status).toBe(303);
		for (const replay of [cookie, '']) {
			const answer = await get(callback, replay);
			expect(answer.status).toBe(400);
			expect(answer.text).toContain('not one Parity is waiting for');
			expect(sessionCookie(answer.cookies)).toBeUndefined();
			expect(answer.cookies.parity_sso_link).toBeUndefined();
		}
		// A state made up, and one from another browser's attempt.
		const other = await throughProvider('mo');
		expect((await get(other.callback, cookie)).status).toBe(400);
	});
});

describe('single sign-on with the wrong provider', () => {
	it('is unavailable while the provider cannot be reached, and refuses ID tokens of another issuer', async () => {
		const impostor = await startImpostor(provider);
		const second = await startServer({ env: ssoEnv(impostor.issuer) });
		const secondDb = openTestDb(second.dbFile);
		try {
			provider.register(server.url, second.url);
			await createUser(secondDb, { email: 'nia@nhs.example' });
			const login = await get(`${second.url}/login`);
			expect(login.status, second.output()).toBe(200);
			expect(login.text).toContain('Sign in with Test NHS login');

			impostor.down = true;
			const down = await get(`${second.url}/login/sso`);
			expect(down.status).toBe(503);
			expect(down.text).toContain('Single sign-on is unavailable at the moment');
			expect(second.output()).toContain('Single sign-on: the provider cannot be reached');
			impostor.down = false;

			provider.accounts.set('nia', { email: 'nia@nhs.example', email_verified: true });
			const { callback, cookie } = await throughProvider('nia', second);
			expect(callback.searchParams.has('iss')).toBe(false);
			const answer = await get(callback, cookie);
			expect(answer.status).toBe(400);
			expect(answer.text).toContain('could not be trusted');
			expect(sessionCookie(answer.cookies)).toBeUndefined();
			// The log says which check failed, and holds no code.
			expect(second.output()).toMatch(/answer was refused \(.*"iss"/);
			expect(second.output()).not.toContain(callback.searchParams.get('code')!);
		} finally {
			secondDb.$client.close();
			await second.stop();
			second.cleanup();
			await impostor.stop();
			provider.register(server.url);
		}
	});
});
