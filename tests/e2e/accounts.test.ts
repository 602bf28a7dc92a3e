// Administration → Users and "Delete my account" as a phone without JavaScript gets them (360 px): axe finds
// nothing on the pages, and their forms work with JavaScript turned off.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import {
	addMember,
	createOrganisation,
	createUser,
	createWorkspace,
	addPartner
} from '../fixtures/factory.ts';
import { contextAs, expectAccessibleWithoutJs } from '../fixtures/browser.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;
useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('accounts on a phone without JavaScript', () => {
	it('lets an administrator find and disable a person, and a person delete their account', async () => {
		const admin = await createUser(db, { name: 'Ada Administrator', isAdmin: true });
		const facilitator = await createUser(db, { name: 'Fran Facilitator' });
		const ws = await createWorkspace(db, { facilitatorId: facilitator.id });
		const org = await createOrganisation(db, { name: 'Riverside CVS' });
		await addPartner(db, ws.id, org.id);
		const bea = await createUser(db, { name: 'Bea Brightwater', email: 'bea@example.org' });
		await addMember(db, ws.id, bea.id, { role: 'editor', organisationId: org.id, votingDelegate: true });
		const leaving = await createUser(db, { name: 'Lee Leaving', email: 'lee@example.org' });
		await addMember(db, ws.id, leaving.id, { role: 'commenter', organisationId: org.id });

		await Promise.all([
			expectAccessibleWithoutJs(browser, server, '/admin/users', admin.sessionToken),
			expectAccessibleWithoutJs(browser, server, `/admin/users/${bea.id}`, admin.sessionToken),
			expectAccessibleWithoutJs(browser, server, '/settings/delete', leaving.sessionToken)
		]);

		const phone = { viewport: { width: 360, height: 740 }, javaScriptEnabled: false };
		// The administrator finds Bea and disables her account.
		const asAdmin = await contextAs(browser, server, admin.sessionToken, phone);
		asAdmin.setDefaultTimeout(5000);
		const page = await asAdmin.newPage();
		await page.goto('/admin/users');
		await page.getByLabel('Name or email').fill('brightwater');
		await page.getByRole('button', { name: 'Find' }).click();
		await page.getByRole('link', { name: 'Bea Brightwater' }).click();
		await page.getByRole('cell', { name: ws.name }).waitFor();
		await page.getByRole('button', { name: 'Disable the account' }).click();
		await page.getByText('Bea Brightwater’s account is disabled').waitFor();
		await page.getByRole('button', { name: 'Enable the account' }).waitFor();
		await asAdmin.close();

		// Lee deletes their account by typing their email address.
		const asLee = await contextAs(browser, server, leaving.sessionToken, phone);
		asLee.setDefaultTimeout(5000);
		const leePage = await asLee.newPage();
		await leePage.goto('/settings');
		await leePage.getByRole('link', { name: 'Delete my account' }).click();
		await leePage.getByLabel(/Type your email address/).fill('someone-else@example.org');
		await leePage.getByRole('button', { name: 'Delete my account' }).click();
		await leePage.getByText('This is neither your email address nor your password.').first().waitFor();
		await leePage.getByLabel(/Type your email address/).fill('lee@example.org');
		await leePage.getByRole('button', { name: 'Delete my account' }).click();
		await leePage.getByRole('heading', { level: 1, name: 'Your account is deleted' }).waitFor();
		await leePage.goto('/settings');
		expect(new URL(leePage.url()).pathname).toBe('/login');
		await asLee.close();
	});
});
