// Taking part from a phone. A commenter on a 360 px phone comments on, and suggests a change to, a passage far
// down a policy with a table, right where the words are, and replies later; the same without JavaScript. An
// editor on a wide screen sees the suggestion beside its passage and accepts it. axe checks every page visited.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser, type TestUser } from '../fixtures/factory.ts';
import {
	besideItsPassage,
	contextAs,
	expectAccessible,
	expectNoSidewaysScroll,
	expectAccessibleWithoutJs,
	selectWords,
	watchErrors
} from '../fixtures/browser.ts';
import { apiClient } from '../fixtures/http.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { textMap } from '../../src/lib/domain/anchor.ts';
import { contentDoc, writeContent } from '../../src/lib/domain/templates/ydoc.ts';
import { doc, h, p, table, ul } from '../../src/lib/domain/templates/build.ts';
import { connect, createDocument, until } from '../fixtures/collab-client.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

const POLICY = doc(
	h(1, 'Paying people for their time'),
	...Array.from({ length: 24 }, (_, i) =>
		p(`Background ${i + 1}: why the partnership pays people who share their experience, and how it decides.`)
	),
	h(2, 'Rates'),
	table(
		['Level', 'What the person does', 'Rate'],
		['1', 'Shares their experience in a meeting', '£[ ] per hour'],
		['2', 'Co-designs a service over several workshops', '£[ ] per hour']
	),
	h(2, 'Expenses'),
	ul('Travel by public transport', 'Childcare'),
	p('Claims are paid within **30** days.')
);
/** Block indices: the table, the list. */
const TABLE = 26;
const LIST = 28;

/** Where the selection is on the screen. */
function selectionBox(page: Page) {
	return page.evaluate(() => {
		const r = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
		return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
	});
}

/** Waits until an element is shown within the phone's screen (the page was brought to it). */
async function onScreen(locator: Locator) {
	await expect.poll(() => locator.isVisible()).toBe(true);
	const b = await box(locator);
	expect(b.y).toBeGreaterThanOrEqual(-1);
	expect(b.y + Math.min(b.height, 100)).toBeLessThanOrEqual(740);
}

async function box(locator: Locator) {
	const b = await locator.boundingBox();
	expect(b).not.toBeNull();
	return b!;
}

