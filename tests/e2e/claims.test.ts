// A lived-experience partner claims after a meeting on a 360 px phone: adds a bus fare with a photo of the
// ticket, reads the benefits notice and submits; an approver queries, the partner answers, the approver approves
// and marks it paid (without JavaScript), and the quarter's figures update. axe checks every page on the way.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser } from '../fixtures/factory.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll, openWithoutJs } from '../fixtures/browser.ts';
import { apiClient } from '../fixtures/http.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import * as meetingRepo from '../../src/lib/server/meetings/repository.ts';
import * as invites from '../../src/lib/server/meetings/invitations.ts';
import * as claimRepo from '../../src/lib/server/claims/repository.ts';
import { quarterOf, zonedDay } from '../../src/lib/domain/ledger.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

async function check(page: Page) {
	await expectAccessible(page);
	await expectNoSidewaysScroll(page);
}
const text = (page: Page) => page.locator('main').innerText();
const PHONE = { viewport: { width: 360, height: 740 } };
// A 1×1 PNG: a photo of the bus ticket, as far as the server can tell.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

describe('claims on a phone', () => {
	it('go from a draft after the meeting to paid, and the figures follow', { timeout: 90_000 }, async () => {
		const team = await createPartnership(db, { vcse: 1, statutory: 1 });
		const partner = await createUser(db, { name: 'Lee Partner' });
		await addMember(db, team.workspace.id, partner.id, { role: 'commenter' });
		const approver = team.orgs[0].delegate;
		const fac = apiClient(server, { cookie: team.facilitator.cookie });
		const ws = team.workspace;

		// The facilitator records the policy and gives a member "approves claims" (through the API).
		const policy = await fac.post(`/api/v1/workspaces/${ws.id}/payment-policy`, {
			effectiveFrom: '2020-01-01',
			levels: [
				{ key: 'l3', name: 'Working group member', hourlyPence: 1385, halfDayPence: 7500, dayPence: 15000 }
			],
			preparationMinutes: 60,
			backfillHourlyPence: 2500,
			expenseCategories: [{ key: 'travel', name: 'Public transport', basis: 'at_cost' }],
			timescaleDays: 14
		});
		expect(policy.status).toBe(201);
		expect(
			(await fac.put(`/api/v1/workspaces/${ws.id}/claim-approvers`, { userId: approver.id, approves: true }))
				.status
		).toBe(200);

		// A meeting last week; the partner attended as an individual at a level.
		const start = Date.now() - 7 * 86_400_000;
		const meeting = await meetingRepo.insertMeeting(db, {
			workspaceId: ws.id,
			title: 'Working group',
			startsAt: start,
			endsAt: start + 2 * 3600_000,
			createdAt: start,
			updatedAt: start
		});
		const inv = await invites.insertInvitation(db, {
			meetingId: meeting.id,
			userId: partner.id,
			name: partner.name,
			email: partner.email,
			createdAt: start
		});
		const attendance = await fac.put(`/api/v1/meetings/${meeting.id}/attendance`, {
			records: [{ invitationId: inv.id, status: 'present', organisationId: null, level: 'l3' }]
		});
		expect(attendance.status).toBe(200);

		// Four claims paid earlier this quarter: the quarter's figures are "fewer than 5" until the fifth.
		const today = zonedDay(Date.now(), 'Europe/London');
		const [version] = await claimRepo.policyVersions(db, ws.id);
		for (let i = 0; i < 4; i++)
			await claimRepo.insertClaim(db, {
				workspaceId: ws.id,
				meetingId: meeting.id,
				kind: 'organisation',
				organisationId: null,
				name: `Earlier ${i}`,
				policyId: version.id,
				minutes: 120,
				lines: [],
				duePence: 10000,
				claimedPence: 10000,
				totalPence: 10000,
				status: 'paid',
				firstSubmittedAt: Date.now(),
				paidOn: today,
				createdAt: Date.now(),
				updatedAt: Date.now()
			});

		const approverContext = await contextAs(browser, server, approver.sessionToken, PHONE);
		const ap = await approverContext.newPage();
		ap.setDefaultTimeout(8000);
		await ap.goto(`/w/${ws.slug}/claims/figures`);
		await check(ap);
		expect(await text(ap)).toMatch(new RegExp(`${quarterOf(today)}\\s+fewer than 5`));

		// The partner finds a draft claim and opens it.
		const partnerContext = await contextAs(browser, server, partner.sessionToken, PHONE);
		const pp = await partnerContext.newPage();
		pp.setDefaultTimeout(8000);
		await pp.goto(`/w/${ws.slug}/claims`);
		await check(pp);
		await pp.getByRole('link', { name: 'Working group' }).click();
		await pp.waitForURL(/\/claims\/[a-z2-7]{16}$/);
		const claimPath = new URL(pp.url()).pathname;
		await expect.poll(() => text(pp)).toContain('Half-day rate');
		expect(await text(pp)).toContain('£88.85'); // £75 half day + £13.85 preparation
		expect(await text(pp)).toContain('Before you submit: benefits, tax and your right to decline');
		await check(pp);

		await pp.getByLabel('Amount, in pounds (at cost)').fill('4.20');
		await pp.getByLabel('What it was for (optional)').fill('Bus, there and back');
		await pp.getByLabel('Receipt (a photo or a PDF, up to 5 MB)').setInputFiles({
			name: 'ticket.png',
			mimeType: 'image/png',
			buffer: PNG
		});
		await pp.getByRole('button', { name: 'Add the expense' }).click();
		await expect.poll(() => text(pp)).toContain('The expense was added.');
		await expect.poll(() => text(pp)).toContain('£93.05');

		// Submitting without ticking the notice is refused; with it, the claim goes to the approvers.
		await pp.getByRole('button', { name: 'Submit the claim' }).click();
		await expect.poll(() => text(pp)).toContain('Read the notice about benefits and tax first');
		await pp.getByLabel('I have read this notice').check();
		await pp.getByRole('button', { name: 'Submit the claim' }).click();
		await expect.poll(() => text(pp)).toContain('Your claim was submitted.');

		// The approver queries it.
		await ap.goto(`/w/${ws.slug}/claims`);
		await check(ap);
		await ap.goto(claimPath);
		await ap.getByLabel('Question for the claimant').fill('Was the bus fare a return?');
		await ap.getByRole('button', { name: 'Send the question' }).click();
		await expect.poll(() => text(ap)).toContain('Your question was sent to the claimant.');

		// The partner answers.
		await pp.goto(claimPath);
		await expect.poll(() => text(pp)).toContain('Was the bus fare a return?');
		await pp.getByLabel('Your answer').fill('Yes, a day return.');
		await pp.getByRole('button', { name: 'Send my answer' }).click();
		await expect.poll(() => text(pp)).toContain('Your answer was sent');

		// The approver approves and, without JavaScript, marks it paid.
		await ap.goto(claimPath);
		await ap.getByRole('button', { name: 'Approve the claim' }).click();
		await expect.poll(() => text(ap)).toContain('The claim was approved.');
		await check(ap);
		const noJs = await openWithoutJs(browser, server, claimPath, approver.sessionToken);
		await noJs.getByLabel('Payment reference').fill('BACS 2207');
		await noJs.getByRole('button', { name: 'Mark paid' }).click();
		await expect.poll(() => text(noJs)).toContain('The claim was marked paid.');
		await noJs.context().close();

		// The partner sees it paid, from their start page, on the claim's own page (a guest's way in too).
		await pp.goto('/');
		await pp.getByRole('link', { name: 'Working group' }).click();
		await pp.waitForURL(/\/claims\/[a-z2-7]{16}$/);
		expect(new URL(pp.url()).pathname).toBe(claimPath.replace(`/w/${ws.slug}`, ''));
		await expect.poll(() => text(pp)).toContain('BACS 2207');
		await check(pp);
		await ap.goto(`/w/${ws.slug}/claims/figures`);
		await expect
			.poll(() => text(ap))
			.toMatch(new RegExp(`${quarterOf(today)}\\s+5\\s+£88\\.85\\s+£400\\.00`));
		// The 12-month review's Markdown and CSV carry the same figures.
		const review = (name: string) =>
			ap.evaluate(async (url) => (await fetch(url)).text(), `/register/${ws.slug}/${name}`);
		expect(await review('review.md')).toContain(`| ${quarterOf(today)} | 5 | £88.85 | £400.00 |`);
		expect(await review('review.csv')).toContain(
			`payments,${quarterOf(today)},Involvement payments,${quarterOf(today)},£88.85,`
		);

		// The other pages an approver uses pass axe too.
		for (const path of ['policy', 'batches', `statement?organisation=${team.orgs[0].org.id}`]) {
			await ap.goto(`/w/${ws.slug}/claims/${path}`);
			await check(ap);
		}
		await approverContext.close();
		await partnerContext.close();
	});
});
