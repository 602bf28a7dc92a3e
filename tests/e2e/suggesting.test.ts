// Suggesting in the live editor: an editor switches to "Suggesting", types over words and sends the suggestion,
// without a byte reaching the Yjs document; a commenter sees it on the text and suggests by typing too; the
// editor accepts one and the text changes for everyone. Threads sit in the margin beside their passages.
// axe checks the page with decorations and margin threads, wide and at 320 px.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { count, eq } from 'drizzle-orm';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import {
	contextAs,
	besideItsPassage,
	expectAccessible,
	expectNoSidewaysScroll,
	openLiveEditor,
	openWithoutJs,
	watchErrors
} from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { collabUpdates } from '../../src/lib/server/db/schema/index.ts';
import { connect, fetchState, seedDocument } from '../fixtures/collab-client.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

/** Selects words in the live editor (or puts the caret before them when `caret` is set). */
async function select(page: Page, words: string, caret = false) {
	await page.locator('.editor-surface').click();
	await page.evaluate(
		([words, caret]) => {
			const surface = document.querySelector('.editor-surface')!;
			const walker = document.createTreeWalker(surface, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n; n = walker.nextNode()) {
				if (n.parentElement?.closest('ins')) continue;
				const at = n.textContent!.indexOf(words as string);
				if (at === -1) continue;
				const range = document.createRange();
				range.setStart(n, at);
				range.setEnd(n, caret ? at : at + (words as string).length);
				const sel = window.getSelection()!;
				sel.removeAllRanges();
				sel.addRange(range);
				return;
			}
			throw new Error(`not in the editor: ${words}`);
		},
		[words, caret] as const
	);
	// ProseMirror takes the selection from the DOM on selectionchange.
	await poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe(caret ? '' : words);
}

/** Waits for a value to settle (pages and sockets on a busy machine can take a few seconds). */
const poll = <T>(fn: () => T | Promise<T>, message?: string) => expect.poll(fn, { timeout: 10_000, message });

const updatesOf = (doc: string) =>
	db.select({ n: count() }).from(collabUpdates).where(eq(collabUpdates.documentId, doc)).get()!.n;

