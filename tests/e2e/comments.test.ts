// A volunteer on a small phone without JavaScript comments on a section; an editor sees it; a suggestion made
// with JavaScript on selected words is accepted by the editor. axe checks every page on the way.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser } from '../fixtures/factory.ts';
import {
	contextAs,
	expectAccessible,
	expectAccessibleWithoutJs,
	selectWords,
	watchErrors
} from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { seedDocument } from '../fixtures/collab-client.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('comments in the browser', () => {
	it('takes a comment without JavaScript on a phone, and a suggestion on selected words that an editor accepts', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const volunteer = await createUser(db, { name: 'Val Volunteer' });
		await addMember(db, p.workspace.id, volunteer.id, {
			role: 'commenter',
			organisationId: p.orgs[0].org.id
		});
		const doc = await seedDocument(
			server,
			db,
			p.workspace.id,
			{ cookie: editor.cookie },
			[
				['heading', 'Payment terms'],
				['paragraph', 'Invoices from small groups are paid within 60 days.'],
				['paragraph', 'Grants are reviewed every year.']
			],
			p.facilitator.id
		);
		const path = `/w/${p.workspace.slug}/documents/${doc}/comments`;

		// A phone without JavaScript.
		const phone = await (
			await contextAs(browser, server, volunteer.sessionToken, {
				viewport: { width: 360, height: 740 },
				javaScriptEnabled: false
			})
		).newPage();
		phone.setDefaultTimeout(10_000);
		await phone.goto(path);
		await phone.getByRole('heading', { name: 'Comments on “Test policy”', level: 1 }).waitFor();
		await expectAccessibleWithoutJs(browser, server, path, volunteer.sessionToken);
		const section = phone.locator('#block-1');
		await section.getByText('Comment on this section', { exact: true }).click();
		await section
			.getByLabel('Your comment on this section')
			.fill('Sixty days is too long for a small group.');
		await section.getByRole('button', { name: 'Add comment' }).click();
		await phone.getByRole('status').getByText('Your comment was added.').waitFor();
		await phone.locator('p', { hasText: 'Sixty days is too long for a small group.' }).waitFor();
		await expectAccessibleWithoutJs(browser, server, path, volunteer.sessionToken);

		// The editor, in a second context with JavaScript, sees it.
		const desk = await (await contextAs(browser, server, editor.sessionToken)).newPage();
		desk.setDefaultTimeout(10_000);
		const deskErrors = watchErrors(desk);
		await desk.goto(path);
		await desk.locator('p', { hasText: 'Sixty days is too long for a small group.' }).waitFor();
		expect(await desk.locator('#block-1').getByText('Val Volunteer').count()).toBeGreaterThan(0);

		// With JavaScript, the volunteer selects words and suggests a change.
		const laptop = await (await contextAs(browser, server, volunteer.sessionToken)).newPage();
		laptop.setDefaultTimeout(10_000);
		const laptopErrors = watchErrors(laptop);
		await laptop.goto(path);
		// Once the page runs its script, selecting words offers to comment on them or suggest a change.
		await laptop.getByText('Or select words in the text').waitFor();
		await selectWords(laptop, '[data-block="1"]', '60 days');
		await laptop
			.getByRole('group', { name: 'The selected words' })
			.getByRole('button', { name: 'Suggest', exact: true })
			.click();
		const selection = laptop.getByRole('region', { name: 'On the selected text' });
		await expect.poll(() => selection.locator('q').textContent()).toBe('60 days');
		await laptop.getByLabel('Suggest replacing the selection with').fill('30 days');
		await laptop
			.getByRole('region', { name: 'On the selected text' })
			.getByRole('button', { name: 'Suggest change' })
			.click();
		await laptop.getByText('Your suggestion was added.').waitFor();
		await expectAccessible(laptop, 'comments page with JavaScript');

		await desk.reload();
		const suggestion = desk.getByRole('article', { name: /Suggestion by Val Volunteer/ });
		await suggestion.getByRole('button', { name: 'Accept suggestion' }).click();
		await desk.getByText('The suggestion was accepted and applied to the document.').waitFor();
		await expect.poll(() => desk.locator('[data-block="1"]').textContent()).toContain('within 30 days');

		// The document page carries the same threads and suggestions in its panel.
		await laptop.goto(`/w/${p.workspace.slug}/documents/${doc}`);
		const panel = laptop.getByRole('complementary', { name: 'Comments and suggestions' });
		await panel.locator('p', { hasText: 'Sixty days is too long for a small group.' }).waitFor();
		await panel.getByText('Decided and outdated (1)').waitFor();
		await expectAccessible(laptop, 'document page with the comments panel');
		// Nothing was thrown or logged as an error in the browsers with JavaScript.
		expect([...deskErrors, ...laptopErrors]).toEqual([]);
	}, 150_000);
	it('keeps a comment typed into a section’s form before the page’s script started, and sends it', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const volunteer = await createUser(db, { name: 'Sol Slow' });
		await addMember(db, p.workspace.id, volunteer.id, {
			role: 'commenter',
			organisationId: p.orgs[0].org.id
		});
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
		// A slow connection: the page is readable, and its section forms usable, before its script arrives.
		const slow = await contextAs(browser, server, volunteer.sessionToken, {
			viewport: { width: 360, height: 740 }
		});
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		await slow.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
			await held;
			await route.continue();
		});
		const page = await slow.newPage();
		page.setDefaultTimeout(10_000);
		await page.goto(`/w/${p.workspace.slug}/documents/${doc}`, { waitUntil: 'domcontentloaded' });
		const section = page.locator('#comment-form-1');
		await section.getByText('Comment on this section', { exact: true }).click();
		const box = section.getByLabel('Your comment on this section');
		await box.fill('Thirty days would do.');
		expect(await page.locator('.no-script').count()).toBe(1);

		// The script starts (the note about the text as last saved goes): the form and the comment stay.
		release();
		await expect.poll(() => page.locator('.no-script').count(), { timeout: 20_000 }).toBe(0);
		expect(await box.isVisible()).toBe(true);
		expect(await box.inputValue()).toBe('Thirty days would do.');
		await section.getByRole('button', { name: 'Add comment' }).click();
		await expect
			.poll(() => page.getByRole('status').filter({ hasText: 'Your comment was added.' }).count())
			.toBeGreaterThan(0);
		await expect
			.poll(() => page.locator('p', { hasText: 'Thirty days would do.' }).count())
			.toBeGreaterThan(0);
		await slow.unrouteAll({ behavior: 'ignoreErrors' });
		await slow.close();
	}, 90_000);
});
