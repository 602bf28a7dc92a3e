// Every page fits a phone: no page scrolls sideways at 320 px, for anyone who can see it (the facilitator with
// JavaScript, a visitor and a commenter without it), and on a phone the
// content of a workspace page starts in the first quarter of the screen. The list of pages is built from
// src/routes, so a new page is checked as soon as it exists (and the test fails until its parameters can be
// filled with real data).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, type TestServer } from '../fixtures/server.ts';
import { useServerAndBrowser } from '../fixtures/suite.ts';
import { createUser } from '../fixtures/factory.ts';
import { contextAs, expectAccessible, openWithoutJs } from '../fixtures/browser.ts';
import { setDb, type DB } from '../../src/lib/server/db/index.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';
import { DEMO_FACILITATOR, DEMO_ORGS, DEMO_SLUG, loadDemo } from '../../src/lib/server/demo.ts';
import {
	claims as claimsTable,
	consultationLinks,
	decisions,
	documentVersions,
	documents,
	mailMessages,
	meetings as meetingsTable,
	organisations,
	users,
	votes as votesTable,
	workspaces
} from '../../src/lib/server/db/schema/index.ts';
import * as votes from '../../src/lib/server/votes/lifecycle.ts';
import { voteInput } from '../../src/lib/server/votes/schemas.ts';
import { join, startConsultation } from '../../src/lib/server/consultations/lifecycle.ts';
import { createInvitation, invitationInput } from '../../src/lib/server/workspaces/invitations.ts';
import { requestPasswordReset } from '../../src/lib/server/auth/password-reset.ts';
import { unsubscribeToken } from '../../src/lib/server/mail/unsubscribe.ts';
import { newGuestLink } from '../../src/lib/server/meetings/guests.ts';
import { insertInvitation } from '../../src/lib/server/meetings/invitations.ts';

let server: TestServer;
let browser: Browser;
let db: DB;

useServerAndBrowser({}, (s) => ({ server, db, browser } = s));

/** Pages that exist only before the first account is made: visited first, while the database is empty. */
const BEFORE_FIRST_ACCOUNT = ['/setup'];

/** Pages this test does not visit, each with the reason (none today: add one only with a reason). */
const SKIPPED: Record<string, string> = {
	// Only with single sign-on configured, which this server is not: tests/e2e/sso.test.ts opens them on a phone.
	'/login/sso': 'single sign-on (tests/e2e/sso.test.ts)',
	'/login/sso/callback': 'single sign-on (tests/e2e/sso.test.ts)',
	'/login/sso/link': 'single sign-on (tests/e2e/sso.test.ts)'
};

/** Every page in src/routes as its URL pattern, e.g. /w/[workspace]/votes/[vote] (route groups left out). */
function routePatterns(dir = path.join(ROOT, 'src/routes'), segments: string[] = []): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isFile() && entry.name === '+page.svelte')
			found.push('/' + segments.filter((s) => !/^\(.+\)$/.test(s)).join('/'));
		if (entry.isDirectory())
			found.push(...routePatterns(path.join(dir, entry.name), [...segments, entry.name]));
	}
	return found.sort();
}

type Fill = Record<string, string[]>;

/** URLs for a pattern with each [param] filled from `fill` (a value per route, or per parameter name). */
function urlsFor(pattern: string, byRoute: Record<string, Fill>, byName: Fill): string[] | string {
	let urls = [pattern];
	for (const [, raw] of pattern.matchAll(/\[([^\]]+)\]/g)) {
		const values = byRoute[pattern]?.[raw] ?? byName[raw];
		if (!values?.length) return `no value for [${raw}]`;
		urls = urls.flatMap((u) => values.map((v) => u.replace(`[${raw}]`, encodeURIComponent(v))));
	}
	return urls.map((u) => u + (QUERIES[pattern] ?? ''));
}

let QUERIES: Record<string, string> = {};

type Overflow = { scrollWidth: number; clientWidth: number; culprits: string[] };

/**
 * Boxes that scroll sideways on their own (a wide table) but cannot be reached from the keyboard: neither
 * focusable themselves nor holding anything focusable, or a focusable region without a name.
 */
function unreachableScrollers(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll('body *')]
			.filter((el) => {
				const x = getComputedStyle(el).overflowX;
				return (x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1;
			})
			.filter((el) => {
				const focusable = (el as HTMLElement).tabIndex >= 0;
				const named = el.getAttribute('role') !== 'region' || !!el.getAttribute('aria-label');
				const inside = el.querySelector(
					'a[href], button, input, select, textarea, [tabindex], [contenteditable]'
				);
				return !named || !(focusable || inside);
			})
			.map(
				(el) =>
					`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} “${(el.textContent ?? '').trim().slice(0, 40)}”`
			)
	);
}

