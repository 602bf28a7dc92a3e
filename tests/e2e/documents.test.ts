import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { contextAs, expectAccessible, watchErrors } from '../fixtures/browser.ts';
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
		addMember(db, workspace.id, commenter.id, { role: 'commenter', organisationId: orgs[1].org.id });
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
		// (message type 100), to show that "All changes saved" waits for them.
		let holdAcks = false;
		const held: Array<() => void> = [];
		await ep.routeWebSocket(/\/collab\//, (ws) => {
			const upstream = ws.connectToServer();
			ws.onMessage((m) => upstream.send(m));
			upstream.onMessage((m) => {
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
		// A commenter's editor takes typing, as suggestions (nothing reaches the document; see suggesting.test.ts).
		expect(await commenterSurface.getAttribute('contenteditable')).toBe('true');
		await expectAccessible(ep, 'document page (editor)');
		await expectAccessible(cp, 'document page (commenter)');

		// The editor types at the end of the first heading; the commenter sees the words and the editor's caret.
		await editorSurface.locator('h1').click();
		await ep.keyboard.press('End');
		await ep.keyboard.type(' for South East London');
		await expect.poll(() => commenterSurface.locator('h1').textContent()).toContain('for South East London');
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
