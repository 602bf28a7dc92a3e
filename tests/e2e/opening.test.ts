// Opening a document in the real editor writes nothing (Tiptap's trailing empty paragraph after a closing list
// used to be written, credited to whoever opened it), and two people see each other in the same colours.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { collabUpdates } from '../../src/lib/server/db/schema/index.ts';
import { type TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { contextAs, watchErrors } from '../fixtures/browser.ts';
import { addMember, createUser, createWorkspace } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';

let server: TestServer;
let db: DB;
let browser: Browser;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

/** Each person in the page's "who is here" list, with the colour of their swatch. */
const presence = (page: Page) =>
	page.locator('.presence li').evaluateAll((items) =>
		items.map((li) => ({
			name: li.textContent!.replace(' (you)', '').trim(),
			color: getComputedStyle(li.querySelector('.swatch')!).backgroundColor
		}))
	);

describe('opening a document in the editor', () => {
	it('writes nothing, and everyone sees each person in the same colour', async () => {
		const fran = await createUser(db, { name: 'Fran Facilitator' });
		const amara = await createUser(db, { name: 'Amara Okoye' });
		const ben = await createUser(db, { name: 'Ben Editor' });
		const workspace = await createWorkspace(db, { facilitatorId: fran.id });
		await addMember(db, workspace.id, amara.id, { role: 'editor' });
		await addMember(db, workspace.id, ben.id, { role: 'editor' });
		const created = await apiClient(server, { cookie: fran.cookie }).post(
			`/api/v1/workspaces/${workspace.id}/documents`,
			{ title: 'Social value policy', kind: 'social_value', template: 'social_value' }
		);
		expect(created.status).toBe(201);
		const url = `/w/${workspace.slug}/documents/${created.json.id}`;

		const pages = await Promise.all(
			[amara, ben].map(async (u) => (await contextAs(browser, server, u.sessionToken)).newPage())
		);
		const errors = pages.map((p) => watchErrors(p));
		for (const page of pages) {
			await page.goto(url);
			await page.locator('.editor-surface ul').first().waitFor();
			await expect.poll(() => page.getByRole('status').first().textContent()).toContain('All changes saved');
			// A click moves the selection; it is no change either.
			await page.locator('.editor-surface p').first().click();
		}
		await expect.poll(async () => (await presence(pages[0])).length).toBe(2);
		await expect.poll(async () => (await presence(pages[1])).length).toBe(2);
		const colours = await Promise.all(
			pages.map(async (p) => Object.fromEntries((await presence(p)).map((x) => [x.name, x.color])))
		);
		expect(colours[0]).toEqual(colours[1]);

		for (const page of pages) await page.context().close();
		const written = db
			.select({ userId: collabUpdates.userId })
			.from(collabUpdates)
			.where(eq(collabUpdates.documentId, created.json.id))
			.all()
			.map((r) => r.userId);
		expect(written.length).toBeGreaterThan(0); // the template, by Fran, still in the log
		expect(written.filter((id) => id !== fran.id)).toEqual([]);
		for (const e of errors) expect(e).toEqual([]);
	});

	it('keeps the server’s text on the page until the live text has come', async () => {
		const fran = await createUser(db, { name: 'Fran Facilitator' });
		const workspace = await createWorkspace(db, { facilitatorId: fran.id });
		const created = await apiClient(server, { cookie: fran.cookie }).post(
			`/api/v1/workspaces/${workspace.id}/documents`,
			{ title: 'Social value policy', kind: 'social_value', template: 'social_value' }
		);
		expect(created.status).toBe(201);
		const page = await (await contextAs(browser, server, fran.sessionToken)).newPage();
		const errors = watchErrors(page);
		// The server's messages on the live socket are held back until the test lets them through.
		let held: (string | Buffer)[] | null = [];
		let release = () => {};
		await page.routeWebSocket(/\/collab/, (ws) => {
			const upstream = ws.connectToServer();
			upstream.onMessage((m) => (held ? held.push(m) : ws.send(m)));
			release = () => {
				const queued = held ?? [];
				held = null;
				for (const m of queued) ws.send(m);
			};
		});
		await page.goto(`/w/${workspace.slug}/documents/${created.json.id}`);
		// The editor's code has come and made its editor, out of sight; the server's text is what is shown.
		const mount = page.locator('.document-content[hidden] .editor-surface');
		await mount.waitFor({ state: 'attached' });
		const shown = page.locator('.document-content:not([hidden])');
		await expect.poll(() => shown.count()).toBe(1);
		expect(await shown.locator('.editor-surface').count()).toBe(0);
		expect(await shown.getByText('Social value policy').first().isVisible()).toBe(true);
		release();
		await expect.poll(() => page.locator('.document-content:not([hidden]) .editor-surface').count()).toBe(1);
		await expect.poll(() => page.locator('.editor-surface').textContent()).toContain('Social value');
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('All changes saved');
		expect(errors).toEqual([]);
		await page.context().close();
	});
});