/** How far the page scrolls sideways, and the outermost elements that stick out (the cause, not their parents). */
function measure(page: Page): Promise<Overflow | null> {
	return page.evaluate(() => {
		const root = document.documentElement;
		const clientWidth = root.clientWidth;
		if (root.scrollWidth <= clientWidth) return null;
		const culprits: string[] = [];
		const describe = (el: Element) => {
			const r = el.getBoundingClientRect();
			const name =
				el.tagName.toLowerCase() +
				(el.id ? `#${el.id}` : '') +
				[...el.classList].map((c) => `.${c}`).join('');
			const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
			return `${name} (${Math.round(r.left)}–${Math.round(r.right)} px) “${text}”`;
		};
		// Descends through boxes that fit; reports a box that sticks out, or one whose own text does.
		const walk = (el: Element): boolean => {
			let found = false;
			for (const child of el.children) {
				const r = child.getBoundingClientRect();
				const style = getComputedStyle(child);
				if (style.display === 'none' || style.position === 'fixed') continue;
				if (r.width > 1 && r.right > clientWidth + 0.5) {
					culprits.push(describe(child));
					found = true;
				} else if (style.overflowX === 'visible') {
					if (walk(child)) found = true;
					else if (
						child.scrollWidth > child.clientWidth + 0.5 &&
						r.left + child.scrollWidth > clientWidth + 0.5
					) {
						culprits.push(`${describe(child)}: its text`);
						found = true;
					}
				}
			}
			return found;
		};
		walk(document.body);
		return { scrollWidth: root.scrollWidth, clientWidth, culprits: culprits.slice(0, 4) };
	});
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
	const queue = [...items];
	await Promise.all(
		Array.from({ length: limit }, async () => {
			for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
		})
	);
}

async function signIn(userId: string): Promise<string> {
	const token = generateSessionToken();
	await createSession(db, token, userId, { method: 'password', userAgent: null });
	return token;
}

