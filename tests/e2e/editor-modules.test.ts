// An editor's document page asks for the live editor's code and the toolbar's in its HTML (modulepreload links
// before SvelteKit's own), so that on a slow link they load together with the page's own files. A commenter's
// page asks for neither and loads no editor code until they choose "Suggest changes", then the live editor's
// and never the toolbar's (docs/performance.md, "Weak connection"). Link detection is not among them: it loads
// once the editor is ready.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import { contextAs, openLiveEditor, watchErrors } from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

/** The modulepreload links of a page's HTML, in order. */
const inHtml = (html: string) =>
	[...html.matchAll(/<link rel="modulepreload" href="([^"]+)" \/>/g)].map((m) => m[1]);
/** The modulepreload links of a Link header, in order, as paths from the site's root. */
const inHeader = (header: string | null, page: string) =>
	[...(header ?? '').matchAll(/<([^>]+)>; rel="modulepreload"/g)].map(
		(m) => new URL(m[1], `http://site${page}`).pathname
	);

describe('the live editor’s code in the document page’s HTML', () => {
	it('is asked for before the page’s own files by editors; by commenters only when they suggest changes', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const commenter = await createUser(db, { name: 'Chris Commenter' });
		await addMember(db, p.workspace.id, commenter.id, {
			role: 'commenter',
			organisationId: p.orgs[1].org.id
		});
		const created = await apiClient(server, { cookie: editor.cookie }).post(
			`/api/v1/workspaces/${p.workspace.id}/documents`,
			{ title: 'Social value policy', kind: 'social_value', template: 'social_value' }
		);
		expect(created.status).toBe(201);
		const url = `/w/${p.workspace.slug}/documents/${created.json.id}`;

		const pageOf = async (cookie: string) => {
			const res = await apiClient(server, { cookie }).get(url);
			expect(res.status).toBe(200);
			const ours = inHtml(res.text);
			// The browser reads the Link header before the HTML: ours come first there too, before SvelteKit's
			// own (the page's files), and none of them is one of SvelteKit's.
			const header = inHeader(res.headers.get('link'), url);
			expect(header.slice(0, ours.length)).toEqual(ours);
			const own = header.slice(ours.length);
			expect(own.some((m) => m.includes('/entry/'))).toBe(true);
			for (const m of ours) expect(own).not.toContain(m);
			return ours;
		};
		expect(await pageOf(commenter.cookie)).toEqual([]);
		const editors = await pageOf(editor.cookie);
		// The build names each group's chunks: the live editor's, then the toolbar's.
		const groups = (await (await fetch(`${server.url}/_app/editor-modules.json`)).json()) as Record<
			'live' | 'edit',
			{ js: string[] }
		>;
		const live = groups.live.js.map((f) => `/${f}`);
		const toolbar = groups.edit.js.map((f) => `/${f}`);
		expect(live.length).toBeGreaterThan(0);
		expect(toolbar.length).toBeGreaterThan(0);
		expect(editors).toEqual([...live, ...toolbar]);
		// Each is JavaScript the server serves; the live editor's files hold the socket's code and the editor.
		const bodies = await Promise.all(
			[...live, ...toolbar].map(async (href) => {
				const res = await fetch(server.url + href);
				expect(res.status, href).toBe(200);
				expect(res.headers.get('content-type'), href).toMatch(/javascript/);
				return res.text();
			})
		);
		const liveCode = bodies.slice(0, live.length).join('\n');
		// Their style sheets too (the editor's import waits for them): served, and applied once it runs.
		const sheets = [
			...(await apiClient(server, { cookie: editor.cookie }).get(url)).text.matchAll(
				/<link rel="preload" as="style" href="([^"]+)" \/>/g
			)
		].map((m) => m[1]);
		expect(sheets.length).toBeGreaterThan(0);
		for (const href of sheets) {
			const res = await fetch(server.url + href);
			expect(res.headers.get('content-type'), href).toMatch(/text\/css/);
		}
		// (Minified: strings survive, names do not.) The socket's address, and ProseMirror's editor.
		expect(liveCode.includes('/collab')).toBe(true);
		expect(liveCode.includes('ProseMirror')).toBe(true);
		// Link detection (Tiptap's Link plugins, linkify and its list of domains) comes after the editor is ready.
		expect(liveCode.includes('handleClickLink')).toBe(false);

		// In the browser: the commenter's page loads the live editor once they suggest changes, and never the
		// toolbar; the editor's has both at once.
		for (const who of [
			{ token: commenter.sessionToken, toolbar: false },
			{ token: editor.sessionToken, toolbar: true }
		]) {
			const page = await (await contextAs(browser, server, who.token)).newPage();
			const errors = watchErrors(page);
			const requested: string[] = [];
			page.on('request', (r) => requested.push(new URL(r.url()).pathname));
			await page.goto(url);
			if (!who.toolbar) {
				await page.waitForLoadState('networkidle');
				for (const href of live) expect(requested).not.toContain(href);
				await openLiveEditor(page);
			}
			await page.locator('.editor-surface[contenteditable="true"]').waitFor();
			await expect.poll(() => page.getByRole('status').first().textContent()).toContain('All changes saved');
			await expect
				.poll(() => page.getByRole('button', { name: 'Suggesting' }).count())
				.toBe(who.toolbar ? 1 : 0);
			expect(requested).toEqual(expect.arrayContaining(live));
			if (who.toolbar) expect(requested).toEqual(expect.arrayContaining(sheets));
			if (who.toolbar) {
				// Link detection has come since, and an address typed into the text becomes a link.
				const surface = page.locator('.editor-surface');
				await surface.click();
				await page.keyboard.press('Control+Home');
				await page.keyboard.type('See https://example.org/terms today. ');
				await expect.poll(() => surface.locator('a[href="https://example.org/terms"]').count()).toBe(1);
			}
			for (const href of toolbar) expect(requested.includes(href)).toBe(who.toolbar);
			expect(errors).toEqual([]);
			await page.context().close();
		}
	});
});
