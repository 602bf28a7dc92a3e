import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import { contextAs, expectAccessible, expectNoSidewaysScroll } from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

const HOUR = 3600_000;
const QUESTION = 'Adopt the procurement principles?';

// One partnership and one vote, walked in order by the tests below (a delegate, then the facilitator).
let p: Awaited<ReturnType<typeof createPartnership>>;
let voteId: string;
let page: Page;

describe('what is waiting for a delegate, on a phone', () => {
	it('shows the waiting vote first on the overview; the delegate casts the ballot from it', async () => {
		p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const [vcse] = p.orgs;
		const chair = apiClient(server, { cookie: p.facilitator.cookie });
		const created = await chair.post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
			question: QUESTION,
			opensAt: new Date(Date.now() + HOUR).toISOString(),
			closesAt: new Date(Date.now() + 24 * HOUR).toISOString()
		});
		expect(created.status, created.text).toBe(201);
		voteId = created.json.id as string;
		expect((await chair.post(`/api/v1/votes/${voteId}/open`)).status).toBe(200);

		page = await (
			await contextAs(browser, server, vcse.delegate.sessionToken, { viewport: { width: 360, height: 740 } })
		).newPage();
		await page.goto(`/w/${p.workspace.slug}`);
		const waiting = page.getByRole('region', { name: 'Waiting for you' });
		await waiting.waitFor();
		const link = waiting.getByRole('link', { name: `Vote: ${QUESTION}` });
		// It opens the overview: in the first screen of a phone.
		expect((await link.boundingBox())!.y).toBeLessThan(740);
		expect(await waiting.textContent()).toContain(`${vcse.org.name} has not voted yet.`);
		await expectNoSidewaysScroll(page);
		await expectAccessible(page, 'overview with a waiting vote');

		await link.click();
		await page.getByRole('heading', { name: QUESTION, level: 1 }).waitFor();
		await page.getByRole('radio', { name: 'For', exact: true }).check();
		await page.getByRole('button', { name: 'Cast ballot' }).click();
		// The form answers within a second on a quiet machine; allow for a busy one.
		await expect
			.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 })
			.toContain('ballot is cast');
		await expectNoSidewaysScroll(page);
		await expectAccessible(page, 'vote page after the ballot');

		// Nothing is waiting any more.
		await page.goto(`/w/${p.workspace.slug}`);
		await expect
			.poll(() => page.getByRole('region', { name: 'Waiting for you' }).textContent())
			.toContain('Nothing is waiting for you.');
	});

	it('lets the facilitator remind the organisation that has not voted; after the close the delegate reads why', async () => {
		const [, statutory] = p.orgs;
		const chair = apiClient(server, { cookie: p.facilitator.cookie });
		// The facilitator, on a phone too, sees who has not voted and reminds them.
		const facilitator = await (
			await contextAs(browser, server, p.facilitator.sessionToken, { viewport: { width: 360, height: 740 } })
		).newPage();
		await facilitator.goto(`/w/${p.workspace.slug}/votes/${voteId}`);
		await facilitator.getByRole('heading', { name: 'Not voted yet' }).waitFor();
		await facilitator.getByRole('button', { name: `Remind ${statutory.org.name}` }).click();
		await expect
			.poll(() => facilitator.getByRole('status').first().textContent(), { timeout: 10_000 })
			.toContain(`Reminder sent to ${statutory.org.name} (1 voting delegate).`);
		await expect.poll(() => facilitator.getByText('Next reminder possible from').count()).toBe(1);
		await expectNoSidewaysScroll(facilitator);
		await expectAccessible(facilitator, 'open vote as facilitator, after a reminder');

		// The statutory partner votes against and the facilitator closes the vote.
		const other = apiClient(server, { cookie: statutory.delegate.cookie });
		const cast = await other.post(`/api/v1/votes/${voteId}/ballots`, {
			organisationId: statutory.org.id,
			choice: 'against'
		});
		expect(cast.status, cast.text).toBe(201);
		const closed = await chair.post(`/api/v1/votes/${voteId}/close`, { reason: 'Everyone has voted.' });
		expect(closed.status, closed.text).toBe(200);

		// The delegate reads why it failed, in words, above the figures.
		await page.goto(`/w/${p.workspace.slug}/votes/${voteId}`);
		await page.getByRole('link', { name: 'Full result page' }).click();
		await page.getByRole('heading', { name: `Result: ${QUESTION}`, level: 1 }).waitFor();
		expect(await page.locator('p.outcome').textContent()).toMatch(
			/^The vote failed because overall support was exactly one half/
		);
		await expectNoSidewaysScroll(page);
		await expectAccessible(page, 'result page on a phone');
	});
});
