// Phone keyboards compose words (IME composition events) rather than sending key presses: a commenter typing
// that way in the live editor still gets one pending suggestion with every letter, and nothing reaches the
// document.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser } from '../fixtures/factory.ts';
import { contextAs, openLiveEditor, watchErrors } from '../fixtures/browser.ts';
import { apiClient } from '../fixtures/http.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { seedDocument } from '../fixtures/collab-client.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('suggesting with a composing keyboard', () => {
	it('turns composed words into one pending suggestion with every letter', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const commenter = await createUser(db, { name: 'Pat Phone' });
		await addMember(db, p.workspace.id, commenter.id, {
			role: 'commenter',
			organisationId: p.orgs[0].org.id
		});
		const doc = await seedDocument(server, db, p.workspace.id, { cookie: p.orgs[0].delegate.cookie }, [
			['paragraph', 'Payments are made within ten days.']
		]);

		const context = await contextAs(browser, server, commenter.sessionToken, {
			viewport: { width: 360, height: 740 },
			hasTouch: true,
			isMobile: true
		});
		const page = await context.newPage();
		page.setDefaultTimeout(10_000);
		const errors = watchErrors(page);
		await page.goto(`/w/${p.workspace.slug}/documents/${doc}`);
		await openLiveEditor(page);
		const surface = page.locator('.editor-surface');
		await surface.getByText('within ten days').waitFor();
		// Put the caret before "ten".
		await surface.click();
		await page.evaluate(() => {
			const surface = document.querySelector('.editor-surface')!;
			const walker = document.createTreeWalker(surface, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n; n = walker.nextNode()) {
				const at = n.textContent!.indexOf('ten days');
				if (at === -1) continue;
				const range = document.createRange();
				range.setStart(n, at);
				range.setEnd(n, at);
				window.getSelection()!.removeAllRanges();
				window.getSelection()!.addRange(range);
				return;
			}
		});
		await page.waitForTimeout(200);
		const cdp = await context.newCDPSession(page);
		for (const word of ['about ', 'four ']) {
			let typed = '';
			for (const ch of word.trimEnd()) {
				typed += ch;
				await cdp.send('Input.imeSetComposition', {
					text: typed,
					selectionStart: typed.length,
					selectionEnd: typed.length
				});
				await page.waitForTimeout(50);
			}
			await cdp.send('Input.insertText', { text: word });
			await page.waitForTimeout(200);
		}
		const form = page.getByRole('form', { name: /Your suggestion/ });
		await expect.poll(() => form.textContent(), { timeout: 10_000 }).toMatch(/insert\s*about four\s/);
		// The composed letters are not left in the text: it shows the document plus the pending insertion.
		expect(await surface.locator('ins.suggestion-pending').textContent()).toBe('about four ');
		await form.getByRole('button', { name: 'Suggest this change' }).click();
		await page.getByText('Your suggestion was sent.').waitFor();
		const api = apiClient(server, { cookie: commenter.cookie });
		const list = (await api.get(`/api/v1/documents/${doc}/suggestions`)).json.suggestions;
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ kind: 'insert', quote: '', replacement: 'about four ' });
		expect((await api.get(`/api/v1/documents/${doc}?format=md`)).text).toContain('within ten days.');
		expect(errors).toEqual([]);
		await context.close();
	});
});
