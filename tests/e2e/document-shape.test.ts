// The document keeps its shape wherever it is read: the comments page, a saved version, the comparison of
// two versions (whole, and changes only) and the public consultation page show real headings, lists and
// tables on a phone (the comments page without JavaScript). axe checks every page on the way.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll, openWithoutJs } from '../fixtures/browser.ts';
import { apiClient } from '../fixtures/http.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { writeContent } from '../../src/lib/domain/templates/ydoc.ts';
import { doc, h, ol, p, table, ul } from '../../src/lib/domain/templates/build.ts';
import { connect, createDocument, until, type Client } from '../fixtures/collab-client.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

const POLICY = doc(
	h(1, 'Paying volunteers'),
	p('Far above the change: this paragraph stays the same.'),
	h(2, 'Rates'),
	table(
		['Level', 'What the person does', 'Rate per hour, agreed by the partnership board'],
		['1', 'Shares their experience in a meeting or an interview', '£[ ]'],
		['2', 'Co-designs a service over several workshops', '£[ ]']
	),
	h(2, 'Expenses'),
	ul('Travel by public transport', 'Childcare'),
	ol('Claim within **30** days', 'We pay within [10](https://example.org/terms) days')
);

/** Waits until the server has saved everything the client holds. */
async function savedAll(c: Client) {
	await until(() => {
		const last = c.saved.at(-1);
		if (!last) return false;
		const server = Y.decodeStateVector(last);
		const mine = Y.decodeStateVector(Y.encodeStateVector(c.doc));
		return [...mine].every(([id, clock]) => (server.get(id) ?? 0) >= clock);
	}, 'save confirmation');
}

/** The structure every page must show: a real table with its header cells, and both kinds of list. */
async function expectShape(page: Page, within: string) {
	const box = page.locator(within);
	const tableBox = box.getByRole('region', { name: /^Table: Level, What the person does/ }).first();
	await tableBox.waitFor();
	expect(await tableBox.getAttribute('tabindex')).toBe('0');
	expect(await tableBox.locator('th[scope="col"]').count()).toBe(3);
	expect(await tableBox.locator('tr').count()).toBe(3);
	expect(await box.locator('ul > li').allTextContents()).toContain('Travel by public transport');
	expect(await box.locator('ol > li strong').first().textContent()).toBe('30');
	expect(await box.locator('ol a[href="https://example.org/terms"]').count()).toBe(1);
}