/** The demo partnership plus the things a one-time link needs (a consultation, an invitation, a reset…). */
async function seed() {
	// Documents are written through the collaboration store, which uses the process-wide connection.
	setDb(db);
	await loadDemo(db);
	const ws = db.select().from(workspaces).where(eq(workspaces.slug, DEMO_SLUG)).get()!;
	const userId = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!.id;
	const facilitatorId = userId(DEMO_FACILITATOR.email);
	const person = (role: string) => DEMO_ORGS.find((o) => o.person.role === role)!.person;
	const docs = db.select().from(documents).where(eq(documents.workspaceId, ws.id)).all();
	const policy = docs.find((d) => d.title === 'Involvement and reimbursement policy')!;
	const consulted = docs.find((d) => d.title === 'Social value policy')!;
	const version = db.select().from(documentVersions).where(eq(documentVersions.documentId, policy.id)).get()!;
	const wsVotes = db.select().from(votesTable).where(eq(votesTable.workspaceId, ws.id)).all();
	const closed = wsVotes.find((v) => v.status === 'closed')!;
	const other = wsVotes.find((v) => v.id !== closed.id)!;
	const draft = await votes.createVote(
		db,
		ws.id,
		voteInput.parse({
			question: 'Fund interpreters for every partnership board meeting from April?',
			opensAt: Date.now() + 86_400_000,
			closesAt: Date.now() + 8 * 86_400_000
		}),
		facilitatorId
	);
	const decision = db.select().from(decisions).where(eq(decisions.workspaceId, ws.id)).get()!;
	const org = db
		.select()
		.from(organisations)
		.where(and(eq(organisations.name, DEMO_ORGS[0].name), eq(organisations.isDemo, true)))
		.get()!;
	const closesAt = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 16);
	const { consultation, linkToken } = await startConsultation(db, consulted, facilitatorId, {
		closesAt,
		audience: 'public',
		questions: ['What would make this policy work for a group run by volunteers?']
	});
	// A resident who responded through the link, and the one-time link that confirms their email.
	const { confirmCode } = await join(
		db,
		db.select().from(consultationLinks).where(eq(consultationLinks.consultationId, consultation.id)).get()!,
		{
			name: 'Rosa Resident',
			email: 'rosa@example.org',
			organisation: 'Brook Street Residents',
			sector: 'vcse',
			sizeBand: 'micro'
		},
		Date.now()
	);
	const invited = await createInvitation(
		db,
		ws.id,
		invitationInput.parse({ email: 'new.partner@example.org', role: 'commenter', organisationId: org.id }),
		facilitatorId
	);
	const someone = await createUser(db, { name: 'Sam Forgetful' });
	await requestPasswordReset(db, someone.email);
	const resetMail = db.select().from(mailMessages).where(eq(mailMessages.kind, 'password_reset')).get()!;
	const resetToken = /\/reset\/([a-z2-7]+)/.exec(resetMail.text)![1];
	const message = db.select().from(mailMessages).where(eq(mailMessages.kind, 'invitation')).get()!;

	// The demo's past board: its agenda, attendance, minutes and the decision made there.
	const meeting = db
		.select()
		.from(meetingsTable)
		.where(eq(meetingsTable.workspaceId, ws.id))
		.all()
		.find((m) => m.minutesDocumentId)!;

	// A guest invited to the demo's next meeting, and the personal link in their invitation.
	const next = db
		.select()
		.from(meetingsTable)
		.where(eq(meetingsTable.workspaceId, ws.id))
		.all()
		.find((m) => m.startsAt > Date.now())!;
	const guestLink = newGuestLink();
	await insertInvitation(db, {
		meetingId: next.id,
		guest: true,
		name: 'Gail Guest',
		email: 'gail.guest@example.org',
		linkHash: guestLink.hash,
		createdAt: Date.now()
	});

	// The demo's paid cost-recovery claim, and its organisation's statement.
	const paidClaim = db.select().from(claimsTable).where(eq(claimsTable.status, 'paid')).get()!;

	QUERIES = {
		'/w/[workspace]/documents/[document]/versions/compare': `?a=${version.id}&b=current`,
		'/w/[workspace]/claims/statement': `?organisation=${paidClaim.organisationId}`
	};
	const byName: Fill = {
		workspace: [DEMO_SLUG],
		document: [policy.id],
		version: [version.id],
		vote: [other.id, closed.id],
		decision: [decision.id],
		consultation: [consultation.id],
		meeting: [meeting.id],
		claim: [paidClaim.id],
		id: [org.id]
	};
	const byRoute: Record<string, Fill> = {
		'/w/[workspace]/votes/[vote]/edit': { vote: [draft.id] },
		'/w/[workspace]/votes/[vote]/result': { vote: [closed.id] },
		'/admin/mail/[id]': { id: [message.id] },
		'/admin/users/[id]': { id: [facilitatorId] },
		'/admin/users/[id]/two-factor': { id: [facilitatorId] },
		'/consult/[token]': { token: [linkToken!] },
		'/consult/confirm/[code]': { code: [confirmCode] },
		'/invite/[token]': { token: [invited.token] },
		'/guest/[token]': { token: [guestLink.secret] },
		'/reset/[token]': { token: [resetToken] },
		'/unsubscribe/[token]': {
			token: [await unsubscribeToken(db, { kind: 'workspace', userId: someone.id, workspaceId: ws.id })]
		}
	};
	const roles: Record<string, string | undefined> = {
		anonymous: undefined,
		commenter: await signIn(userId(person('commenter').email)),
		'facilitator and administrator': await signIn(facilitatorId)
	};
	return { byName, byRoute, roles, policy, other };
}

let seeding: ReturnType<typeof seed> | undefined;
const seeded = () => (seeding ??= seed());

