// Two-factor sign-in in a phone-sized browser without JavaScript: a facilitator signs in, is held at the set-up
// page, turns it on and keeps the recovery codes, then signs in again with a code; an administrator's reset
// page. axe checks each new page at 360 px.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership, createUser, TEST_PASSWORD } from '../fixtures/factory.ts';
import { contextAs, expectAccessible } from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

const appCode = (key: string, ahead = 0) =>
	generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(Date.now() / 30_000) + ahead), 6);

const PHONE = { viewport: { width: 360, height: 740 } };

describe('two-factor sign-in in the browser', () => {
	it('holds a facilitator at its set-up, then asks for a code at sign-in; the pages pass axe at 360 px', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const fran = p.facilitator;
		// Then without JavaScript: every two-factor form works as plain HTML.
		const plain = await contextAs(browser, server, undefined, { ...PHONE, javaScriptEnabled: false });
		const page = await plain.newPage();
		await page.goto('/login');
		await page.getByLabel('Email address').fill(fran.email);
		await page.getByLabel('Password').fill(TEST_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByText('Set up two-factor sign-in to go on.').waitFor();
		const key = (await page.getByLabel('Key').textContent())!.replaceAll(' ', '');
		await page.getByLabel('Code from the app').fill(appCode(key));
		await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
		await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
		expect(await page.locator('.recovery li').count()).toBe(10);
		await page.getByRole('link', { name: 'I have kept them: go on' }).click();
		await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
		await plain.clearCookies();
		await page.goto('/login');
		await page.getByLabel('Email address').fill(fran.email);
		await page.getByLabel('Password').fill(TEST_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
		await page.getByLabel('Code').fill('000000' === appCode(key, 1) ? '111111' : '000000');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByText('That code is not right.', { exact: false }).first().waitFor();
		await page.getByLabel('Code').fill(appCode(key, 1));
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
		await plain.close();

		// The same pages with JavaScript, for axe.
		const admin = await createUser(db, { name: 'Ada Admin', isAdmin: true });
		const other = await createUser(db, { name: 'Olu Other' });
		const context = await contextAs(browser, server, other.sessionToken, PHONE);
		const tab = await context.newPage();
		await tab.goto('/settings/two-factor');
		await tab.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
		await expectAccessible(tab, 'two-factor set-up');
		const theirKey = (await tab.getByLabel('Key').textContent())!.replaceAll(' ', '');
		await tab.getByLabel('Code from the app').fill(appCode(theirKey));
		await tab.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
		await expect.poll(() => tab.locator('.recovery li').count()).toBe(10);
		// The codes, with the forms for new codes and for turning it off below them.
		await tab.getByRole('heading', { name: 'Turn it off' }).waitFor();
		await expectAccessible(tab, 'recovery codes');
		await context.clearCookies();
		await tab.goto('/login');
		await tab.getByLabel('Email address').fill(other.email);
		await tab.getByLabel('Password').fill(TEST_PASSWORD);
		await tab.getByRole('button', { name: 'Sign in' }).click();
		await tab.getByRole('heading', { name: 'Enter your code' }).waitFor();
		await expectAccessible(tab, 'sign-in code');
		await context.close();

		const adminContext = await contextAs(browser, server, admin.sessionToken, PHONE);
		const reset = await adminContext.newPage();
		await reset.goto(`/admin/users/${other.id}/two-factor`);
		await reset.getByLabel('Reason').fill('Lost phone; identity checked by video call');
		await expectAccessible(reset, 'administrator reset');
		await reset.getByRole('button', { name: 'Reset two-factor sign-in' }).click();
		await expect.poll(() => reset.getByRole('status').textContent()).toContain('two-factor sign-in is reset');
		await adminContext.close();
	});
});
