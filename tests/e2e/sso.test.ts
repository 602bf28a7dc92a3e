// Single sign-on in Chromium at phone width: the sign-in page's link to the provider, the provider's pages,
// and Parity's page asking for the password once to link — with JavaScript and without, axe on both pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DB } from '../../src/lib/server/db/index.ts';
import { createUser, TEST_PASSWORD } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll } from '../fixtures/browser.ts';
import { CLIENT_ID, CLIENT_SECRET, startProvider, type TestProvider } from '../fixtures/oidc.ts';

let server: TestServer;
let db: DB;
let browser: Browser;
let provider: TestProvider;

beforeAll(async () => {
	provider = await startProvider();
});
afterAll(async () => {
	await provider?.stop();
});
useServerAndBrowser(
	() => ({
		env: {
			OIDC_ISSUER: provider.issuer,
			OIDC_CLIENT_ID: CLIENT_ID,
			OIDC_CLIENT_SECRET: CLIENT_SECRET,
			OIDC_ALLOWED_DOMAINS: 'nhs.example',
			OIDC_NAME: 'NHS (Microsoft Entra ID)'
		}
	}),
	(s) => {
		({ server, db, browser } = s);
		provider.register(server.url);
	}
);

const PHONE = { width: 360, height: 740 };

/** A browser context at phone width; the provider's pages ask for a web font, which is not fetched. */
async function phone(javaScriptEnabled = true) {
	const context = await contextAs(browser, server, undefined, { viewport: PHONE, javaScriptEnabled });
	await context.route(/^https:\/\/fonts\.(googleapis|gstatic)\.com\//, (route) => route.abort());
	return context;
}

/** The provider's development pages: its sign-in form, then its consent. */
async function signInAtProvider(page: Page, account: string) {
	await page.locator('input[name="login"]').fill(account);
	await page.locator('input[name="password"]').fill('anything');
	await page.getByRole('button', { name: 'Sign-in' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
}

describe('single sign-on in the browser', () => {
	it('links an account with its password once, then signs in with one click, at 360 px', async () => {
		await createUser(db, { email: 'ade@nhs.example', name: 'Ade Bello' });
		provider.accounts.set('ade', { email: 'ade@nhs.example', email_verified: true, name: 'Ade Bello' });
		const context = await phone();
		const page = await context.newPage();
		await page.goto('/login');
		await expectAccessible(page, '/login with single sign-on');
		await expectNoSidewaysScroll(page);
		await page.getByRole('link', { name: 'Sign in with NHS (Microsoft Entra ID)' }).click();
		await signInAtProvider(page, 'ade');

		await page.getByRole('heading', { name: 'Link your account' }).waitFor();
		await expectAccessible(page, '/login/sso/link');
		await expectNoSidewaysScroll(page);
		await page.getByLabel('Parity password').fill('wrong password');
		await page.getByRole('button', { name: 'Link and sign in' }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('That password is not right.');
		await page.getByLabel('Parity password').fill(TEST_PASSWORD);
		await page.getByRole('button', { name: 'Link and sign in' }).click();
		await page.waitForURL(`${server.url}/`);

		// Signed out, the next single sign-on goes straight in (the provider remembers the person too).
		await context.clearCookies({ name: 'parity_session' });
		await page.goto('/login?next=/settings');
		await page.getByRole('link', { name: 'Sign in with NHS (Microsoft Entra ID)' }).click();
		await page.waitForURL(`${server.url}/settings`);
		await expect
			.poll(() => page.getByText('Linked to your NHS (Microsoft Entra ID) account').count())
			.toBe(1);
		await expectAccessible(page, '/settings with single sign-on linked');
		await context.close();
	});

	it('works without JavaScript', async () => {
		await createUser(db, { email: 'bo@nhs.example', name: 'Bo Chen' });
		provider.accounts.set('bo', { email: 'bo@nhs.example', email_verified: true, name: 'Bo Chen' });
		const context = await contextAs(browser, server, undefined, {
			viewport: PHONE,
			javaScriptEnabled: false
		});
		const page = await context.newPage();
		await page.goto('/login?next=/settings');
		await page.getByRole('link', { name: 'Sign in with NHS (Microsoft Entra ID)' }).click();
		await signInAtProvider(page, 'bo');
		await page.getByRole('heading', { name: 'Link your account' }).waitFor();
		await page.getByLabel('Parity password').fill(TEST_PASSWORD);
		await page.getByRole('button', { name: 'Link and sign in' }).click();
		await page.waitForURL(`${server.url}/settings`);
		expect(await page.getByText('Linked to your NHS (Microsoft Entra ID) account').count()).toBe(1);
		await context.close();
	});
});