describe('on a phone', () => {
	it('no page scrolls sideways at 320 px, for anyone who can see it', { timeout: 240_000 }, async () => {
		const seen = new Set<string>();
		const problems: string[] = [];
		const report = (url: string, role: string, overflow: Overflow | null) => {
			if (overflow)
				problems.push(
					`${url} as ${role} at 320 px is ${overflow.scrollWidth} px wide; sticking out:\n      ` +
						overflow.culprits.join('\n      ')
				);
		};
		const first = await contextAs(browser, server, undefined, { viewport: { width: 320, height: 740 } });
		const firstPage = await first.newPage();
		for (const url of BEFORE_FIRST_ACCOUNT) {
			await firstPage.goto(url);
			expect(new URL(firstPage.url()).pathname, 'a page for an empty database').toBe(url);
			seen.add(url);
			report(url, 'anonymous', await measure(firstPage));
		}
		await first.close();

		const { byName, byRoute, roles } = await seeded();
		const patterns = routePatterns();
		expect(patterns.length).toBeGreaterThan(30);
		const unfilled: string[] = [];
		const pages: { pattern: string; url: string }[] = [];
		for (const pattern of patterns) {
			if (SKIPPED[pattern] || BEFORE_FIRST_ACCOUNT.includes(pattern)) continue;
			const urls = urlsFor(pattern, byRoute, byName);
			if (typeof urls === 'string') unfilled.push(`${pattern}: ${urls}`);
			else pages.push(...urls.map((url) => ({ pattern, url })));
		}
		expect(unfilled, 'pages whose parameters this test cannot fill: seed data for them').toEqual([]);

		const contexts: BrowserContext[] = [];
		await Promise.all(
			Object.entries(roles).map(async ([role, token]) => {
				// The facilitator, who can open every page, looks with JavaScript; the visitor and the commenter
				// look without it, which is both the journey that must work without JavaScript and the quicker load.
				const javaScriptEnabled = role === 'facilitator and administrator';
				const context = await contextAs(browser, server, token, {
					viewport: { width: 320, height: 740 },
					javaScriptEnabled
				});
				contexts.push(context);
				await pool(pages, 2, async ({ pattern, url }) => {
					const page = await context.newPage();
					page.on('pageerror', (e) => problems.push(`${url} as ${role}: uncaught ${e.message}`));
					const response = await page.goto(url);
					const landed = new URL(page.url());
					// A page the role may not see answers 403/404 or sends them to sign in: nothing to measure.
					if (response?.ok() && landed.pathname === url.split('?')[0]) {
						seen.add(pattern);
						report(url, role, await measure(page));
						for (const box of await unreachableScrollers(page))
							problems.push(`${url} as ${role}: ${box} scrolls sideways but the keyboard cannot reach it`);
					}
					await page.close();
				});
			})
		);
		await Promise.all(contexts.map((c) => c.close()));
		const unseen = patterns.filter((p) => !SKIPPED[p] && !seen.has(p));
		expect(unseen, 'pages no role could open: give them data they can show').toEqual([]);
		expect(problems.sort(), 'pages that scroll sideways').toEqual([]);
	});

	it(
		'starts a workspace page’s content in the first quarter of a 360×740 screen, with and without JavaScript',
		{ timeout: 120_000 },
		async () => {
			const { roles, policy, other } = await seeded();
			const token = roles['facilitator and administrator'];
			const base = `/w/${DEMO_SLUG}`;
			const paths = [base, `${base}/documents/${policy.id}`, `${base}/votes/${other.id}`];
			const context = await contextAs(browser, server, token, { viewport: { width: 360, height: 740 } });
			const withJs = await context.newPage();
			const heights: string[] = [];
			for (const p of paths) {
				await withJs.goto(p, { waitUntil: 'networkidle' });
				await withJs.getByRole('note').filter({ hasText: 'Demo data' }).waitFor();
				const top = await withJs
					.locator('main h1')
					.first()
					.evaluate((h) => h.getBoundingClientRect().top);
				if (top > 185) heights.push(`${p}: the heading starts ${Math.round(top)} px down`);
				expect(await measure(withJs), `${p} scrolls sideways`).toBeNull();
				await expectAccessible(withJs, `${p} at 360 px`);
			}
			// The menu opens and closes; its links are the site's main navigation.
			const menu = withJs.locator('header.site summary');
			await menu.click();
			await withJs
				.getByRole('navigation', { name: 'Main' })
				.getByRole('link', { name: 'Organisations' })
				.click();
			await withJs.waitForURL('**/organisations');
			await context.close();

			for (const p of paths) {
				const page = await openWithoutJs(browser, server, p, token);
				const top = await page
					.locator('main h1')
					.first()
					.evaluate((h) => h.getBoundingClientRect().top);
				if (top > 185) heights.push(`${p} without JavaScript: the heading starts ${Math.round(top)} px down`);
				const nav = page.getByRole('navigation', { name: 'Main' });
				expect(await nav.isVisible(), 'the menu starts closed').toBe(false);
				await page.locator('header.site summary').click();
				expect(await nav.getByRole('link', { name: 'Public register' }).isVisible()).toBe(true);
				expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
				if (p === base) await expectAccessible(page, `${p} at 360 px without JavaScript, menu open`);
				await page.context().close();
			}
			expect(heights, 'pages whose content starts below the first quarter of the screen').toEqual([]);
		}
	);
});