// The walk goes in order: the phone with JavaScript, then without, then the editor's wide screen.
describe('taking part from a phone', () => {
	let team: Awaited<ReturnType<typeof createPartnership>>;
	let editor: TestUser;
	let volunteer: TestUser;
	let id: string;
	let path: string;
	let plain: string;
	/** The address of the phone's thread, from its "Copy link" (`#thread-…`). */
	let href = '';

	beforeAll(async () => {
		team = await createPartnership(db, { vcse: 1, statutory: 1 });
		editor = team.orgs[0].delegate;
		volunteer = await createUser(db, { name: 'Val Volunteer' });
		await addMember(db, team.workspace.id, volunteer.id, {
			role: 'commenter',
			organisationId: team.orgs[0].org.id
		});
		id = await createDocument(db, team.workspace.id, team.facilitator.id);
		const seed = connect(server, id, { cookie: editor.cookie }, { ack: true });
		await seed.synced();
		writeContent(seed.doc, POLICY);
		await until(() => seed.saved.length > 0, 'the policy to be saved');
		seed.destroy();
		path = `/w/${team.workspace.slug}/documents/${id}/comments`;
		plain = textMap(contentDoc(POLICY)).text;
	});

	it('comments with a mention and suggests on a phone, right where the words are, and replies later', async () => {
		// A phone with JavaScript: words in the table's second row, far down the policy.
		const phone = await (
			await contextAs(browser, server, volunteer.sessionToken, {
				viewport: { width: 360, height: 740 },
				hasTouch: true
			})
		).newPage();
		phone.setDefaultTimeout(10_000);
		const errors = watchErrors(phone);
		await phone.goto(path);
		await phone.getByText('Or select words in the text').waitFor();
		await selectWords(phone, `[data-block="${TABLE}"]`, '£[ ] per hour', 1);
		const bar = phone.getByRole('group', { name: 'The selected words' });
		await bar.waitFor();
		const words = await selectionBox(phone);
		const barBox = await box(bar);
		expect(barBox.y).toBeGreaterThanOrEqual(words.bottom);
		expect(barBox.y - words.bottom).toBeLessThan(40);

		// The form opens as a sheet just under the words, on the screen.
		await bar.getByRole('button', { name: 'Comment', exact: true }).click();
		const sheet = phone.getByRole('region', { name: 'On the selected text' });
		const body = sheet.getByLabel('Comment on the selected text');
		await body.fill('Level 2 should be paid for preparation time too. ');
		const sheetBox = await box(sheet);
		const after = await phone.evaluate(() => window.scrollY);
		expect(sheetBox.y).toBeGreaterThanOrEqual(0);
		expect(sheetBox.y).toBeLessThan(740);
		// @mentions complete from the workspace's members, chosen from the keyboard.
		await body.pressSequentially('@fr');
		const people = sheet.getByRole('listbox', { name: 'Members to mention' });
		const fran = people.getByRole('option', { name: /Fran Facilitator/ });
		await expect.poll(() => fran.isVisible()).toBe(true);
		expect(await body.getAttribute('aria-activedescendant')).toBe(await fran.getAttribute('id'));
		await expectAccessible(phone, 'comments page at 360 px, the comment sheet open with members to mention');
		await body.press('Enter');
		await expect
			.poll(() => body.inputValue())
			.toBe('Level 2 should be paid for preparation time too. @Fran Facilitator ');
		expect(await people.count()).toBe(0);
		await expectNoSidewaysScroll(phone);
		await sheet.getByRole('button', { name: 'Add comment' }).click();
		const row = phone.locator(`[data-row="${TABLE}"]`);
		await row.getByRole('status').filter({ hasText: 'Your comment was added.' }).waitFor();
		const thread = row.getByRole('article', { name: /Thread on “£\[ \] per hour”/ });
		await thread.getByText(`for ${team.orgs[0].org.name}`).waitFor();
		// The page stayed where the person was.
		expect(Math.abs((await phone.evaluate(() => window.scrollY)) - after)).toBeLessThan(400);
		// It anchors the second row's words, not the first row's.
		const api = apiClient(server, { cookie: volunteer.cookie });
		const listed = (await api.get(`/api/v1/documents/${id}/comments`)).json.threads;
		expect(listed[0].position.from).toBe(plain.indexOf('£[ ] per hour', plain.indexOf('£[ ] per hour') + 1));
		expect(listed[0].comments[0].mentions).toEqual(['Fran Facilitator']);

		// A suggestion on words in the list under “Expenses”.
		await selectWords(phone, `[data-block="${LIST}"]`, 'Childcare');
		await bar.getByRole('button', { name: 'Suggest', exact: true }).click();
		await sheet.getByLabel('Suggest replacing the selection with').fill('Childcare and care for an adult');
		await sheet.getByLabel('Why (optional)').fill('Carers cannot come otherwise.');
		await sheet.getByRole('button', { name: 'Suggest change' }).click();
		const list = phone.locator(`[data-row="${LIST}"]`);
		await list.getByRole('status').filter({ hasText: 'Your suggestion was added.' }).waitFor();
		await list.getByRole('article', { name: /Suggestion by Val Volunteer/ }).waitFor();

		// A shared link to the thread scrolls to it and marks it.
		href = (await thread.getByRole('link', { name: 'Copy link to this thread' }).getAttribute('href')) ?? '';
		expect(href).toMatch(/^#thread-/);
		await phone.goto(path + href);
		const target = phone.locator(`article${href}`);
		await expect.poll(() => target.evaluate((el) => el.matches(':target'))).toBe(true);
		const targetBox = await box(target);
		expect(targetBox.y).toBeGreaterThanOrEqual(0);
		expect(targetBox.y).toBeLessThan(740);

		// Later, a reply in the thread.
		await target.getByLabel('Reply').fill('I have asked our group what they think.');
		await target.getByRole('button', { name: 'Reply' }).click();
		await target.getByText('I have asked our group what they think.').waitFor();
		await expectAccessible(phone, 'comments page at 360 px after replying');
		await expectNoSidewaysScroll(phone);
		expect(errors).toEqual([]);
	});

	it('does the same without JavaScript, each form coming back to its place', async () => {
		// The same without JavaScript. The document page says the text is the saved one, without a live editor.
		const plainPhone = await (
			await contextAs(browser, server, volunteer.sessionToken, {
				viewport: { width: 360, height: 740 },
				javaScriptEnabled: false
			})
		).newPage();
		plainPhone.setDefaultTimeout(10_000);
		await plainPhone.goto(`/w/${team.workspace.slug}/documents/${id}`);
		await plainPhone.getByText('You are reading the text as last saved.').waitFor();
		expect(await plainPhone.getByText('Loading the live editor').isVisible()).toBe(false);
		await expectAccessibleWithoutJs(
			browser,
			server,
			`/w/${team.workspace.slug}/documents/${id}`,
			volunteer.sessionToken
		);

		// A suggestion under the “Rates” heading, on words copied from the table under it.
		await plainPhone.goto(path);
		await expectAccessibleWithoutJs(browser, server, path, volunteer.sessionToken);
		const rates = plainPhone.locator(`[data-row="${TABLE - 1}"]`);
		await rates.getByText('Suggest a change to this section').click();
		await rates.getByLabel('Text to change').fill('Co-designs a service over several\tworkshops');
		await rates.getByLabel('Replace with').fill('Co-designs a service over two or more workshops');
		await rates.getByRole('button', { name: 'Suggest change' }).click();
		await expect.poll(() => plainPhone.url()).toContain(`#suggest-form-${TABLE - 1}`);
		const added = rates.getByRole('status').filter({ hasText: 'Your suggestion was added.' });
		await onScreen(added);

		// A comment on the table, back at its form.
		const tableRow = plainPhone.locator(`[data-row="${TABLE}"]`);
		await tableRow.getByText('Comment on this section', { exact: true }).click();
		await tableRow.getByLabel('Your comment on this section').fill('Who sets the rates each year?');
		await tableRow.getByRole('button', { name: 'Add comment' }).click();
		await onScreen(tableRow.getByRole('status').filter({ hasText: 'Your comment was added.' }));
		await tableRow.locator('p', { hasText: 'Who sets the rates each year?' }).waitFor();

		// A refused suggestion comes back to its form, with everything typed and why.
		const expenses = plainPhone.locator(`[data-row="${LIST}"]`);
		await expenses.getByText('Suggest a change to this section').click();
		await expenses.getByLabel('Text to change').fill('Travel by bus');
		await expenses.getByLabel('Replace with').fill('Travel by bus or taxi');
		await expenses.getByLabel('Why (optional)').fill('There is no train.');
		await expenses.getByRole('button', { name: 'Suggest change' }).click();
		await expect.poll(() => plainPhone.url()).toContain(`#suggest-form-${LIST}`);
		await onScreen(expenses.getByRole('alert').filter({ hasText: 'That text is not in this part' }));
		expect(await expenses.getByLabel('Text to change').inputValue()).toBe('Travel by bus');
		expect(await expenses.getByLabel('Replace with').inputValue()).toBe('Travel by bus or taxi');
		expect(await expenses.getByLabel('Why (optional)').inputValue()).toBe('There is no train.');

		// Later, a reply in the thread, back where it was written.
		const plainThread = plainPhone.locator(`article${href}`);
		await plainThread.getByLabel('Reply').fill('Our group agrees with paying for preparation.');
		await plainThread.getByRole('button', { name: 'Reply' }).click();
		await onScreen(plainThread.getByRole('status').filter({ hasText: 'Your reply was added.' }));
		await plainThread.locator('p', { hasText: 'Our group agrees with paying for preparation.' }).waitFor();
	});

	it('shows an editor on a wide screen the suggestion beside its passage, to accept', async () => {
		// An editor on a wide screen sees the suggestion beside its passage, and accepts it.
		const desk = await (
			await contextAs(browser, server, editor.sessionToken, { viewport: { width: 1280, height: 900 } })
		).newPage();
		desk.setDefaultTimeout(10_000);
		const deskErrors = watchErrors(desk);
		await desk.goto(path);
		const suggestion = desk
			.locator(`[data-row="${LIST}"]`)
			.getByRole('article', { name: /Suggestion by Val Volunteer/ });
		const passage = await box(desk.locator(`[data-block="${LIST}"]`));
		const beside = await box(suggestion);
		expect(beside.x).toBeGreaterThan(passage.x + passage.width);
		expect(Math.abs(beside.y - passage.y)).toBeLessThan(200);
		await expectAccessible(desk, 'comments page at 1280 px');
		// Words selected far down: the bar is beside them, reached with Tab; Escape closes its form again.
		await selectWords(desk, `[data-block="${TABLE}"]`, 'Co-designs a service');
		const deskBar = desk.getByRole('group', { name: 'The selected words' });
		const deskWords = await selectionBox(desk);
		const deskBarBox = await box(deskBar);
		expect(deskBarBox.x).toBeGreaterThan(deskWords.right);
		expect(Math.abs(deskBarBox.y - deskWords.top)).toBeLessThan(40);
		await desk.keyboard.press('Tab');
		const focused = () => desk.evaluate(() => document.activeElement?.textContent?.trim());
		await expect.poll(focused).toBe('Comment');
		await desk.keyboard.press('Enter');
		await expect.poll(() => desk.evaluate(() => document.activeElement?.id)).toBe('sel-body');
		await desk.keyboard.press('Escape');
		await expect.poll(focused).toBe('Comment');
		expect(await desk.evaluate(() => window.getSelection()?.toString())).toBe('Co-designs a service');
		await suggestion.getByRole('button', { name: 'Accept suggestion' }).click();
		await desk.getByText('The suggestion was accepted and applied to the document.').waitFor();
		await expect
			.poll(() => desk.locator(`[data-block="${LIST}"]`).textContent())
			.toContain('Childcare and care for an adult');
		expect(deskErrors).toEqual([]);
	});

	it('offers Comment and Suggest right by words far down the live editor, wide and on a phone', async () => {
		const url = `/w/${team.workspace.slug}/documents/${id}`;
		/** Selects words in the live editor (it takes the selection once it has the focus). */
		const select = async (page: Page, words: string) => {
			await page.locator('.editor-surface').click();
			await selectWords(page, '.editor-surface', words);
			await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(words);
		};
		const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim());

		// An editor on a wide screen: the bar beside words in the table, reached with Tab; the form level with them.
		const desk = await (
			await contextAs(browser, server, editor.sessionToken, { viewport: { width: 1280, height: 900 } })
		).newPage();
		desk.setDefaultTimeout(10_000);
		const deskErrors = watchErrors(desk);
		await desk.goto(url);
		await select(desk, 'Shares their experience');
		const bar = desk.getByRole('group', { name: 'The selected words' });
		await expect.poll(() => bar.isVisible()).toBe(true);
		const deskWords = await selectionBox(desk);
		const deskBar = await box(bar);
		expect(deskBar.x).toBeGreaterThan(deskWords.right);
		expect(Math.abs(deskBar.y - deskWords.top)).toBeLessThan(40);
		await desk.keyboard.press('Tab');
		await expect.poll(() => focused(desk)).toBe('Comment');
		await desk.keyboard.press('Tab');
		await desk.keyboard.press('Enter');
		const form = desk.getByRole('region', { name: 'On the selected text' });
		await expect.poll(() => desk.evaluate(() => document.activeElement?.id)).toBe('sel-repl');
		// Focusing the form scrolled the page: measured again, by the words' paragraph.
		const line = await box(desk.locator('.editor-surface p', { hasText: 'Shares their experience' }));
		expect(Math.abs((await box(form)).y - line.y)).toBeLessThan(40);
		await desk.keyboard.type('Shares their lived experience');
		await form.getByRole('button', { name: 'Suggest change' }).click();
		// The suggestion is drawn on the text, and its card sits beside it, naming the organisation.
		const struck = desk.locator('.editor-surface del.suggestion-delete', {
			hasText: 'Shares their experience'
		});
		await expect.poll(() => struck.isVisible()).toBe(true);
		const mine = (
			await apiClient(server, { cookie: editor.cookie }).get(`/api/v1/documents/${id}/suggestions`)
		).json.suggestions.find(
			(x: { replacement: string }) => x.replacement === 'Shares their lived experience'
		);
		const card = desk.locator(`[data-margin-item="suggestion-${mine.id}"]`);
		expect(await card.getByRole('heading').first().textContent()).toContain(
			`Suggestion by ${editor.name} for ${team.orgs[0].org.name}`
		);
		await expect.poll(() => besideItsPassage(desk, `suggestion-${mine.id}`)).toBe(true);
		await expectAccessible(desk, 'document page at 1280 px with a suggestion beside its passage');
		expect(deskErrors).toEqual([]);

		// A commenter on a phone: the bar just under words in the list, and the comment form as a sheet there.
		const phone = await (
			await contextAs(browser, server, volunteer.sessionToken, {
				viewport: { width: 360, height: 740 },
				hasTouch: true
			})
		).newPage();
		phone.setDefaultTimeout(10_000);
		const phoneErrors = watchErrors(phone);
		await phone.goto(url);
		await select(phone, 'Travel by public transport');
		const phoneBar = phone.getByRole('group', { name: 'The selected words' });
		await expect.poll(() => phoneBar.isVisible()).toBe(true);
		const words = await selectionBox(phone);
		const barBox = await box(phoneBar);
		expect(barBox.y).toBeGreaterThanOrEqual(words.bottom);
		expect(barBox.y - words.bottom).toBeLessThan(40);
		await phoneBar.getByRole('button', { name: 'Comment', exact: true }).click();
		const sheet = phone.getByRole('region', { name: 'On the selected text' });
		// The form took the focus (the page may have scrolled): measured by the words' list item.
		const under = await box(phone.locator('.editor-surface li', { hasText: 'Travel by public transport' }));
		const sheetBox = await box(sheet);
		expect(sheetBox.y).toBeGreaterThanOrEqual(under.y + under.height - 2);
		expect(sheetBox.y - (under.y + under.height)).toBeLessThan(40);
		await expectAccessible(phone, 'document page at 360 px, the comment sheet open under the words');
		await expectNoSidewaysScroll(phone);
		await sheet
			.getByLabel('Comment on the selected text')
			.fill('Does this include taxis for disabled people?');
		await sheet.getByRole('button', { name: 'Add comment' }).click();
		await phone.getByRole('status').filter({ hasText: 'Your comment was added.' }).waitFor();
		await phone.getByRole('article', { name: /Thread on “Travel by public transport”/ }).waitFor();
		expect(phoneErrors).toEqual([]);
	});
});
