import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../fixtures/server.ts';
import { contextAs, expectAccessible, launchBrowser } from '../fixtures/browser.ts';
import { addMember, createPartnership, createUser, openTestDb } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	server?.cleanup();
});

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
		await ep.goto(url);
		await cp.goto(url);

		const editorSurface = ep.locator('.editor-surface');
		const commenterSurface = cp.locator('.editor-surface');
		await editorSurface.waitFor();
		await commenterSurface.waitFor();
		await expect.poll(() => ep.getByRole('status').first().textContent()).toContain('All changes saved');
		expect(await editorSurface.getAttribute('contenteditable')).toBe('true');
		expect(await commenterSurface.getAttribute('contenteditable')).toBe('false');
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

		// The commenter cannot change a byte.
		await commenterSurface.locator('h1').click();
		await cp.keyboard.type('sneaky');
		await cp.waitForTimeout(300);
		expect(await commenterSurface.textContent()).not.toContain('sneaky');
		expect(await editorSurface.textContent()).not.toContain('sneaky');

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

		await editorCtx.close();
		await commenterCtx.close();
	});
});
