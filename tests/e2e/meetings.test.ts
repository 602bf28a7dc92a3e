// A board secretary on a 360 px phone: schedules a meeting, adds an agenda item, invites a member and a guest,
// and records attendance — with JavaScript, then again without it. axe checks every page on the way.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll, openWithoutJs } from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { mailMessages, meetingAttendance } from '../../src/lib/server/db/schema/index.ts';
import { apiClient } from '../fixtures/http.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

async function check(page: Page) {
	await expectAccessible(page);
	await expectNoSidewaysScroll(page);
}

const text = (page: Page) => page.locator('main').innerText();

describe('meetings on a phone', () => {
	it(
		'are scheduled, invited to and attended, and a decision made at one is published',
		{ timeout: 90_000 },
		async () => {
			const team = await createPartnership(db, { vcse: 1, statutory: 1 });
			const member = team.orgs[0];
			const context = await contextAs(browser, server, team.facilitator.sessionToken, {
				viewport: { width: 360, height: 740 }
			});
			const page = await context.newPage();
			page.setDefaultTimeout(8000);

			await page.goto(`/w/${team.workspace.slug}/meetings`);
			expect(await text(page)).toContain('No meetings are scheduled.');
			await check(page);

			await page.getByRole('link', { name: 'Schedule a meeting' }).click();
			await page.waitForURL(/\/meetings\/new$/);
			await check(page);
			await page.getByLabel('Title').fill('Partnership board');
			await page.getByLabel('Starts').fill('2026-10-31T10:00');
			await page.getByLabel('Ends').fill('2026-10-31T09:00');
			await page.getByRole('button', { name: 'Schedule meeting' }).click();
			await expect.poll(() => text(page)).toContain('The meeting must end after it starts.');
			await page.getByLabel('Ends').fill('2026-10-31T12:00');
			await page.getByLabel('Place (optional)').fill('Riverside Community Centre, Mill Lane');
			await page.getByRole('button', { name: 'Schedule meeting' }).click();
			await page.waitForURL(/\/meetings\/[a-z2-7]{16}$/);
			const meetingPath = new URL(page.url()).pathname;
			await expect.poll(() => text(page)).toContain('31 Oct 2026, 10:00 GMT');
			expect(await text(page)).toContain('No agenda yet.');

			await page.getByLabel('Title', { exact: true }).fill('Welcome and apologies');
			await page.getByLabel('Minutes allotted (optional)').fill('5');
			await page.getByRole('button', { name: 'Add item' }).click();
			await expect
				.poll(() => page.getByRole('heading', { name: 'Welcome and apologies' }).isVisible())
				.toBe(true);

			await page.getByLabel('Invite a member').selectOption({ label: member.delegate.name });
			await page.getByRole('button', { name: 'Invite', exact: true }).click();
			await expect.poll(() => text(page)).toContain(`${member.delegate.name} is invited.`);
			await page.getByLabel('Name').fill('Gita Guest');
			await page.getByLabel('Email').fill('gita@example.org');
			await page.getByRole('button', { name: 'Invite guest' }).click();
			await expect.poll(() => text(page)).toContain('Gita Guest is invited.');
			await check(page);

			await page.getByRole('link', { name: 'Record attendance' }).click();
			await page.waitForURL(/\/attendance$/);
			await check(page);
			const memberSet = page.getByRole('group', { name: member.delegate.name });
			await memberSet.getByLabel('Present').check();
			// A member attends for the organisation they act for unless the secretary says otherwise.
			expect(await memberSet.getByLabel('Attended for').inputValue()).toBe(member.org.id);
			const guestSet = page.getByRole('group', { name: 'Gita Guest (guest)' });
			await guestSet.getByLabel('Apologies').check();
			await page.getByRole('button', { name: 'Save attendance' }).click();
			await page.waitForURL(/\?recorded$/);
			await expect.poll(() => text(page)).toContain('The attendance was saved.');
			expect(await text(page)).toContain(`${member.delegate.name} — Present, for ${member.org.name}`);
			expect(await text(page)).toContain('Gita Guest Guest — Apologies');

			// A decision made at the meeting: the form proposes its time, place and the people present (not those
			// who sent apologies); once published, the decision and the meeting link each other.
			await page.goto(meetingPath);
			await page.getByRole('link', { name: 'Record a decision made here' }).click();
			await page.waitForURL(/\/decisions\/new\?meeting=/);
			await check(page);
			expect(await page.getByLabel('Where it was decided').inputValue()).toContain('Partnership board');
			const proposed = await page.getByLabel('People present (optional)').inputValue();
			expect(proposed).toContain(member.delegate.name);
			expect(proposed).not.toContain('Gita Guest');
			await page.getByLabel('By consensus at a meeting').check();
			await page.getByLabel('Title').fill('Board meets in community venues');
			await page.getByLabel('Question decided').fill('Where should the board meet?');
			await page.getByLabel('Outcome').selectOption('approved');
			await page.getByLabel('Rationale').fill('Community venues are easier for small groups to reach.');
			await page.getByRole('button', { name: 'Publish to the register' }).click();
			await expect
				.poll(() =>
					page.getByRole('heading', { level: 1, name: 'Board meets in community venues' }).isVisible()
				)
				.toBe(true);
			await check(page);
			await page.getByRole('link', { name: 'Partnership board' }).first().click();
			await page.waitForURL(new RegExp(`${meetingPath}$`));
			await expect.poll(() => text(page)).toContain('Board meets in community venues');
			await context.close();

			// Without JavaScript: the guest did come after all, as an individual.
			const plain = await openWithoutJs(
				browser,
				server,
				`${meetingPath}/attendance`,
				team.facilitator.sessionToken
			);
			plain.setDefaultTimeout(8000);
			await check(plain);
			await plain.getByRole('group', { name: 'Gita Guest (guest)' }).getByLabel('Present').check();
			await plain.getByRole('button', { name: 'Save attendance' }).click();
			await expect
				.poll(() => text(plain), { timeout: 8000 })
				.toContain('Gita Guest Guest — Present, as an individual');
			await plain.context().close();
			expect(
				db
					.select()
					.from(meetingAttendance)
					.all()
					.map((a) => a.status)
					.sort()
			).toEqual(['present', 'present']);
		}
	);

	it('open to a guest through the link in their invitation, with and without JavaScript', async () => {
		const team = await createPartnership(db, { vcse: 1, statutory: 0 });
		const fac = apiClient(server, { cookie: team.facilitator.cookie });
		const m = (
			await fac.post(`/api/v1/workspaces/${team.workspace.id}/meetings`, {
				title: 'Lived experience panel',
				startsAt: Date.UTC(2100, 2, 4, 10),
				endsAt: Date.UTC(2100, 2, 4, 12),
				place: 'Riverside Community Centre'
			})
		).json as { id: string };
		// No SMTP server here: the invitations wait in the outbox, whole.
		const linkFor = async (name: string, email: string) => {
			await fac.post(`/api/v1/meetings/${m.id}/invitations`, { name, email });
			const mail = db.select().from(mailMessages).where(eq(mailMessages.to, email)).get()!;
			return new URL(/\S+\/guest\/[a-z2-7]{32}/.exec(mail.text)![0]).pathname;
		};
		const setUp = async (page: Page, name: string) => {
			expect(await page.getByLabel('Your email address').inputValue()).toMatch(/@example\.org$/);
			expect(await page.getByLabel('Your name').inputValue()).toBe(name);
			await page.getByLabel('Choose a password').fill('river walk lantern');
			await page.getByLabel('Password again').fill('river walk lantern');
			await page.getByRole('button', { name: 'Set up my account and open the meeting' }).click();
			// (Without JavaScript the test's page takes the redirect inside its request, so its address stays.)
			await expect.poll(() => text(page)).toContain('Riverside Community Centre');
		};

		const context = await contextAs(browser, server, undefined, { viewport: { width: 360, height: 740 } });
		const page = await context.newPage();
		page.setDefaultTimeout(8000);
		await page.goto(await linkFor('Lena Guest', 'lena@example.org'));
		// (axe checks the form below, without JavaScript: the same markup.)
		await expect.poll(() => text(page)).toContain('Set up your guest account');
		await setUp(page, 'Lena Guest');
		expect(page.url()).toMatch(new RegExp(`/meetings/${m.id}$`));
		await check(page);
		// Their calendar feed and reminder choice are in their settings, linked from the meeting.
		await page.getByRole('link', { name: 'your account settings' }).click();
		await page.waitForURL(/\/settings#cal-h$/);
		await page.getByRole('button', { name: 'Make my calendar address' }).waitFor();
		await check(page);
		await context.close();

		const plain = await openWithoutJs(browser, server, await linkFor('Pat Partner', 'pat@example.org'));
		plain.setDefaultTimeout(8000);
		await check(plain);
		await setUp(plain, 'Pat Partner');
		await plain.context().close();
	});
});
