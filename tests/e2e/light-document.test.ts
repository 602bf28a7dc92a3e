// A commenter's document page without the live editor (docs/performance.md, "Weak connection"): on a 360 px
// phone they read the text with the threads and suggestions drawn on it, select words and comment on them,
// and load the live editor only when they choose "Suggest changes". Without JavaScript the page still reads
// and its section forms take a comment. axe checks each state.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import {
	contextAs,
	expectAccessible,
	expectNoSidewaysScroll,
	openLiveEditor,
	openWithoutJs,
	selectWords,
	watchErrors
} from '../fixtures/browser.ts';
import { seedDocument } from '../fixtures/collab-client.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('the document page without the live editor', () => {
	it('lets a commenter on a phone comment on selected words, brings the editor to suggest, and reads without JavaScript', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const commenter = await createUser(db, { name: 'Lee Light' });
		await addMember(db, p.workspace.id, commenter.id, {
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
				['paragraph', 'Invoices from small groups are paid within 60 days.'],
				['paragraph', 'Grants are reviewed every year.']
			],
			p.facilitator.id
		);
		const api = apiClient(server, { cookie: commenter.cookie });
		const made = await api.post(`/api/v1/documents/${doc}/suggestions`, {
			quote: 'every year',
			replacement: 'every two years'
		});
		expect(made.status).toBe(201);
		const url = `/w/${p.workspace.slug}/documents/${doc}`;

		const context = await contextAs(browser, server, commenter.sessionToken, {
			viewport: { width: 360, height: 740 },
			hasTouch: true
		});
		const page = await context.newPage();
		page.setDefaultTimeout(10_000);
		const errors = watchErrors(page);
		const sockets: string[] = [];
		page.on('websocket', (ws) => sockets.push(ws.url()));
		await page.goto(url);
		// The suggestion is drawn on the text as in the live editor; nothing can be typed in, no socket opens.
		const text = page.locator('.editor-surface');
		const struck = text.locator(`del.suggestion-${made.json.id}`);
		await struck.waitFor();
		expect(await struck.textContent()).toBe('every year');
		expect(await text.locator(`ins.suggestion-${made.json.id}`).textContent()).toBe('every two years');
		await page.getByRole('button', { name: 'Suggest changes' }).waitFor();
		expect(await page.locator('[contenteditable]').count()).toBe(0);
		/** Asks whether the document changed (as when the person comes back to the page) and waits for the answer. */
		const changedNotice = async () => {
			const asked = page.waitForResponse((r) => r.url().endsWith('/stamp'));
			await page.evaluate(() => window.dispatchEvent(new Event('focus')));
			await asked;
			await page.waitForTimeout(100);
			return page.getByText('This document has changed').count();
		};
		expect(await changedNotice()).toBe(0);

		// Words selected after the suggestion's new words (which are not the document's) anchor where they are.
		await selectWords(page, '.editor-surface', 'reviewed');
		const bar = page.getByRole('group', { name: 'The selected words' });
		await bar.getByRole('button', { name: 'Comment', exact: true }).click();
		const sheet = page.getByRole('region', { name: 'On the selected text' });
		await sheet.getByLabel('Comment on the selected text').fill('Who reviews them?');
		await expectAccessible(page, 'document page without the live editor at 360 px, commenting on words');
		await sheet.getByRole('button', { name: 'Add comment' }).click();
		await page.getByRole('status').filter({ hasText: 'Your comment was added.' }).first().waitFor();
		const mark = text.locator('mark.comment-anchor');
		await expect.poll(() => mark.textContent()).toBe('reviewed');
		const threads = (await api.get(`/api/v1/documents/${doc}/comments`)).json.threads;
		expect(threads).toHaveLength(1);
		expect(threads[0]).toMatchObject({ quote: 'reviewed', position: { status: 'ok', text: 'reviewed' } });
		expect(await mark.getAttribute('aria-describedby')).toBe(`t-${threads[0].id}`);
		// Their own comment is not news to them.
		expect(await changedNotice()).toBe(0);
		await expectNoSidewaysScroll(page);
		await expectAccessible(page, 'document page without the live editor at 360 px, with a thread');
		expect(sockets).toEqual([]);

		// "Suggest changes" brings the live editor, with the same marks, taking typing as a suggestion.
		await openLiveEditor(page);
		await text.locator(`mark.thread-${threads[0].id}`).waitFor();
		await text.locator(`del.suggestion-${made.json.id}`).waitFor();
		expect(sockets).toHaveLength(1);
		await text.click();
		await selectWords(page, '.editor-surface', 'small groups');
		await page.keyboard.type('charities');
		const form = page.getByRole('form', { name: /Your suggestion/ });
		await expect.poll(() => form.textContent()).toMatch(/replace\s*small groups\s*with\s*charities/);
		await expectNoSidewaysScroll(page);
		await expectAccessible(page, 'document page at 360 px once the commenter suggests changes');
		expect(errors).toEqual([]);
		await context.close();

		// Without JavaScript: the text with its marks, and a section's form takes a comment.
		const plain = await openWithoutJs(browser, server, url, commenter.sessionToken);
		await plain.getByText('You are reading the text as last saved.').waitFor();
		expect(await plain.locator('.editor-surface mark.comment-anchor').textContent()).toBe('reviewed');
		expect(await plain.getByRole('button', { name: 'Suggest changes' }).count()).toBe(0);
		await expectAccessible(plain, 'document page without JavaScript');
		const section = plain.locator('#comment-form-1');
		await section.getByText('Comment on this section', { exact: true }).click();
		await section.getByLabel('Your comment on this section').fill('Sixty days is too long.');
		await section.getByRole('button', { name: 'Add comment' }).click();
		await plain.getByText('Your comment was added.').first().waitFor();
		const after = (await api.get(`/api/v1/documents/${doc}/comments`)).json.threads;
		expect(after.map((t: { comments: { body: string }[] }) => t.comments[0].body)).toContain(
			'Sixty days is too long.'
		);
		await plain.context().close();
	}, 90_000);
});
