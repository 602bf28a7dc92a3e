import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { SETUP_CODE, type TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { contextAs, expectAccessible, takeCspViolations } from '../fixtures/browser.ts';

let server: TestServer;
let browser: Browser;

useServerAndBrowser({}, (s) => ({ server, browser } = s));

describe('first run to a second person joining', () => {
	it('sets up, creates organisations and a workspace, invites someone who joins in another browser', async () => {
		const admin = await contextAs(browser, server);
		const page = await admin.newPage();

		// First run: the set-up form, which needs the code printed at start.
		await page.goto('/');
		await expect.poll(() => new URL(page.url()).pathname).toBe('/setup');
		await expectAccessible(page, 'set-up');
		await page.getByLabel('Set-up code').fill('wrong-code');
		await page.getByLabel('Your name').fill('Amara Okoye');
		await page.getByLabel('Email address').fill('amara@example.org');
		await page.getByLabel('Password').fill('a long and private passphrase');
		await page.getByRole('button', { name: 'Create administrator' }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('set-up code is not right');
		await expect(await page.getByLabel('Your name').inputValue()).toBe('Amara Okoye');
		await page.getByLabel('Set-up code').fill(SETUP_CODE);
		await page.getByLabel('Password').fill('a long and private passphrase');
		await page.getByRole('button', { name: 'Create administrator' }).click();
		// An administrator must use two-factor sign-in: Parity asks for it before anything else.
		await page.getByText('Set up two-factor sign-in to go on.').waitFor();
		const key = (await page.getByLabel('Key').textContent())!.replaceAll(' ', '');
		const step = BigInt(Math.floor(Date.now() / 30_000));
		await page.getByLabel('Code from the app').fill(generateHOTP(decodeBase32IgnorePadding(key), step, 6));
		await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
		await page.getByRole('link', { name: 'I have kept them: go on' }).click();
		await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();
		await expectAccessible(page, 'home');

		// Two organisations, one in each chamber.
		await page.getByRole('link', { name: 'Organisations' }).click();
		await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();
		await expectAccessible(page, 'organisations');
		for (const [name, sector, size] of [
			['Peckham Community Larder', /\(VCSE\)/, 'micro'],
			['South East London ICB', /^Statutory/, 'major']
		] as const) {
			await page.goto('/organisations');
			await page.getByLabel('Organisation name').fill(name);
			await page.getByRole('radio', { name: sector }).check();
			await page.getByLabel('Size').selectOption(size);
			await page.getByRole('button', { name: 'Add organisation' }).click();
			await page.getByRole('heading', { name, level: 1 }).waitFor();
		}
		await expectAccessible(page, 'organisation page');

		// A workspace with both as partners, the larder confirmed as grassroots.
		await page.goto('/w/new');
		await expectAccessible(page, 'new workspace');
		await page.getByLabel('Name', { exact: true }).fill('Lewisham Health Partnership');
		await page.getByRole('button', { name: 'Create workspace' }).click();
		await page.getByRole('heading', { name: 'Partner organisations' }).waitFor();
		await page
			.getByLabel('Organisation', { exact: true })
			.selectOption({ label: 'Peckham Community Larder (VCSE)' });
		await page.getByLabel('Confirmed grassroots organisation').check();
		await page.getByRole('button', { name: 'Add partner' }).click();
		await expect
			.poll(() => page.getByRole('status').textContent())
			.toContain('Peckham Community Larder is now a partner');
		await page
			.getByLabel('Organisation', { exact: true })
			.selectOption({ label: 'South East London ICB (statutory)' });
		await page.getByRole('button', { name: 'Add partner' }).click();
		await expect
			.poll(() => page.getByRole('status').textContent())
			.toContain('South East London ICB is now a partner');
		await expect(await page.getByRole('table').textContent()).toContain('Grassroots');
		// Each partner's weight under the default vote rule: the grassroots partner's uplift, 1 for the ICB.
		const weight = async (name: RegExp) =>
			(await page.getByRole('row', { name }).getByRole('cell').allTextContents())[4].trim();
		expect(await weight(/Peckham Community Larder/)).toBe('1.5');
		expect(await weight(/South East London ICB/)).toBe('1');
		await expectAccessible(page, 'partners');
		// At 320 px (400 % zoom of a 1280 px window) the table scrolls on its own; the page does not.
		const wide = page.viewportSize();
		await page.setViewportSize({ width: 320, height: 800 });
		const [scroll, width] = await page.evaluate(() => [
			document.documentElement.scrollWidth,
			window.innerWidth
		]);
		expect(scroll, 'the partners page scrolls sideways at 320 px').toBeLessThanOrEqual(width);
		if (wide) await page.setViewportSize(wide);

		// Invite a second person to act for the larder.
		await page.getByRole('link', { name: 'Members' }).click();
		await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
		const invite = page.getByRole('region', { name: 'Invite someone' });
		await invite.getByLabel('Email address').fill('grace@example.org');
		await invite.getByLabel('Role').selectOption('editor');
		await invite.getByLabel('Acts for').selectOption({ label: 'Peckham Community Larder' });
		await invite.getByLabel('Voting delegate for their organisation').check();
		await invite.getByRole('button', { name: 'Create invitation' }).click();
		const link = page.getByLabel('Invitation link');
		await link.waitFor();
		const inviteUrl = await link.inputValue();
		expect(inviteUrl).toMatch(/\/invite\/[a-z2-7]+$/);
		// Shown once, with a copy button.
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
		await page.getByRole('button', { name: 'Copy link' }).click();
		await expect.poll(() => page.getByText('Link copied.').isVisible()).toBe(true);
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
		await expectAccessible(page, 'members');

		// The invited person, in their own browser, creates an account and sees the workspace.
		const guest = await contextAs(browser, server);
		const gp = await guest.newPage();
		await gp.goto(inviteUrl);
		await gp.getByRole('heading', { name: 'Join Lewisham Health Partnership' }).waitFor();
		await expectAccessible(gp, 'invitation');
		await gp.getByLabel('Your name').fill('Grace Mensah');
		await gp.getByLabel('Choose a password').fill('tea and toast on tuesdays');
		await gp.getByLabel('Password again').fill('tea and toast on tuesdays');
		await gp.getByRole('button', { name: 'Create account and join' }).click();
		await gp.getByRole('heading', { name: 'Lewisham Health Partnership', level: 1, exact: true }).waitFor();
		expect(await gp.locator('main').textContent()).toMatch(/you are an\s+editor/);
		await expectAccessible(gp, 'workspace overview');

		// The link works once.
		await gp.goto(inviteUrl);
		await gp.getByText('has already been used').waitFor();

		// The facilitator sees the new member.
		await page.reload();
		await page.getByRole('heading', { name: 'Grace Mensah' }).waitFor();

		await admin.close();
		await guest.close();
	});
});

describe('Content-Security-Policy', () => {
	it('blocks a script injected into a page, inline or from elsewhere', async () => {
		const context = await contextAs(browser, server);
		const page = await context.newPage();
		await page.goto('/login');
		await page.evaluate(() => {
			const inline = document.createElement('script');
			inline.textContent = 'window.injected = true';
			document.head.append(inline);
			const remote = document.createElement('script');
			remote.src = 'https://scripts.example/steal.js';
			document.head.append(remote);
		});
		const seen: string[] = [];
		const report = () => (seen.push(...takeCspViolations()), seen.join('\n'));
		await expect.poll(report, { timeout: 3000 }).toMatch(/script-src\S* refused inline/);
		await expect.poll(report, { timeout: 3000 }).toMatch(/script-src\S* refused https:\/\/scripts\.example/);
		expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
		await context.close();
	});
});
