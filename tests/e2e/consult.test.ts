// A resident opens a public consultation link, reads the document and the questions without giving anything,
// responds with who they are, and confirms their email by the one-time link in a real email — once on a phone
// with JavaScript, once without. The facilitator copies the link, sees the answers (unconfirmed until
// confirmed) and extends the consultation with a reason. axe checks every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll, openWithoutJs } from '../fixtures/browser.ts';
import { seedDocument } from '../fixtures/collab-client.ts';
import { startSmtp, type SmtpSink } from '../fixtures/smtp.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;
let smtp: SmtpSink;

beforeAll(async () => {
	smtp = await startSmtp();
});
afterAll(async () => await smtp.stop());
useServerAndBrowser(
	() => ({
		env: { SMTP_URL: smtp.url, MAIL_FROM: 'Parity <parity@test.example>', PARITY_MAIL_INTERVAL_MS: '200' }
	}),
	(s) => ({ server, db, browser } = s)
);

/** The path of the one-time link in the email sent to `address`. */
async function confirmLink(address: string): Promise<string> {
	const m = await smtp.waitFor((r) => r.to.includes(address), `confirmation for ${address}`, 10_000);
	expect(m.mail.subject).toMatch(/^Confirm your email for/);
	return /\/consult\/confirm\/\S+/.exec(m.mail.text ?? '')![0];
}

/** Fills in the response form: the answer, then who they are; then sends it unless told not to. */
async function respond(
	page: Page,
	who: { name: string; email: string; org: string },
	answer: string,
	{ send = true } = {}
) {
	await page.getByLabel('Is 60 days fair for small groups?').fill(answer);
	await page.getByLabel('Your name', { exact: true }).fill(who.name);
	await page.getByLabel('Email', { exact: true }).fill(who.email);
	await page.getByLabel('Organisation', { exact: true }).fill(who.org);
	await page.getByLabel(/Voluntary, community/).check();
	if (send) await page.getByRole('button', { name: 'Send my response' }).click();
}

