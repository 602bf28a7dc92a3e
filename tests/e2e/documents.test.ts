import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { contextAs, expectAccessible, openLiveEditor, watchErrors } from '../fixtures/browser.ts';
import { addMember, createPartnership, createUser, openTestDb } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';

let server: TestServer;
let browser: Browser;

// A small message limit, so the test can make a change the server refuses (4413).
useServerAndBrowser(
	{ env: { COLLAB_MAX_MESSAGE_BYTES: String(64 * 1024) } },
	(s) => ({ server, browser } = s)
);

describe('co-drafting a policy', () => {
	it('an editor and a commenter share a live document; versions are saved and compared', async () => {
		const db = openTestDb(server.dbFile);
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = orgs[0].delegate;
		const commenter = await createUser(db, { name: 'Cora Commenter' });
		await addMember(db, workspace.id, commenter.id, { role: 'commenter', organisationId: orgs[1].org.id });
		db.$client.close();

		const created = await apiClient(server, { cookie: editor.cookie }).post(
			`/api/v1/workspaces/${workspace.id}/documents`,
			{
				title: 'Involvement payments',
				kind: 'reimbursement',
				template: 'reimbursement'
			}
		);
		expect(created.status).toBe(201);
		const url = `/w/${workspace.slug}/documents/${created.json.id}`;

		const editorCtx = await contextAs(browser, server, editor.sessionToken);
		const commenterCtx = await contextAs(browser, server, commenter.sessionToken);
		const ep = await editorCtx.newPage();
		const cp = await commenterCtx.newPage();
		// The editor's socket passes through a relay that can hold back the server's save confirmations
		// (message type 100), to show that "All changes saved" waits for them, or cut the line: nothing passes
		// either way, and a new socket is closed at once.
		let holdAcks = false;
		let cut = false;
		const held: Array<() => void> = [];
		await ep.routeWebSocket(/\/collab\//, (ws) => {
			if (cut) return void ws.close();
			const upstream = ws.connectToServer();
			ws.onMessage((m) => {
				if (!cut) upstream.send(m);
			});
			upstream.onMessage((m) => {
				if (cut) return;
				if (holdAcks && typeof m !== 'string' && m[0] === 100) held.push(() => ws.send(m));
				else ws.send(m);
			});
		});
		const warnsOnLeave = () =>
			ep.evaluate(() => {
				const e = new Event('beforeunload', { cancelable: true });
				window.dispatchEvent(e);
				return e.defaultPrevented;
			});
		const errors = [watchErrors(ep), watchErrors(cp)];
		await ep.goto(url);
		await cp.goto(url);

		const editorSurface = ep.locator('.editor-surface');
		const commenterSurface = cp.locator('.editor-surface');
		await editorSurface.waitFor();
		await commenterSurface.waitFor();
		await expect.poll(() => ep.getByRole('status').first().textContent()).toContain('All changes saved');
		expect(await editorSurface.getAttribute('contenteditable')).toBe('true');
		// A commenter reads the text as the server drew it, without the live editor.
		expect(await cp.locator('[contenteditable]').count()).toBe(0);
		await expectAccessible(ep, 'document page (editor)');
		await expectAccessible(cp, 'document page (commenter, without the live editor)');

		// The editor types at the end of the first heading. The commenter's page says the document changed
		// (it asks now and then, and when the person comes back to it) and shows the latest on request.
		await editorSurface.locator('h1').click();
		await ep.keyboard.press('End');
		await ep.keyboard.type(' for South East London');
		await expect.poll(() => ep.getByRole('status').first().textContent()).toContain('All changes saved');
		const changed = cp.getByRole('status').filter({ hasText: 'This document has changed' });
		await expect
			.poll(async () => {
				await cp.evaluate(() => window.dispatchEvent(new Event('focus')));
				return changed.count();
			})
			.toBe(1);
		await expectAccessible(cp, 'document page (commenter) with the document changed');
		await changed.getByRole('button', { name: 'Show the latest' }).click();
		await expect.poll(() => commenterSurface.locator('h1').textContent()).toContain('for South East London');
		expect(await changed.count()).toBe(0);

		// "Suggest changes" brings the live editor: it takes typing, as suggestions (nothing reaches the
		// document; see suggesting.test.ts), and shows the editor's words and caret as they come.
		await openLiveEditor(cp);
		await ep.keyboard.type(' now');
		await expect.poll(() => commenterSurface.locator('h1').textContent()).toContain('South East London now');
		await expect
			.poll(() => cp.locator('.collaboration-carets__label').allTextContents())
			.toContain(editor.name);
		await expect.poll(() => ep.getByRole('status').first().textContent()).toContain('All changes saved');
		// Both people are listed as here.
		await expect
			.poll(() => cp.getByRole('list', { name: /people here/ }).textContent())
			.toContain(editor.name);
		expect(await cp.getByRole('list', { name: /people here/ }).textContent()).toContain(
			'Cora Commenter (you)'
		);

		// "All changes saved" waits for the server's confirmation: while it is held back, the commenter
		// already has the words but the editor still says "Saving…" and warns before leaving.
		holdAcks = true;
		await ep.keyboard.type(' 2026');
		await expect.poll(() => commenterSurface.locator('h1').textContent()).toContain('2026');
		await cp.waitForTimeout(300);
		expect(await ep.getByRole('status').first().textContent()).toContain('Saving…');
		expect(await warnsOnLeave()).toBe(true);
		expect(held.length).toBeGreaterThan(0);
		holdAcks = false;
		for (const release of held.splice(0)) release();
		await expect.poll(() => ep.getByRole('status').first().textContent()).toContain('All changes saved');
		expect(await warnsOnLeave()).toBe(false);

		// The commenter cannot change a byte: what they type is a suggestion, shown only to them until sent.
		await commenterSurface.locator('h1').click();
		await cp.keyboard.type('sneaky');
		await commenterSurface.locator('ins.suggestion-pending', { hasText: 'sneaky' }).waitFor();
		await cp.waitForTimeout(300);
		expect(await editorSurface.textContent()).not.toContain('sneaky');
		await cp.getByRole('button', { name: 'Discard' }).click();
		expect(await commenterSurface.textContent()).not.toContain('sneaky');

		// Save a version, change the text, save another, compare.
		await ep.goto(`${url}/versions`);
		await ep.getByLabel('Save the current text as a version named').fill('First draft');
		await ep.getByRole('button', { name: 'Save version' }).click();
		await expect.poll(() => ep.getByRole('status').textContent()).toContain('Saved version “First draft”');
		await ep.goto(url);
		await editorSurface.waitFor();
		await editorSurface.locator('h1').click();
		await ep.keyboard.press('End');
		await ep.keyboard.type(' (agreed)');
		await expect.poll(() => ep.getByRole('status').first().textContent()).toContain('All changes saved');
		await ep.goto(`${url}/versions`);
		await expectAccessible(ep, 'versions');
		await ep.getByLabel('Earlier version').selectOption({ label: 'First draft' });
		await ep.getByLabel('Later version').selectOption({ label: 'The current text' });
		await ep.getByRole('button', { name: 'Compare' }).click();
		await ep.getByRole('heading', { name: /Changes from “First draft”/ }).waitFor();
		expect(await ep.locator('.diff ins').allTextContents()).toEqual([expect.stringContaining('agreed')]);
		await expectAccessible(ep, 'compare');

		// The toolbar at 1280 px: one row of named icon buttons, each with a tooltip on keyboard focus that
		// Escape hides.
		await ep.goto(url);
		await editorSurface.waitFor();
		await expect.poll(() => ep.getByRole('status').first().textContent()).toContain('All changes saved');
		const toolbar = ep.getByRole('toolbar', { name: 'Formatting' });
		const tops = await toolbar
			.getByRole('button')
			.evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().top));
		expect(tops.length).toBeGreaterThan(10);
		expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8);
		await toolbar.getByRole('button', { name: 'Suggesting' }).focus();
		await ep.keyboard.press('Tab');
		const boldTip = toolbar.getByRole('button', { name: 'Bold' }).locator('.tip');
		await expect.poll(() => boldTip.isVisible()).toBe(true);
		expect(await boldTip.textContent()).toBe('Bold (Ctrl+B)');
		await ep.keyboard.press('Escape');
		await expect.poll(() => boldTip.isVisible()).toBe(false);
		// Rows and columns from the table button while the caret is in a table (one added at the end).
		await editorSurface.click();
		await ep.keyboard.press('Control+End');
		await ep.keyboard.press('Enter');
		const count = (what: string) => editorSurface.locator(what).count();
		const [tables, rows, cells] = [await count('table'), await count('tr'), await count('th, td')];
		await toolbar.getByRole('button', { name: 'Insert table' }).click();
		await toolbar.getByRole('button', { name: 'Table rows and columns' }).click();
		await ep.getByRole('button', { name: 'Add row below' }).click();
		await ep.getByRole('button', { name: 'Add column after' }).click();
		// A 3 × 3 table, a row below, a column after: 4 × 4.
		expect(await count('tr')).toBe(rows + 4);
		expect(await count('th, td')).toBe(cells + 16);
		await ep.getByRole('button', { name: 'Delete table' }).click();
		await expect.poll(() => editorSurface.locator('table').count()).toBe(tables);
		// "Remove link" only on a link; an address that is not one is named as such.
		expect(await toolbar.getByRole('button', { name: 'Remove link' }).count()).toBe(0);
		await editorSurface.locator('h1').first().dblclick();
		await toolbar.getByRole('button', { name: 'Add link' }).click();
		await ep.getByLabel('Link address').fill('example.org');
		await ep.keyboard.press('Enter');
		await expect
			.poll(() => ep.locator('#toolbar-panel').textContent())
			.toContain('Enter an address starting');
		await ep.getByLabel('Link address').fill('https://example.org/');
		await ep.keyboard.press('Enter');
		await expect.poll(() => editorSurface.locator('h1 a').count()).toBe(1);
		await toolbar.getByRole('button', { name: 'Remove link' }).click();
		await expect.poll(() => editorSurface.locator('h1 a').count()).toBe(0);
		// A version named from the editor.
		const versions = ep.getByRole('link', { name: /^Versions \(\d+\)$/ });
		const before = Number(/\d+/.exec((await versions.textContent()) ?? '')?.[0]);
		await toolbar.getByRole('button', { name: 'Name this version' }).click();
		await ep.getByLabel('Version name').fill('From the editor');
		await expectAccessible(ep, 'naming a version from the editor');
		await ep.keyboard.press('Enter');
		await expect
			.poll(() => ep.locator('.editor-notice').textContent())
			.toContain('Saved version “From the editor”.');
		await expect.poll(() => versions.textContent()).toBe(`Versions (${before + 1})`);
		// On a phone the less used tools are behind "More tools", listed with their names.
		await ep.setViewportSize({ width: 360, height: 740 });
		expect(await toolbar.getByRole('button', { name: 'Heading', exact: true }).isVisible()).toBe(false);
		await toolbar.getByRole('button', { name: 'More tools' }).click();
		await expect
			.poll(() => toolbar.getByRole('button', { name: 'Heading', exact: true }).isVisible())
			.toBe(true);
		expect(await ep.locator('#toolbar-more').textContent()).toContain('Numbered list');
		await expectAccessible(ep, 'the toolbar at 360 px, more tools open');
		await ep.keyboard.press('Escape');
		await expect
			.poll(() => toolbar.getByRole('button', { name: 'Heading', exact: true }).isVisible())
			.toBe(false);
		expect(await ep.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('More tools');
		await ep.setViewportSize({ width: 1280, height: 720 });

		// Losing the connection: within 5 s the status says so, counting changes (not keystrokes), and it stays
		// in view with the toolbar while the text scrolls. Back online, everything is saved.
		const status = ep.getByRole('status').first();
		await editorSurface.locator('h1').click();
		await ep.keyboard.press('End');
		cut = true;
		await editorCtx.setOffline(true);
		await ep.keyboard.type(' draft');
		await ep.waitForTimeout(700);
		await ep.keyboard.type(' two');
		await expect
			.poll(() => status.textContent(), { timeout: 5_000 })
			.toContain('Offline — 2 changes not yet saved');
		await editorSurface.locator('p').last().scrollIntoViewIfNeeded();
		expect(await ep.evaluate(() => window.scrollY)).toBeGreaterThan(100);
		for (const shown of [status, toolbar]) {
			const box = (await shown.boundingBox())!;
			expect(box.y).toBeGreaterThanOrEqual(0);
			expect(box.y + box.height).toBeLessThanOrEqual(720);
		}
		cut = false;
		await editorCtx.setOffline(false);
		await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('All changes saved');
		await expect.poll(() => commenterSurface.locator('h1').textContent()).toContain('draft two');

		// A change over the server's size limit is refused (4413): the editor names it, stays offline
		// instead of retrying, and "Undo that change" returns to the saved text.
		const big = await editorCtx.newPage();
		errors.push(watchErrors(big));
		await big.goto(url);
		const bigSurface = big.locator('.editor-surface');
		await bigSurface.waitFor();
		await expect.poll(() => big.getByRole('status').first().textContent()).toContain('All changes saved');
		await bigSurface.locator('h1').click();
		await big.keyboard.press('End');
		await big.keyboard.insertText(' Annex ' + 'lorem ipsum '.repeat(8000));
		const alert = big.getByRole('alert');
		await expect.poll(() => alert.textContent()).toContain('Your change starting “Annex lorem ipsum');
		expect(await alert.textContent()).toContain('not saved');
		await expect
			.poll(() => big.getByRole('status').first().textContent())
			.toMatch(/Offline — \d+ changes? not yet saved/);
		await expectAccessible(big, 'refused change');
		await big.getByRole('button', { name: 'Undo that change' }).click();
		await expect.poll(() => big.getByRole('status').first().textContent()).toContain('All changes saved');
		expect(await big.locator('.editor-surface').textContent()).not.toContain('Annex');
		expect(await commenterSurface.textContent()).not.toContain('Annex');
		// Nothing was thrown or logged as an error in any of the browsers.
		expect(errors.flat()).toEqual([]);

		await editorCtx.close();
		await commenterCtx.close();
	});
});
