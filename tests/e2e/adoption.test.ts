import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { DB } from '../../src/lib/server/db/index.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll, watchErrors } from '../fixtures/browser.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';

let server: TestServer;
let db: DB;
let browser: Browser;
useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('a decided document', () => {
	it('is read-only on a phone, names its adopted version, and a facilitator starts a revision', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const created = await fac.post(`/api/v1/workspaces/${p.workspace.id}/documents`, {
			title: 'Expenses policy',
			kind: 'reimbursement'
		});
		expect(created.status).toBe(201);
		const docId: string = created.json.id;
		const decided = await fac.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'consensus',
			title: 'Expenses policy adopted',
			question: 'Adopt the expenses policy?',
			outcome: 'approved',
			decidedAt: new Date(Date.now() - 60_000).toISOString(),
			decidedWhere: 'Partnership board',
			organisations: p.orgs.map((o) => o.org.id),
			rationale: 'Agreed.',
			documentId: docId
		});
		expect(decided.status, decided.text).toBe(201);

		const context = await contextAs(browser, server, p.facilitator.sessionToken, {
			viewport: { width: 360, height: 740 }
		});
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(`/w/${p.workspace.slug}/documents/${docId}`);
		const surface = page.locator('.editor-surface');
		await surface.waitFor();
		// Nobody edits a decided document: everyone reads its text without the live editor.
		expect(await page.locator('[contenteditable]').count()).toBe(0);
		const notice = page.getByRole('region', { name: 'Decided: read-only' });
		await expect.poll(() => notice.getByRole('link').textContent()).toContain('As decided');
		await expectAccessible(page, 'decided document page at 360 px');
		await expectNoSidewaysScroll(page);

		await page.getByRole('button', { name: 'Start a revision' }).click();
		await expect.poll(() => page.getByRole('status').filter({ hasText: 'Revision started' }).count()).toBe(1);
		expect((await fac.get(`/api/v1/documents/${docId}`)).json.status).toBe('under_review');
		await page.reload();
		await page.locator('.editor-surface[contenteditable="true"]').waitFor();
		expect(errors).toEqual([]);
		await context.close();
	});
});