describe('the document keeps its shape', () => {
	it(
		'on the comments page, a version, the comparison (whole and changes only) and the consultation page',
		{ timeout: 180_000 },
		async () => {
			const { workspace, orgs, facilitator } = await createPartnership(db, { vcse: 1, statutory: 1 });
			const editor = orgs[0].delegate;
			const id = await createDocument(db, workspace.id, facilitator.id);
			const c = connect(server, id, { cookie: editor.cookie }, { ack: true });
			await c.synced();
			writeContent(c.doc, POLICY);
			await savedAll(c);
			const api = apiClient(server, { cookie: editor.cookie });
			const saved = await api.post(`/api/v1/documents/${id}/versions`, { name: 'Board draft' });
			expect(saved.status).toBe(201);

			// The editor sets the first rate and adds an item to the list.
			const fragment = c.doc.getXmlFragment('default');
			const tableEl = fragment.get(3) as Y.XmlElement;
			const rateCell = (tableEl.get(1) as Y.XmlElement).get(2) as Y.XmlElement;
			const rateText = (rateCell.get(0) as Y.XmlElement).get(0) as Y.XmlText;
			c.doc.transact(() => {
				rateText.delete(0, rateText.length);
				rateText.insert(0, '£15');
				const item = new Y.XmlElement('listItem');
				const para = new Y.XmlElement('paragraph');
				para.insert(0, [new Y.XmlText('Interpreters and carers')]);
				item.insert(0, [para]);
				(fragment.get(5) as Y.XmlElement).insert(1, [item]);
			});
			await savedAll(c);
			c.destroy();

			const base = `/w/${workspace.slug}/documents/${id}`;
			const phone = await contextAs(browser, server, editor.sessionToken, {
				viewport: { width: 360, height: 740 }
			});
			const page = await phone.newPage();

			// The comparison, on a phone: one table with the change inside its cell, the new item in its list.
			await page.goto(`${base}/versions/compare?a=${saved.json.id}&b=current`);
			await expectShape(page, '.diff');
			expect(await page.locator('.diff td ins').allTextContents()).toEqual([expect.stringContaining('15')]);
			expect(await page.locator('.diff td del').allTextContents()).toEqual([expect.stringContaining('[ ]')]);
			expect(await page.locator('.diff ul > li ins').allTextContents()).toEqual([
				expect.stringContaining('Interpreters and carers')
			]);
			expect(await page.locator('.diff').textContent()).toContain('Far above the change');
			await expectAccessible(page, 'comparison at 360 px');
			await expectNoSidewaysScroll(page);

			// Changes only (a link): the unchanged paragraph is left out, each change keeps its section's heading.
			await page.getByRole('link', { name: 'Changes only' }).click();
			await page.waitForURL(/view=changes/);
			expect(await page.getByRole('link', { name: 'Changes only' }).getAttribute('aria-current')).toBe(
				'page'
			);
			const only = page.locator('.diff');
			expect(await only.textContent()).not.toContain('Far above the change');
			expect(await only.locator('.diff-skip').first().textContent()).toMatch(/unchanged parts? not shown/);
			expect(await only.getByRole('heading', { name: 'Rates' }).count()).toBe(1);
			expect(await only.locator('table td ins').count()).toBe(1);
			expect(await only.locator('ul > li ins').count()).toBe(1);
			expect(await only.locator('ol').count()).toBe(0);
			await expectAccessible(page, 'changes only at 360 px');
			await expectNoSidewaysScroll(page);

			// A saved version.
			await page.goto(`${base}/versions/${saved.json.id}`);
			await expectShape(page, 'article');
			await expectAccessible(page, 'version at 360 px');
			await expectNoSidewaysScroll(page);
			await phone.close();

			// The comments page without JavaScript.
			const comments = await openWithoutJs(browser, server, `${base}/comments`, editor.sessionToken);
			await expectShape(comments, 'section.doc');
			await expectAccessible(comments, 'comments page without JavaScript');
			await expectNoSidewaysScroll(comments);
			await comments.context().close();

			// The public consultation page, after responding (here: only to comment, so no answers).
			const opened = await apiClient(server, { cookie: facilitator.cookie }).post(
				`/api/v1/documents/${id}/consultations`,
				{ closesAt: '2099-06-01T17:00', audience: 'public', questions: ['Are the rates fair?'] }
			);
			expect(opened.status).toBe(201);
			const visitor = await contextAs(browser, server, undefined, { viewport: { width: 360, height: 740 } });
			const guest = await visitor.newPage();
			await guest.goto(opened.json.publicLink);
			await guest.getByLabel('Your name', { exact: true }).fill('Vic Volunteer');
			await guest.getByLabel('Email', { exact: true }).fill('vic@example.org');
			await guest.getByLabel('Organisation', { exact: true }).fill('Hillside Lunch Club');
			await guest.getByLabel(/Voluntary, community/).check();
			await guest.getByRole('button', { name: 'Send my response' }).click();
			// The joined page is polled for rather than awaited with waitFor, whose frame-by-frame wait did not
			// resume in Debian's Chromium 150 after the enhanced form re-rendered the page.
			await expect
				.poll(() => guest.locator('main').textContent(), { timeout: 15_000 })
				.toContain('Your email is not confirmed yet');
			await expectShape(guest, 'section[aria-labelledby="doc-h"]');
			// What changed since the version before, as changes only.
			const changes = guest.locator('section[aria-labelledby="changes-h"]');
			await changes.locator('summary').click();
			expect(await changes.locator('table td ins').count()).toBe(1);
			expect(await changes.textContent()).not.toContain('Far above the change');
			await expectAccessible(guest, 'consultation page at 360 px');
			await expectNoSidewaysScroll(guest);
			// A person from the link is offered no member list to @mention from.
			const comment = guest.getByLabel('Your comment on this section').first();
			await guest.getByText('Comment on this section', { exact: true }).first().click();
			await comment.pressSequentially('@De');
			expect(await comment.getAttribute('aria-autocomplete')).toBeNull();
			expect(await guest.getByRole('listbox').count()).toBe(0);
			await visitor.close();
		}
	);
});