describe('suggesting in the live editor', () => {
	it('an editor and a commenter suggest by typing; the document changes only when a suggestion is accepted', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const commenter = await createUser(db, { name: 'Cora Commenter' });
		await addMember(db, p.workspace.id, commenter.id, {
			role: 'commenter',
			organisationId: p.orgs[1].org.id
		});
		const doc = await seedDocument(
			server,
			db,
			p.workspace.id,
			{ cookie: editor.cookie },
			[
				['heading', 'Payment terms'],
				['paragraph', 'Invoices from small groups are paid within 60 days.'],
				['paragraph', 'Receipts are acknowledged by email on the day they arrive.'],
				['paragraph', 'Questions about a payment go to the finance team of the commissioner.'],
				['paragraph', 'Grants are reviewed every year by the partnership board.']
			],
			p.facilitator.id
		);
		const eddie = apiClient(server, { cookie: editor.cookie });
		const cora = apiClient(server, { cookie: commenter.cookie });
		const thread = await cora.post(`/api/v1/documents/${doc}/comments`, {
			quote: 'partnership board',
			body: 'Which board is this?'
		});
		expect(thread.status).toBe(201);
		const markdown = async () => (await eddie.get(`/api/v1/documents/${doc}?format=md`)).text;
		const url = `/w/${p.workspace.slug}/documents/${doc}`;
		const wide = { viewport: { width: 1280, height: 900 } };

		// The editor switches to suggesting and types over "60 days".
		const desk = await (await contextAs(browser, server, editor.sessionToken, wide)).newPage();
		desk.setDefaultTimeout(10_000);
		const deskErrors = watchErrors(desk);
		await desk.goto(url);
		const surface = desk.locator('.editor-surface');
		await surface.waitFor();
		await poll(() => desk.getByRole('status').first().textContent()).toContain('All changes saved');
		const toggle = desk.getByRole('button', { name: 'Suggesting' });
		expect(await toggle.getAttribute('aria-pressed')).toBe('false');
		await toggle.click();
		expect(await toggle.getAttribute('aria-pressed')).toBe('true');
		const before = updatesOf(doc);
		await select(desk, '60 days');
		await desk.keyboard.type('30 days');
		const form = desk.getByRole('form', { name: /Your suggestion/ });
		await poll(() => form.textContent()).toMatch(/replace\s*60 days\s*with\s*30 days/);
		await poll(() => surface.locator('ins.suggestion-pending').textContent()).toBe('30 days');
		expect(await surface.locator('del.suggestion-pending').textContent()).toBe('60 days');
		// Nothing reached the document: the editor's own text still reads 60 days, everything it holds is saved,
		// the update log did not grow, and the server's copy is unchanged.
		expect(
			await surface
				.locator('p')
				.first()
				.evaluate((el) => {
					const copy = el.cloneNode(true) as HTMLElement;
					copy.querySelectorAll('ins').forEach((ins) => ins.remove());
					return copy.textContent;
				})
		).toBe('Invoices from small groups are paid within 60 days.');
		await poll(() => desk.getByRole('status').first().textContent()).toContain('All changes saved');
		expect(updatesOf(doc)).toBe(before);
		expect(await markdown()).toContain('paid within 60 days.');

		await expectAccessible(desk, 'document page while suggesting, with the suggestion form (editor)');
		await form.getByLabel('Why (optional)').fill('Small groups cannot wait two months.');
		await form.getByRole('button', { name: 'Suggest this change' }).click();
		await desk.getByText('Your suggestion was sent.').waitFor();
		await form.waitFor({ state: 'detached' });
		// Now an open suggestion on the text, from the page data.
		await surface.locator('del.suggestion-delete:not(.suggestion-pending)').waitFor();
		const listed = (await eddie.get(`/api/v1/documents/${doc}/suggestions`)).json.suggestions;
		expect(listed).toMatchObject([
			{
				kind: 'replace',
				quote: '60 days',
				replacement: '30 days',
				note: 'Small groups cannot wait two months.',
				status: 'open',
				author: { name: editor.name }
			}
		]);
		expect(updatesOf(doc)).toBe(before);
		expect(await markdown()).toContain('paid within 60 days.');

		// A commenter, in a second browser, sees the suggestion on the text and the thread beside its passage: the
		// text as the server drew it, without the live editor.
		const laptop = await (await contextAs(browser, server, commenter.sessionToken, wide)).newPage();
		laptop.setDefaultTimeout(10_000);
		const laptopErrors = watchErrors(laptop);
		await laptop.goto(url);
		const theirs = laptop.locator('.editor-surface');
		const struck = theirs.locator(`del.suggestion-${listed[0].id}`);
		await struck.waitFor();
		expect(await struck.textContent()).toBe('60 days');
		expect(await struck.getAttribute('title')).toBe(`Suggestion by ${editor.name}: replace these words`);
		expect(await theirs.locator(`ins.suggestion-${listed[0].id}`).textContent()).toBe('30 days');
		expect(await laptop.locator('[contenteditable]').count()).toBe(0);
		const passage = theirs.locator(`.comment-anchor.thread-${thread.json.id}`);
		expect(await passage.textContent()).toBe('partnership board');
		// Not by colour alone: a <mark>, described by its thread's heading.
		expect(await passage.evaluate((el) => el.tagName)).toBe('MARK');
		expect(await passage.getAttribute('aria-describedby')).toBe(`t-${thread.json.id}`);
		const threadArticle = laptop.getByRole('article', { name: /Thread on “partnership board”/ });
		await poll(
			() => besideItsPassage(laptop, `thread-${thread.json.id}`),
			'the thread sits in the margin beside its passage (or under the suggestion card above it)'
		).toBe(true);
		await expectAccessible(laptop, 'document page with suggestions and margin threads (commenter)');

		// Showing a thread's passage from the margin highlights it.
		await threadArticle.getByRole('button', { name: 'Show in the text' }).click();
		await theirs.locator(`.thread-${thread.json.id}.is-active`).waitFor();

		// The commenter opens the live editor to suggest by typing at the caret; their socket is read-only and
		// is never written to. The editor draws the same marks.
		await openLiveEditor(laptop);
		expect(await theirs.locator('ins.suggestion-insert').getAttribute('contenteditable')).toBe('false');
		await theirs.locator(`.comment-anchor.thread-${thread.json.id}`).waitFor();
		await select(laptop, 'year by', true);
		await laptop.keyboard.type('other ');
		const theirForm = laptop.getByRole('form', { name: /Your suggestion/ });
		await poll(() => theirForm.textContent()).toMatch(/insert\s*other/);
		await theirForm.getByRole('button', { name: 'Suggest this change' }).click();
		await laptop.getByText('Your suggestion was sent.').waitFor();
		await theirs.locator('ins.suggestion-insert:not(.suggestion-pending)', { hasText: 'other' }).waitFor();
		expect(await laptop.getByRole('alert').count()).toBe(0);
		const both = (await eddie.get(`/api/v1/documents/${doc}/suggestions`)).json.suggestions;
		expect(both).toHaveLength(2);
		expect(both[1]).toMatchObject({
			kind: 'insert',
			quote: '',
			replacement: 'other ',
			author: { name: 'Cora Commenter' }
		});
		expect(updatesOf(doc)).toBe(before);
		expect(await markdown()).toContain('reviewed every year by');
		await expectAccessible(laptop, 'document page after the commenter’s suggestion');

		// The editor accepts the first suggestion: the text changes for both, and its marks go away.
		// No reload: the editor's open page is told about the new suggestion and shows it.
		await surface.locator(`ins.suggestion-${both[1].id}`).waitFor();
		await desk
			.getByRole('article', { name: new RegExp(`Suggestion by ${editor.name}`) })
			.getByRole('button', { name: 'Accept suggestion' })
			.focus();
		await desk.keyboard.press('Enter');
		// The answer is shown (and announced) on the document page, not only on the comments page.
		await desk.getByRole('status').filter({ hasText: 'The suggestion was accepted' }).waitFor();
		// The accepted suggestion left the margin for "Decided": the focus goes to the next card in the margin
		// (the commenter's suggestion, below it), where the person was, not to the top.
		await poll(() => desk.evaluate(() => document.activeElement?.id)).toBe(`s-${both[1].id}`);
		await poll(() => surface.textContent()).toContain('paid within 30 days.');
		await poll(() => theirs.textContent()).toContain('paid within 30 days.');
		// On the commenter's page (not reloaded) the accepted suggestion no longer matches its text.
		await poll(() => theirs.locator(`.suggestion-${listed[0].id}`).count()).toBe(0);
		expect(await theirs.locator(`ins.suggestion-${both[1].id}`).count()).toBe(1);
		expect(await markdown()).toContain('paid within 30 days.');

		// At 320 px the threads are listed below the text, the page does not scroll sideways, and axe passes.
		const phone = await (
			await contextAs(browser, server, commenter.sessionToken, { viewport: { width: 320, height: 640 } })
		).newPage();
		phone.setDefaultTimeout(10_000);
		const phoneErrors = watchErrors(phone);
		await phone.goto(url);
		await phone.locator(`.editor-surface ins.suggestion-${both[1].id}`).waitFor();
		await expectNoSidewaysScroll(phone);
		// With a suggestion being made, its form fits too.
		await openLiveEditor(phone);
		await phone.locator(`.editor-surface ins.suggestion-${both[1].id}`).waitFor();
		await select(phone, 'acknowledged');
		await phone.keyboard.press('Delete');
		await phone.getByRole('form', { name: /Your suggestion: delete/ }).waitFor();
		await expectNoSidewaysScroll(phone);
		await expectAccessible(phone, 'document page at 320 px, with a suggestion being made');
		// Nothing was thrown or logged as an error in any of the browsers along the way.
		expect([...deskErrors, ...laptopErrors, ...phoneErrors]).toEqual([]);

		// Without JavaScript the page still reads: the text, the threads with their forms, a form per section.
		const plain = await openWithoutJs(browser, server, url, commenter.sessionToken);
		expect(await plain.locator('.document-content').first().textContent()).toContain('paid within 30 days.');
		await plain
			.getByRole('article', { name: /Thread on “partnership board”/ })
			.getByLabel('Reply')
			.waitFor();
		expect(await plain.getByText('Comment on this section').count()).toBeGreaterThan(0);
		await expectNoSidewaysScroll(plain);
		await expectAccessible(plain, 'document page without JavaScript');
	}, 180_000);

	it('a commenter’s pending suggestion: not sent once someone else changes its words, Escape discards it, failed sends say why and keep the focus; content the editor cannot show does not cut them off', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const commenter = await createUser(db, { name: 'Kim Keyboard' });
		await addMember(db, p.workspace.id, commenter.id, {
			role: 'commenter',
			organisationId: p.orgs[1].org.id
		});
		const doc = await seedDocument(server, db, p.workspace.id, { cookie: editor.cookie }, [
			['paragraph', 'Invoices are paid within 60 days.'],
			['paragraph', 'Grants are reviewed every year.']
		]);
		const kim = apiClient(server, { cookie: commenter.cookie });
		const sent = async () => (await kim.get(`/api/v1/documents/${doc}/suggestions`)).json.suggestions;
		const thread = await kim.post(`/api/v1/documents/${doc}/comments`, {
			quote: 'every year',
			body: 'Would every two years do?'
		});
		expect(thread.status).toBe(201);
		const page = await (await contextAs(browser, server, commenter.sessionToken)).newPage();
		page.setDefaultTimeout(10_000);
		// The browser logs the requests this test makes fail on purpose (offline, refused); nothing else may be
		// logged or thrown.
		const errors = watchErrors(page, [
			/Failed to load resource: (net::ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|.* status of 403)/
		]);
		await page.goto(`/w/${p.workspace.slug}/documents/${doc}`);
		await openLiveEditor(page);
		const surface = page.locator('.editor-surface');
		await surface.getByText('within 60 days').waitFor();
		const notice = page.locator('.editor-notice');
		const form = page.getByRole('form', { name: /Your suggestion/ });
		/** The focused element: tag, id and class. */
		const focused = () =>
			page.evaluate(() => {
				const a = document.activeElement;
				return a ? `${a.tagName.toLowerCase()}#${a.id}.${a.className}` : '';
			});
		// An integration writes content the editor cannot show (an element and a mark it does not know). The
		// commenter's editor leaves it out, and its socket, read-only on the server, never sends that change:
		// it stays connected (checked at the end) and the document keeps the content.
		const other = connect(server, doc, { cookie: editor.cookie });
		await other.synced();
		other.doc.transact(() => {
			const image = new Y.XmlElement('image');
			image.setAttribute('src', 'chart.png');
			const marked = new Y.XmlElement('paragraph');
			const annex = new Y.XmlElement('paragraph');
			annex.insert(0, [new Y.XmlText('Annex follows.')]);
			const list = new Y.XmlElement('bulletList');
			list.insert(
				0,
				['A first point', 'A second point'].map((words) => {
					const item = new Y.XmlElement('listItem');
					const para = new Y.XmlElement('paragraph');
					para.insert(0, [new Y.XmlText(words)]);
					item.insert(0, [para]);
					return item;
				})
			);
			other.doc.getXmlFragment('default').push([image, marked, annex, list]);
			const text = new Y.XmlText();
			marked.insert(0, [text]);
			text.insert(0, 'Highlighted', { highlight: { color: 'yellow' } });
		});
		await surface.getByText('Annex follows.').waitFor();
		// The document now ends with a list, after which the editor would add a paragraph: that is not the
		// commenter's edit, so nothing is said about it. In the list, Tab would indent, which cannot be
		// suggested: while suggesting it leaves the text instead of holding the keyboard there.
		await select(page, 'second point', true);
		await page.keyboard.press('Tab');
		expect(await focused()).not.toContain('editor-surface');
		expect(await notice.textContent()).toBe('');
		// Someone else changes the words while the suggestion is pending: it is not drawn on the new words,
		// the form says so, more typing is refused, and sending is refused without a request.
		await select(page, '60 days');
		await page.keyboard.type('30 days');
		await poll(() => form.textContent()).toMatch(/replace\s*60 days\s*with\s*30 days/);
		expect(await notice.textContent()).toContain('Escape to discard');
		other.doc.transact(() => {
			const text = (other.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
			const at = text.toString().indexOf('60');
			text.delete(at, 2);
			text.insert(at, '45');
		});
		await surface.getByText('within 45 days').waitFor();
		await poll(() => form.getByRole('alert').textContent()).toContain(
			'Someone else has changed the words your suggestion changes: they now read “45 days”.'
		);
		expect(await surface.locator('.suggestion-pending').count()).toBe(0);
		await page.keyboard.type('!');
		await poll(() => notice.textContent()).toContain('Discard your suggestion, then make it again');
		await form.getByRole('button', { name: 'Suggest this change' }).click();
		await poll(() => form.getByRole('alert').textContent()).toMatch(
			/^Your suggestion was not sent\. Someone else/
		);
		expect(await sent()).toEqual([]);
		// Escape in the form discards it and puts the focus back in the text.
		await page.keyboard.press('Escape');
		await form.waitFor({ state: 'detached' });
		expect(await focused()).toContain('editor-surface');
		await poll(() => notice.textContent()).toBe('Your suggestion was discarded.');

		// Escape in the text discards a pending suggestion too.
		await select(page, 'Grants', true);
		await page.keyboard.type('New ');
		await form.waitFor();
		await page.keyboard.press('Escape');
		await form.waitFor({ state: 'detached' });
		expect(await focused()).toContain('editor-surface');

		// While a suggestion is pending, leaving the page asks first.
		await page.keyboard.type('New ');
		await form.waitFor();
		expect(
			await page.evaluate(() => {
				const e = new Event('beforeunload', { cancelable: true });
				window.dispatchEvent(e);
				return e.defaultPrevented;
			})
		).toBe(true);
		// Someone else comments while Kim's requests fail (a phone losing signal): her page does not reload its
		// data then (SvelteKit would load the whole page again, and the suggestion would be lost); it catches
		// up at the next change.
		const eddie = apiClient(server, { cookie: editor.cookie });
		await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
		const cutOff = ['**/__data.json*', '**/api/v1/me'];
		for (const url of cutOff) await page.route(url, (route) => route.abort());
		const refused = page.waitForEvent('requestfailed', (r) => r.url().endsWith('/api/v1/me'));
		await eddie.post(`/api/v1/documents/${doc}/comments`, { quote: 'Invoices', body: 'Which ones?' });
		await refused;
		for (const url of cutOff) await page.unroute(url);
		await eddie.post(`/api/v1/documents/${doc}/comments`, { quote: 'paid', body: 'By whom?' });
		await page.getByRole('article', { name: /Thread on “paid”/ }).waitFor();
		expect(await page.getByRole('article', { name: /Thread on “Invoices”/ }).count()).toBe(1);
		expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
		await poll(() => form.textContent()).toMatch(/insert\s*New/);

		// Sending fails: the reason is shown, the suggestion stays, and the focus stays in the form.
		expect(await focused()).toContain('editor-surface');
		await page.keyboard.press('Tab');
		expect(await focused()).toMatch(/^input#pending-note/);
		await page.context().setOffline(true);
		await page.keyboard.press('Enter');
		await poll(() => form.getByRole('alert').textContent()).toContain(
			'Your suggestion was not sent: the server could not be reached.'
		);
		expect(await focused()).toMatch(/^input#pending-note/);
		await page.context().setOffline(false);
		// Lowered to observer meanwhile: refused (403), and said in words the person can act on.
		const facilitator = apiClient(server, { cookie: p.facilitator.cookie });
		const lower = (role: string) =>
			facilitator.patch(`/api/v1/workspaces/${p.workspace.id}/members/${commenter.id}`, { role });
		expect((await lower('observer')).status).toBe(200);
		const send = form.getByRole('button', { name: 'Suggest this change' });
		await send.focus();
		await page.keyboard.press('Enter');
		await poll(() => form.getByRole('alert').textContent()).toContain(
			'you can no longer suggest changes to this document'
		);
		expect(await focused()).toMatch(/^button/);
		expect(await sent()).toEqual([]);
		await expectAccessible(page, 'document page with a refused suggestion');

		// Back to commenter: sent from the keyboard, and the focus returns to the text.
		expect((await lower('commenter')).status).toBe(200);
		await send.focus();
		await page.keyboard.press('Enter');
		await poll(() => notice.textContent()).toContain('Your suggestion was sent.');
		await form.waitFor({ state: 'detached' });
		expect(await focused()).toContain('editor-surface');
		expect(await sent()).toMatchObject([{ kind: 'insert', replacement: 'New ' }]);

		// Someone else resolves the thread Kim is replying to: her page reloads its threads, and both her focus
		// and the reply she was typing stay, even when she starts typing while the reload is on its way.
		const reply = page.locator(`#reply-${thread.json.id}`);
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		let asked = false;
		await page.route(/__data\.json/, async (route) => {
			asked = true;
			await held;
			await route.continue();
		});
		const resolved = await eddie.patch(`/api/v1/comments/${thread.json.id}`, { status: 'resolved' });
		expect(resolved.status).toBe(200);
		await poll(() => asked).toBe(true);
		await reply.fill('Every two years would be enough.');
		// She looks at another window meanwhile: the page's window loses the focus (a focusout with nowhere to
		// go), while the reply stays the page's focused element.
		await reply.evaluate((el) => el.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
		release();
		await page.getByRole('article', { name: /Thread on “every year”\s*resolved/ }).waitFor();
		await page.unroute(/__data\.json/);
		await poll(focused).toMatch(new RegExp(`^textarea#reply-${thread.json.id}\\.`));
		expect(await reply.inputValue()).toBe('Every two years would be enough.');
		// She sends it: the answer is announced and the focus stays on her button, not at the top of the page.
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await page.getByRole('status').filter({ hasText: 'Your reply was added.' }).waitFor();
		await page.locator('p', { hasText: 'Every two years would be enough.' }).waitFor();
		await poll(focused).toMatch(/^button#\./);
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reply');
		other.destroy();
		expect(await page.getByRole('alert').allTextContents()).toEqual([]);
		const stored = await fetchState(server, doc, { cookie: editor.cookie });
		expect(stored.getXmlFragment('default').toString()).toContain('<image src="chart.png"></image>');
		expect(stored.getXmlFragment('default').toString()).toContain('Highlighted');
		expect(errors).toEqual([]);
	}, 120_000);
});
