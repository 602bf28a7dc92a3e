// The partners page with a difference to review, and Administration → Directory, on a phone without
// JavaScript: accessible (axe, WCAG 2.2 AA), no sideways scroll, and the forms work.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import type { TestServer } from '../fixtures/server.ts';
import { expectAccessible, expectNoSidewaysScroll, openWithoutJs } from '../fixtures/browser.ts';
import { createOrganisation, createPartnership, createUser } from '../fixtures/factory.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { organisations } from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;
let browser: Browser;
useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('organisations on a phone without JavaScript', () => {
	it('reviews a partner’s changed details and verifies an organisation', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1, grassroots: 1 });
		const org = p.orgs[0].org;
		// The organisation now calls itself statutory: the workspace's record waits for its facilitators.
		db.update(organisations).set({ sector: 'statutory' }).where(eq(organisations.id, org.id)).run();

		const page = await openWithoutJs(
			browser,
			server,
			`/w/${p.workspace.slug}/partners`,
			p.facilitator.sessionToken
		);
		const review = page.getByRole('region', { name: 'To review' });
		expect((await review.textContent())?.replace(/\s+/g, ' ')).toContain(
			'the organisation now describes itself as Statutory (here: VCSE)'
		);
		await expectAccessible(page, 'partners with a difference to review');
		await expectNoSidewaysScroll(page);
		await review.getByRole('button', { name: `Keep this workspace’s record of ${org.name}` }).click();
		await page.getByRole('status').waitFor();
		expect(await page.getByRole('status').textContent()).toContain(`keeps its record of ${org.name}`);
		expect(await page.getByRole('region', { name: 'To review' }).count()).toBe(0);
		// The workspace's governance history reads the same way on a phone without JavaScript.
		await page.goto(`/w/${p.workspace.slug}/history`);
		await page.getByRole('heading', { level: 1, name: 'Governance history' }).waitFor();
		await expectAccessible(page, 'governance history');
		await expectNoSidewaysScroll(page);
		// So does the drafting checks' settings page, where a check is turned off with its reason.
		await page.goto(`/w/${p.workspace.slug}/settings/checks`);
		await page.getByLabel('Turn this check off').first().check();
		await page.getByLabel('Why (needed to turn it off)').first().fill('We use grants, not contracts');
		await page.getByRole('button', { name: 'Save SV1' }).click();
		await page.getByRole('status').waitFor();
		expect(await page.getByRole('status').textContent()).toContain('SV1 is turned off');
		await expectAccessible(page, 'drafting checks settings');
		await expectNoSidewaysScroll(page);
		await page.context().close();

		const admin = await createUser(db, { isAdmin: true });
		const waiting = await createOrganisation(db, { name: 'Catford Mutual Aid' });
		db.update(organisations).set({ verified: false }).where(eq(organisations.id, waiting.id)).run();
		const adminPage = await openWithoutJs(browser, server, '/admin/organisations', admin.sessionToken);
		await expectAccessible(adminPage, 'administration: directory');
		await expectNoSidewaysScroll(adminPage);
		await adminPage.getByRole('button', { name: 'Verify Catford Mutual Aid' }).click();
		// Without JavaScript the form posts and the browser loads the answer: wait for it.
		await adminPage.getByRole('status').waitFor();
		expect(await adminPage.getByRole('status').textContent()).toContain('Catford Mutual Aid is verified');
		await adminPage.context().close();
	});
});
