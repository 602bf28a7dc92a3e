// A person who forgot their password resets it from the sign-in page, through the link an administrator
// reads in the outbox (no SMTP server configured); axe checks each page on the way.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership, createUser } from '../fixtures/factory.ts';
import { contextAs, expectAccessible } from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser(
	{ env: { SMTP_URL: '', PARITY_MAIL_INTERVAL_MS: '200' } },
	(s) => ({ server, db, browser } = s)
);

describe('password reset through the outbox', () => {
	it('resets a forgotten password from the sign-in page', async () => {
		const admin = await createUser(db, { name: 'Ada Admin', isAdmin: true });
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const person = p.orgs[0].delegate;

		// The person, signed out, asks for a link from the sign-in page.
		const visitor = await contextAs(browser, server);
		const page = await visitor.newPage();
		await page.goto('/login');
		await page.getByRole('link', { name: 'Forgot your password?' }).click();
		await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
		await expectAccessible(page, 'forgot password');
		await page.getByLabel('Email address').fill(person.email);
		await page.getByRole('button', { name: 'Send the link' }).click();
		await expect.poll(() => page.getByRole('status').textContent()).toContain('we have sent it a link');
		await expectAccessible(page, 'link sent');

		// The administrator finds it in the outbox.
		const adminContext = await contextAs(browser, server, admin.sessionToken);
		const outbox = await adminContext.newPage();
		await outbox.goto('/admin/mail');
		await outbox.getByText('No SMTP server is configured').waitFor();
		await expectAccessible(outbox, 'outbox');
		await outbox.getByRole('link', { name: 'Reset your Parity password' }).click();
		await outbox.getByRole('heading', { name: 'Reset your Parity password' }).waitFor();
		await expectAccessible(outbox, 'outbox message');
		const link = await outbox.getByRole('link', { name: /\/reset\// }).getAttribute('href');
		expect(link).toMatch(/\/reset\/[a-z2-7]+$/);
		await adminContext.close();

		// The person follows it, chooses a new password and is signed in.
		await page.goto(new URL(link!).pathname);
		await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
		await expectAccessible(page, 'choose a new password');
		await page.getByLabel('New password', { exact: true }).fill('short');
		await page.getByLabel('New password again').fill('short');
		await page.getByRole('button', { name: 'Save the new password' }).click();
		await expect
			.poll(() => page.getByRole('alert').first().textContent())
			.toContain('at least 10 characters');
		await page.getByLabel('New password', { exact: true }).fill('my fresh passphrase here');
		await page.getByLabel('New password again').fill('my fresh passphrase here');
		await page.getByRole('button', { name: 'Save the new password' }).click();
		await page.getByText('Your new password is saved').waitFor();
		await expectAccessible(page, 'settings after reset');

		// The link is used up.
		await page.goto(new URL(link!).pathname);
		await page.getByText('expired or has already been used').waitFor();

		// And the new password signs in.
		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.goto('/login');
		await page.getByLabel('Email address').fill(person.email);
		await page.getByLabel('Password').fill('my fresh passphrase here');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('heading', { name: 'Your workspaces' }).waitFor();

		// They choose a weekly digest for their workspace.
		await page.goto('/settings#email');
		await page.getByRole('group', { name: p.workspace.name }).getByLabel('Weekly digest').check();
		await page.getByRole('button', { name: 'Save email choices' }).click();
		await page.getByText('Your email choices are saved.').waitFor();
		await page.reload();
		expect(
			await page.getByRole('group', { name: p.workspace.name }).getByLabel('Weekly digest').isChecked()
		).toBe(true);

		// From the same page they see what Parity holds about them, on a page that reads well on a phone.
		await page.setViewportSize({ width: 360, height: 740 });
		await page.getByRole('link', { name: 'Download my data' }).click();
		await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
		await page.getByRole('heading', { name: 'Workspaces (1)' }).waitFor();
		expect(await page.getByText(p.workspace.name).count()).toBeGreaterThan(0);
		await expectAccessible(page, 'your data');
		await visitor.close();
	});

	it('stops email from the link in a message, without signing in', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const res = await fetch(`${server.url}/api/v1/workspaces/${p.workspace.id}/invitations`, {
			method: 'POST',
			headers: { cookie: p.facilitator.cookie, origin: server.url, 'content-type': 'application/json' },
			body: JSON.stringify({
				email: 'not-interested@example.org',
				role: 'observer',
				organisationId: p.orgs[0].org.id
			})
		});
		expect(res.status).toBe(201);
		const invitation = () =>
			db.$client
				.prepare(
					`select text from mail_messages where "to" = 'not-interested@example.org' and status = 'outbox'`
				)
				.pluck()
				.get() as string | undefined;
		await expect.poll(invitation, { timeout: 10_000 }).toBeTruthy();
		const text = invitation()!;
		const stop = /Stop these emails: (\S+)/.exec(text)![1];

		const context = await contextAs(browser, server);
		const page = await context.newPage();
		await page.goto(new URL(stop).pathname);
		await page.getByRole('heading', { name: 'Stop emails' }).waitFor();
		await expectAccessible(page, 'unsubscribe page');
		await page.getByRole('button', { name: 'Stop these emails' }).click();
		await page.getByText('Parity will not send email to not-interested@example.org').waitFor();
		await expectAccessible(page, 'unsubscribed');
		await context.close();
	});
});
