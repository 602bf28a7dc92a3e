import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import { contextAs, expectAccessible } from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;
let p: Awaited<ReturnType<typeof createPartnership>>;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

beforeAll(async () => {
	p = await createPartnership(db, { vcse: 2, statutory: 1, grassroots: 1, visibility: 'public' });
	const fac = apiClient(server, { cookie: p.facilitator.cookie });
	const vote = await fac.post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
		question: 'Adopt the reimbursement policy?',
		opensAt: new Date(Date.now() + 3_600_000).toISOString(),
		closesAt: new Date(Date.now() + 7_200_000).toISOString()
	});
	await fac.post(`/api/v1/votes/${vote.json.id}/open`);
	for (const [i, { org, delegate }] of p.orgs.entries())
		await apiClient(server, { cookie: delegate.cookie }).post(`/api/v1/votes/${vote.json.id}/ballots`, {
			organisationId: org.id,
			choice: i === 1 ? 'against' : 'for'
		});
	await fac.post(`/api/v1/votes/${vote.json.id}/close`, { reason: 'All partners have voted' });
	const published = await fac.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
		method: 'vote',
		voteId: vote.json.id,
		title: 'Volunteer expenses reimbursed within 14 days',
		rationale: 'Volunteers from small groups told us late payment stops them taking part.',
		decidedWhere: 'Partnership board, online',
		actions: [
			{
				ownerOrganisationId: p.orgs[2].org.id,
				description: 'Update the payment process',
				dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
			}
		]
	});
	expect(published.status, published.text).toBe(201);
});

describe('the public register', () => {
	it('lets a visitor who is not signed in read a decision and its tally', async () => {
		const context = await contextAs(browser, server);
		const page = await context.newPage();
		await page.goto(`/register/${p.workspace.slug}`);
		await page.getByRole('heading', { level: 1, name: `Decisions of ${p.workspace.name}` }).waitFor();
		await expect(page.getByText(/Verified: 2 entries/).count()).resolves.toBe(1);
		await expectAccessible(page, 'register list');

		await page.getByRole('link', { name: 'Volunteer expenses reimbursed within 14 days' }).click();
		await page.waitForURL(/\/decisions\//);
		await page
			.getByRole('heading', { level: 1, name: 'Volunteer expenses reimbursed within 14 days' })
			.waitFor();
		await page.getByRole('heading', { name: 'The vote and its tally' }).waitFor();
		// Statutory 1 for → 1; VCSE: grassroots (1.5) for, other (1) against → 3/5; overall (1 + 3/5) / 2 = 4/5.
		await expect(page.getByText('Overall weighted support is 0.800 (exactly 4/5)').count()).resolves.toBe(1);
		await expect(page.getByRole('img', { name: /Support by chamber and overall/ }).count()).resolves.toBe(1);
		const ballots = page.getByRole('table', { name: "Each organisation's ballot" });
		await expect(ballots.getByRole('row').count()).resolves.toBe(4);
		await expect(ballots.getByText(p.orgs[1].delegate.name).count()).resolves.toBe(1);
		await expect(page.getByRole('cell', { name: 'Update the payment process' }).count()).resolves.toBe(1);
		await expectAccessible(page, 'decision page');

		await page.getByRole('link', { name: 'Actions', exact: true }).click();
		await page.getByRole('heading', { level: 1, name: /Actions agreed/ }).waitFor();
		await expectAccessible(page, 'actions page');
		await page.getByRole('link', { name: '12-month review' }).click();
		await page.getByRole('heading', { level: 1, name: 'Review of decisions and actions' }).waitFor();
		await expectAccessible(page, 'review page');
		await page.getByRole('link', { name: 'What is public and why' }).click();
		await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
		await expectAccessible(page, 'privacy notice');
		// Every page's footer links the accessibility statement, in the form public bodies publish.
		await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click();
		await page.getByRole('heading', { level: 1, name: 'Accessibility statement for Parity' }).waitFor();
		for (const part of ['Compliance status', 'Enforcement procedure', 'Non-accessible content'])
			await expect(page.getByRole('heading', { name: part }).count()).resolves.toBe(1);
		await expectAccessible(page, 'accessibility statement');
		await context.close();
	});

	it('lets a facilitator record a consensus decision through the form', async () => {
		const context = await contextAs(browser, server, p.facilitator.sessionToken);
		const page = await context.newPage();
		await page.goto(`/w/${p.workspace.slug}/decisions/new`);
		await page.getByRole('heading', { level: 1, name: 'Publish a decision' }).waitFor();
		await expectAccessible(page, 'publish form');
		await page.getByLabel('By consensus at a meeting').check();
		await page.getByLabel('Title').fill('Meet quarterly in community venues');
		await page.getByLabel('Question decided').fill('Where should the board meet?');
		await page.getByLabel('Outcome').selectOption('approved');
		await page.getByLabel(p.orgs[0].org.name).check();
		await page.getByLabel(p.orgs[2].org.name).check();
		await page.getByLabel('Where it was decided').fill('Board meeting, Lewisham');
		await page.getByRole('button', { name: 'Publish to the register' }).click();
		// Without a rationale the browser's own check stops the form; with it, the record is published.
		await page.getByLabel('Rationale').fill('Community venues are easier for small groups to reach.');
		await page.getByRole('button', { name: 'Publish to the register' }).click();
		await page.getByRole('heading', { level: 1, name: 'Meet quarterly in community venues' }).waitFor();
		await expectAccessible(page, 'workspace decision page');
		await page.getByRole('link', { name: 'Read the full record in the register' }).click();
		await page.waitForURL(/\/register\//);
		await page.getByText(/Verified: 3 entries/).waitFor();
		await page.getByRole('heading', { level: 1, name: 'Meet quarterly in community venues' }).waitFor();

		// Record progress on the action from the workspace's action list.
		await page.goto(`/w/${p.workspace.slug}/decisions/actions`);
		await page.getByRole('heading', { level: 1, name: 'Actions' }).waitFor();
		await expectAccessible(page, 'workspace actions');
		await page.locator('summary', { hasText: 'Record progress' }).click();
		const update = page.locator('details form');
		await update.getByLabel('Status').selectOption('in_progress');
		await update.getByLabel('Progress note').fill('New payment run agreed with finance.');
		await update.getByRole('button', { name: 'Save' }).click();
		await page.getByText('The update has been recorded in the register.').waitFor();
		await page.goto(`/register/${p.workspace.slug}/actions`);
		await page.getByText(/Verified: 4 entries/).waitFor();
		await expect(page.getByRole('cell', { name: /In progress/ }).count()).resolves.toBe(1);
		await context.close();
	});
});