describe('a public consultation without a barrier', () => {
	it(
		'a resident opens a public link, reads, responds and confirms their email',
		{ timeout: 120_000 },
		async () => {
			const p = await createPartnership(db, { vcse: 1, statutory: 1 });
			const doc = await seedDocument(
				server,
				db,
				p.workspace.id,
				{ cookie: p.orgs[0].delegate.cookie },
				[
					['heading', 'Payment terms'],
					['paragraph', 'Invoices from small groups are paid within 60 days.']
				],
				p.facilitator.id
			);

			// The facilitator opens a public consultation and copies its link.
			const staff = await contextAs(browser, server, p.facilitator.sessionToken);
			await staff.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
			const desk = await staff.newPage();
			await desk.goto(`/w/${p.workspace.slug}/consultations`);
			await desk.getByLabel('Document').selectOption(doc);
			await desk.getByLabel('Closes at').fill('2099-06-01T17:00');
			await desk.getByLabel(/anyone with a public link/).check();
			await desk.getByLabel('Question 1').fill('Is 60 days fair for small groups?');
			await desk.getByRole('button', { name: 'Open consultation' }).click();
			await expect.poll(() => desk.getByRole('button', { name: 'Copy link' }).isVisible()).toBe(true);
			const link = new URL(await desk.getByLabel(/Public link/).inputValue()).pathname;
			await desk.getByRole('button', { name: 'Copy link' }).click();
			await expect.poll(() => desk.getByText('Link copied.').isVisible()).toBe(true);
			expect(await desk.evaluate(() => navigator.clipboard.readText())).toContain(link);
			await expectAccessible(desk, 'consultations page with the new link');

			// A resident on a phone reads first: the document, then the questions, with nothing asked of them.
			const phone = await contextAs(browser, server, undefined, { viewport: { width: 360, height: 740 } });
			const page = await phone.newPage();
			await page.goto(link);
			await page.getByRole('heading', { name: 'The document' }).waitFor();
			const text = (await page.locator('main').textContent()) ?? '';
			expect(text.indexOf('paid within 60 days')).toBeLessThan(text.indexOf('Is 60 days fair'));
			await expectAccessible(page, 'public consultation page at 360 px');
			await expectNoSidewaysScroll(page);

			// They respond, saying who they are only now.
			await respond(
				page,
				{ name: 'Rosa Resident', email: 'rosa@example.org', org: 'Brook Street Residents' },
				'Too long: our volunteers pay up front.'
			);
			await expect
				.poll(() => page.locator('main').textContent(), { timeout: 10_000 })
				.toContain('Your email is not confirmed yet');
			expect(await page.locator('main').textContent()).toContain('We sent a link to rosa@example.org');
			await expectAccessible(page, 'public consultation page after responding');
			await expectNoSidewaysScroll(page);

			// The facilitator sees the answer marked as unconfirmed.
			const c = `/w/${p.workspace.slug}/consultations`;
			await desk.goto(c);
			await desk
				.getByRole('link', { name: /Consultation on/ })
				.first()
				.click();
			await desk.getByRole('heading', { name: 'Summary' }).waitFor();
			expect(await desk.locator('.items').textContent()).toContain('email not confirmed');

			// The resident confirms their email from the message.
			await page.goto(await confirmLink('rosa@example.org'));
			await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
			await expectAccessible(page, 'confirm email page');
			await page.getByRole('button', { name: 'Confirm my email' }).click();
			await expect
				.poll(() => page.getByRole('heading', { name: 'Your email is confirmed' }).isVisible())
				.toBe(true);
			await expectAccessible(page, 'email confirmed');
			await expectNoSidewaysScroll(page);
			await phone.close();

			await desk.reload();
			expect(await desk.locator('.items').textContent()).not.toContain('email not confirmed');
			expect(await desk.locator('.items').textContent()).toContain('Too long: our volunteers pay up front.');

			// The same without JavaScript, for a second resident.
			const bare = await openWithoutJs(browser, server, link);
			await bare.getByRole('heading', { name: 'The document' }).waitFor();
			await expectAccessible(bare, 'public consultation page without JavaScript');
			await respond(
				bare,
				{ name: 'Sam Neighbour', email: 'sam@example.org', org: 'individual' },
				'Fine for us.'
			);
			await bare.getByText('Your email is not confirmed yet').waitFor();
			await expectAccessible(bare, 'after responding without JavaScript');
			await expectNoSidewaysScroll(bare);
			await bare.goto(await confirmLink('sam@example.org'));
			await expectAccessible(bare, 'confirm email page without JavaScript');
			await expectNoSidewaysScroll(bare);
			await bare.getByRole('button', { name: 'Confirm my email' }).click();
			await bare.getByRole('heading', { name: 'Your email is confirmed' }).waitFor();
			await expectAccessible(bare, 'email confirmed without JavaScript');
			await bare.context().close();

			// A third resident on a slow connection fills the form in before the page's script has started: when it
			// starts, what they typed, ticked and wrote is still there, and the script sends it (the address stays
			// the page's own, where the form without the script would have gone to the action's).
			const slow = await contextAs(browser, server, undefined, { viewport: { width: 360, height: 740 } });
			let release = () => {};
			const held = new Promise<void>((r) => (release = r));
			await slow.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
				await held;
				await route.continue();
			});
			// Marks a form once the script has taken it over (SvelteKit listens to its submit event).
			await slow.addInitScript(() => {
				const listen = EventTarget.prototype.addEventListener;
				EventTarget.prototype.addEventListener = function (
					this: EventTarget,
					...args: Parameters<typeof listen>
				) {
					if (this instanceof HTMLFormElement && args[0] === 'submit') this.dataset.started = '';
					return listen.apply(this, args);
				};
			});
			const early = await slow.newPage();
			await early.goto(link, { waitUntil: 'domcontentloaded' });
			const who = { name: 'Ali Early', email: 'ali@example.org', org: 'Riverside Carers' };
			await respond(early, who, 'We need 30 days.', { send: false });
			expect(await early.locator('form[data-started]').count()).toBe(0);
			release();
			await expect
				.poll(() => early.locator('form#answers[data-started]').count(), { timeout: 20_000 })
				.toBe(1);
			expect(await early.getByLabel('Your name', { exact: true }).inputValue()).toBe(who.name);
			expect(await early.getByLabel('Organisation', { exact: true }).inputValue()).toBe(who.org);
			expect(await early.getByLabel('Is 60 days fair for small groups?').inputValue()).toBe(
				'We need 30 days.'
			);
			expect(await early.getByLabel(/Voluntary, community/).isChecked()).toBe(true);
			await early.getByRole('button', { name: 'Send my response' }).click();
			await expect
				.poll(() => early.locator('main').textContent(), { timeout: 10_000 })
				.toContain('We sent a link to ali@example.org');
			expect(early.url()).not.toContain('?/join');
			await slow.unrouteAll({ behavior: 'ignoreErrors' });
			await slow.close();

			// The facilitator extends the consultation, with a reason that is shown with it.
			await desk.getByLabel(/New closing date and time/).fill('2099-07-01T17:00');
			await desk.getByLabel('Why it is extended').fill('The residents’ forum meets in June.');
			await desk.getByRole('button', { name: 'Extend the consultation' }).click();
			await expect
				.poll(() => desk.getByText('Reason: The residents’ forum meets in June.').isVisible())
				.toBe(true);
			await expectAccessible(desk, 'consultation page after extending');
			await staff.close();
		}
	);
});
