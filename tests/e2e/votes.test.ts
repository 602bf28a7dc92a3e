import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { contextAs, expectAccessible } from '../fixtures/browser.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

describe('a weighted-equity vote in the browser', () => {
	it('is created and opened by a facilitator, cast by two delegates, closed, and its result explained', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1, grassroots: 1 });
		const [vcse, statutory] = p.orgs;
		const base = `/w/${p.workspace.slug}/votes`;

		const chair = await (await contextAs(browser, server, p.facilitator.sessionToken)).newPage();
		await chair.goto(base);
		await chair.getByRole('heading', { name: 'Votes', level: 1 }).waitFor();
		await expectAccessible(chair, 'votes list');
		await chair.getByRole('link', { name: 'New vote' }).click();
		await chair.getByRole('heading', { name: 'New vote', level: 1 }).waitFor();
		await expectAccessible(chair, 'new vote');
		await chair.getByLabel('Question').fill('Adopt the social value policy?');
		await chair.getByLabel('Explanation (optional)').fill('Version 3 as agreed by the working group.');
		await chair.getByLabel('Quorum').fill('0.12345');
		await chair.getByRole('button', { name: 'Create vote' }).click();
		await expect.poll(() => chair.getByRole('alert').textContent()).toContain('at most 4 decimal places');
		expect(await chair.getByLabel('Question').inputValue()).toBe('Adopt the social value policy?');
		await chair.getByLabel('Quorum').fill('0.5');
		await chair.getByRole('button', { name: 'Create vote' }).click();
		await chair.getByRole('heading', { name: 'Adopt the social value policy?', level: 1 }).waitFor();
		await expectAccessible(chair, 'draft vote');
		await chair.getByRole('button', { name: 'Open the vote now' }).click();
		await expect.poll(() => chair.getByRole('status').first().textContent()).toContain('The vote is open');
		const voteUrl = new URL(chair.url()).pathname;

		// Two delegates of different organisations, each in their own browser.
		const [a, b] = await Promise.all(
			[vcse, statutory].map(async (o) =>
				(await contextAs(browser, server, o.delegate.sessionToken)).newPage()
			)
		);
		for (const [page, org, choice] of [
			[a, vcse.org.name, 'For'],
			[b, statutory.org.name, 'Against']
		] as const) {
			await page.goto(voteUrl);
			await page.getByRole('heading', { name: `${org}’s ballot` }).waitFor();
			await page.getByRole('radio', { name: choice, exact: true }).check();
			await page
				.getByLabel('Public statement of reasons (optional)')
				.fill(`${org} explains its ${choice.toLowerCase()} vote.`);
			await page.getByRole('button', { name: 'Cast ballot' }).click();
			// The form answers within a second on a quiet machine; allow for a busy one.
			await expect
				.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 })
				.toContain('ballot is cast');
			await expect.poll(() => page.getByText(`${org} voted ${choice}`).count()).toBe(1);
		}
		await expectAccessible(a, 'open vote as a delegate');
		// Totals stay hidden while the vote is open: only turnout shows.
		expect(await a.getByText('Running totals are hidden').count()).toBe(1);

		await chair.reload();
		await expect.poll(() => chair.getByText('1 of 1 organisations have voted').count()).toBe(2);
		await expectAccessible(chair, 'open vote as facilitator');
		await chair.getByLabel(/Reason for closing before/).fill('The partnership board met today.');
		await chair.getByRole('button', { name: 'Close the vote now' }).click();
		await chair.getByRole('heading', { name: 'Result: Adopt the social value policy?', level: 1 }).waitFor();

		// VCSE support 1, statutory 0: overall exactly 1/2, which is not above the threshold.
		const text = ((await chair.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
		expect(text).toContain(
			'The vote failed because overall support was exactly one half, and it had to be more than one half to pass.'
		);
		expect(text).toContain('Overall weighted support is 0.500 (exactly 1/2)');
		expect(text).toContain('1 for, 1 against, 0 abstaining');
		expect(text).toContain('it is exactly equal, which is not enough');
		expect(text).toContain('Closed early');
		expect(text).toContain('Reason given: The partnership board met today.');
		expect(text).toContain(`${vcse.org.name} explains its for vote.`);
		const chart = chair.getByRole('img', { name: /Support by chamber and overall/ });
		await chart.waitFor();
		expect(await chair.locator('#tally-chart-desc').textContent()).toContain(
			'Overall weighted support: 0.500'
		);
		await expectAccessible(chair, 'result page');

		// The delegates see the same result. On a phone the page first says why it failed, above every
		// figure, and the chart's labels are at least 12 px.
		await b.setViewportSize({ width: 360, height: 800 });
		await b.goto(`${voteUrl}/result`);
		await b.getByRole('heading', { name: 'Result: Adopt the social value policy?' }).waitFor();
		const why = b.locator('p.outcome');
		expect(await why.textContent()).toMatch(/^The vote failed because overall support was exactly one half/);
		expect(
			await why.evaluate(
				(p) =>
					!!(
						p.compareDocumentPosition(document.querySelector('.tally-chart')!) &
						Node.DOCUMENT_POSITION_FOLLOWING
					) &&
					!!(p.compareDocumentPosition(document.querySelector('table')!) & Node.DOCUMENT_POSITION_FOLLOWING)
			)
		).toBe(true);
		const sizes = await b
			.locator('.tally-chart .label, .tally-chart .value')
			// As drawn on the screen: text inside a scaled SVG is smaller than its CSS font size.
			.evaluateAll((els) =>
				els.map(
					(e) =>
						parseFloat(getComputedStyle(e).fontSize) *
						(e instanceof SVGGraphicsElement ? (e.getScreenCTM()?.a ?? 1) : 1)
				)
			);
		expect(sizes.length).toBeGreaterThan(0);
		expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
		// On a 320 px screen the page does not scroll sideways; the tables scroll on their own and can be
		// reached with the keyboard.
		await b.setViewportSize({ width: 320, height: 800 });
		const [scroll, width] = await b.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
		expect(scroll, 'the result page scrolls sideways at 320 px').toBeLessThanOrEqual(width);
		await expectAccessible(b, 'result page at 320 px');
	});
});
