import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import {
	contextAs,
	expectAccessible,
	expectNoSidewaysScroll,
	openWithoutJs,
	watchErrors
} from '../fixtures/browser.ts';
import { createPartnership, openTestDb } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';

let server: TestServer;
let browser: Browser;
useServerAndBrowser({}, (s) => ({ server, browser } = s));

/** The panel runs a moment after typing stops; on a loaded machine typing itself takes seconds. */
const PANEL = { timeout: 15_000 };

const SENTENCE = 'Our standstill is 5 working days.';
const FINDING = 'The standstill of 5 working days is shorter than 8 working days.';
const SECTION = '4. Standstill and transparency';

/** Types the sentence at the start of the first line under the standstill heading, in the live editor. */
async function addSentence(page: Page) {
	await page.locator('.editor-surface').getByText('For Direct Award Process C, the Most Suitable').click();
	await page.keyboard.press('Home');
	await page.keyboard.type(`${SENTENCE} `);
}

/** Deletes what addSentence typed: the caret is still after it. */
async function removeSentence(page: Page) {
	for (let i = 0; i <= SENTENCE.length; i++) await page.keyboard.press('Backspace');
}

describe('the Checks panel', () => {
	it('an editor sees a finding appear and go as they type, on a wide screen and at 360 px; the comments page shows it without JavaScript', async () => {
		const db = openTestDb(server.dbFile);
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = orgs[0].delegate;
		db.$client.close();
		const created = await apiClient(server, { cookie: editor.cookie }).post(
			`/api/v1/workspaces/${workspace.id}/documents`,
			{ title: 'Procurement principles', kind: 'procurement_principles', template: 'procurement_principles' }
		);
		expect(created.status).toBe(201);
		const url = `/w/${workspace.slug}/documents/${created.json.id}`;

		const ctx = await contextAs(browser, server, editor.sessionToken);
		const page = await ctx.newPage();
		const errors = watchErrors(page);
		await page.goto(url);
		const panel = page.getByRole('region', { name: 'Checks' });
		// The template covers what the checks look for: nothing to fix.
		await expect.poll(() => panel.getByRole('status').textContent(), PANEL).toBe('Nothing found');

		// Typing once the document has synced with the server.
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('All changes saved');
		await addSentence(page);
		await expect.poll(() => page.locator('.editor-surface').textContent(), PANEL).toContain(SENTENCE);
		await expect.poll(() => panel.textContent(), PANEL).toContain(FINDING);
		await expect.poll(() => panel.getByRole('status').textContent(), PANEL).toBe('1 must fix');
		expect(await panel.getByRole('heading', { name: SECTION }).count()).toBe(1);
		await expectAccessible(page, 'document page with a finding');
		await removeSentence(page);
		await expect.poll(() => panel.getByRole('status').textContent(), PANEL).toBe('Nothing found');
		expect(await panel.textContent()).not.toContain(FINDING);

		// On a phone.
		await page.setViewportSize({ width: 360, height: 740 });
		await addSentence(page);
		await expect.poll(() => panel.textContent(), PANEL).toContain(FINDING);
		await expectNoSidewaysScroll(page);
		// "Show in the text" selects the passage in the editor.
		await panel.getByRole('button', { name: /Show in the text.*PR4/ }).click();
		await expect.poll(() => page.evaluate(() => String(window.getSelection()))).toContain(SENTENCE);
		await expectAccessible(page, 'document page with a finding at 360 px');
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('All changes saved');

		// Without JavaScript, the comments page shows the same finding, computed on the server, and an editor
		// dismisses it there with a reason.
		const plain = await openWithoutJs(browser, server, `${url}/comments`, editor.sessionToken);
		const checks = plain.getByRole('region', { name: 'Checks' });
		expect(await checks.textContent()).toContain(FINDING);
		expect(await checks.getByRole('link', { name: /Show in the text.*PR4/ }).getAttribute('href')).toMatch(
			/^#block-\d+$/
		);
		await expectAccessible(plain, 'comments page without JavaScript');
		await checks.locator('summary', { hasText: 'Dismiss' }).first().click();
		const reason = 'Our standstill is set by the ICB’s procurement rules, not this policy.';
		await checks.getByLabel(/Why it does not apply/).fill(reason);
		await checks.getByRole('button', { name: 'Dismiss this finding' }).click();
		await plain.waitForURL(/comments/);
		expect(await plain.getByRole('region', { name: 'Checks' }).textContent()).toContain(reason);
		await plain.context().close();

		// The editor's panel counts it as dismissed while the passage is unchanged, and again once it changes.
		await page.reload();
		await expect.poll(() => panel.getByRole('status').textContent(), PANEL).toBe('Nothing found');
		expect(await panel.textContent()).toContain(reason);
		await page.locator('.editor-surface').getByText(SENTENCE).click();
		await page.keyboard.press('End');
		await page.keyboard.type(' Always.');
		await expect.poll(() => panel.getByRole('status').textContent(), PANEL).toBe('1 must fix');
		expect(errors).toEqual([]);
		await ctx.close();
	});
});

describe('the Checks panel on a document of kind other', () => {
	it('appears once a facilitator picked checks for the document, and runs those', async () => {
		const db = openTestDb(server.dbFile);
		const { workspace, orgs, facilitator } = await createPartnership(db, { vcse: 1, statutory: 1 });
		db.$client.close();
		const editor = apiClient(server, { cookie: orgs[0].delegate.cookie });
		const created = await editor.post(`/api/v1/workspaces/${workspace.id}/documents`, {
			title: 'Terms of reference',
			kind: 'other'
		});
		const picked = await apiClient(server, { cookie: facilitator.cookie }).put(
			`/api/v1/documents/${created.json.id}/checks/set`,
			{ families: ['G'] }
		);
		expect(picked.status).toBe(200);
		const expected = (await editor.get(`/api/v1/documents/${created.json.id}/checks`)).json.findings as {
			message: string;
		}[];
		expect(expected.length).toBeGreaterThan(0);

		const ctx = await contextAs(browser, server, orgs[0].delegate.sessionToken);
		const page = await ctx.newPage();
		await page.goto(`/w/${workspace.slug}/documents/${created.json.id}`);
		const panel = page.getByRole('region', { name: 'Checks' });
		await expect.poll(() => panel.textContent(), PANEL).toContain(expected[0].message);
		await ctx.close();
	});
});
