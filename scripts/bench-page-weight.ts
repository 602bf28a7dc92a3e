/**
 * Benchmark for a weak connection: what the document page and the comments page download, and how soon their
 * text is readable and the live editor ready, on a 400 kbit/s link with 400 ms latency (Chromium's own network
 * emulation through CDP, CPU not throttled). Needs a build (see docs/performance.md, "Weak connection").
 *
 *   node scripts/bench-page-weight.ts [--runs 3] [--waterfall]
 *
 * It starts the built server on a temporary database with a partnership, an editor, a commenter and the
 * social value policy template (with a few comments and a suggestion on it), then opens each page in a fresh
 * browser context (empty cache) and prints the median of the runs:
 * - bytes as sent (compressed when the server compresses; response headers included), all of them and the
 *   JavaScript alone, plus the JavaScript's size gzipped (level 9) whatever the server sent;
 * - "text": when a sentence of the document is first painted (measured in the page from navigation start);
 * - "editor": when the live editor can be typed in and says "All changes saved" (connected and in step).
 * A commenter reads the document page without the live editor; "commenter suggesting" clicks "Suggest
 * changes" as soon as the page has loaded, and its times still count from the start of the navigation.
 * With --waterfall it also prints, for one load of each page, when each request started and finished.
 */
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startServer } from '../tests/fixtures/server.ts';
import {
	addMember,
	createPartnership,
	createToken,
	createUser,
	openTestDb
} from '../tests/fixtures/factory.ts';
import { launchBrowser } from '../tests/fixtures/chromium.ts';
import { closeDatabase } from '../src/lib/server/db/index.ts';
import { SESSION_COOKIE } from '../src/lib/server/auth/session.ts';
import { TEMPLATES } from '../src/lib/domain/templates/index.ts';
import type { PMNode } from '../src/lib/domain/templates/build.ts';

const { values } = parseArgs({
	options: { runs: { type: 'string', default: '3' }, waterfall: { type: 'boolean', default: false } }
});
const RUNS = Number(values.runs);

/** The weak connection of the goal: 400 kbit/s each way, 400 ms from request to response. */
const NETWORK = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };

type Measure = {
	html: number;
	css: number;
	js: number;
	jsGzip: number;
	total: number;
	requests: number;
	live: number;
	text: number | null;
	editor: number | null;
	encodings: Set<string>;
	/** Each request: its address, and when it was sent and finished (seconds, CDP's clock). */
	timeline: { url: string; sent: number; done?: number; bytes?: number }[];
};

/** What the page notes (watchPage): when the sentence was first painted and when the editor was first ready. */
type Marked = { __marks: { text?: number; editor?: number } };

const template = TEMPLATES.social_value;

/** A sentence of the document near its top: the start of its first long paragraph of plain text. */
function knownSentence(node: PMNode): string | null {
	const only = node.content?.length === 1 ? node.content[0] : undefined;
	if (node.type === 'paragraph' && only?.text && !only.marks && only.text.length > 100)
		return only.text.slice(0, 60);
	for (const child of node.content ?? []) {
		const found = knownSentence(child);
		if (found) return found;
	}
	return null;
}
const SENTENCE = knownSentence(template.content);
if (!SENTENCE) throw new Error('the template has no long paragraph of plain text');

/**
 * Runs in the page from its first moment: on every frame the browser renders, notes when the sentence is
 * first visible and when the editor is first ready (rendering, and so these frames, wait for the styles the
 * page blocks on). Times are from navigation start.
 */
function watchPage(sentence: string) {
	const marks: Marked['__marks'] = {};
	(window as unknown as Marked).__marks = marks;
	const textVisible = () => {
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const el = n.parentElement;
			if ((n as Text).data.includes(sentence) && el?.checkVisibility({ visibilityProperty: true }))
				return el.getBoundingClientRect().height > 0;
		}
		return false;
	};
	const editorReady = () =>
		!!document.querySelector('.save-status[data-state="saved"]') &&
		!!document.querySelector('.doc-editor .document-content:not([hidden]) [contenteditable="true"]');
	const frame = () => {
		if (marks.text === undefined && document.body && textVisible()) marks.text = performance.now();
		if (marks.editor === undefined && editorReady()) marks.editor = performance.now();
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
}

/** Counts what the page downloads: every response as sent, JavaScript apart, and the live socket's frames. */
function countBytes(cdp: CDPSession) {
	const m: Measure = {
		html: 0,
		css: 0,
		js: 0,
		jsGzip: 0,
		total: 0,
		requests: 0,
		live: 0,
		text: null,
		editor: null,
		encodings: new Set(),
		timeline: []
	};
	const types = new Map<string, string>();
	const timeline = new Map<string, Measure['timeline'][number]>();
	cdp.on('Network.requestWillBeSent', ({ requestId, request, timestamp }) => {
		const entry = { url: request.url, sent: timestamp };
		timeline.set(requestId, entry);
		m.timeline.push(entry);
	});
	const bodies: Promise<void>[] = [];
	cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
		types.set(requestId, type);
		const encoding = Object.entries(response.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
		m.encodings.add(`${type}: ${encoding?.[1] ?? 'none'}`);
	});
	cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength, timestamp }) => {
		const type = types.get(requestId);
		const entry = timeline.get(requestId);
		if (entry) Object.assign(entry, { done: timestamp, bytes: encodedDataLength });
		m.total += encodedDataLength;
		m.requests++;
		if (type === 'Document') m.html += encodedDataLength;
		if (type === 'Stylesheet') m.css += encodedDataLength;
		if (type !== 'Script') return;
		m.js += encodedDataLength;
		bodies.push(
			cdp.send('Network.getResponseBody', { requestId }).then(({ body, base64Encoded }) => {
				m.jsGzip += gzipSync(Buffer.from(body, base64Encoded ? 'base64' : 'utf8'), { level: 9 }).length;
			})
		);
	});
	cdp.on('Network.webSocketFrameReceived', ({ response }) => {
		m.live +=
			response.opcode === 2
				? Buffer.from(response.payloadData, 'base64').length
				: response.payloadData.length;
	});
	return { m, done: () => Promise.all(bodies) };
}

async function measure(
	browser: Browser,
	url: string,
	token: string,
	waitForEditor: boolean,
	click?: string
): Promise<Measure> {
	const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
	await context.addCookies([
		{ name: SESSION_COOKIE, value: token, url: new URL('/', url).href, httpOnly: true, sameSite: 'Lax' }
	]);
	await context.addInitScript(watchPage, SENTENCE!);
	const page: Page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', NETWORK);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	const { m, done } = countBytes(cdp);
	await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
	if (click) {
		// A build whose page has the live editor at once has no such button: nothing to click then.
		const button = page.getByRole('button', { name: click });
		await button.or(page.locator('.save-status[data-state="saved"]')).first().waitFor({ timeout: 60_000 });
		if (await button.count()) await button.click();
	}
	const marksOf = () => (window as unknown as Marked).__marks;
	await page
		.waitForFunction(
			(editor) => {
				const got = (window as unknown as Marked).__marks;
				return got.text !== undefined && (!editor || got.editor !== undefined);
			},
			waitForEditor,
			{ timeout: 60_000 }
		)
		.catch(async (e: Error) => {
			const seen = await page.evaluate(() => ({
				marks: (window as unknown as Marked).__marks,
				status: document.querySelector('.save-status')?.getAttribute('data-state'),
				editable: document.querySelector('[contenteditable]')?.getAttribute('contenteditable')
			}));
			throw new Error(`${url}: ${e.message}; the page had ${JSON.stringify(seen)}`);
		});
	await page.waitForLoadState('networkidle', { timeout: 120_000 });
	await done();
	const got = await page.evaluate(marksOf);
	m.text = got.text ?? null;
	m.editor = got.editor ?? null;
	await context.close();
	return m;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const server = await startServer();
const db = openTestDb(server.dbFile);
let browser: Browser | undefined;
try {
	const p = await createPartnership(db, { vcse: 1, statutory: 1 });
	const editor = p.orgs[0].delegate;
	const commenter = await createUser(db, { name: 'Chris Commenter' });
	addMember(db, p.workspace.id, commenter.id, { role: 'commenter', organisationId: p.orgs[0].org.id });
	const token = await createToken(db, p.facilitator.id);
	const api = async (path: string, body: unknown) => {
		const res = await fetch(`${server.url}/api/v1${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
		return (await res.json()) as { id: string };
	};
	const doc = await api(`/workspaces/${p.workspace.id}/documents`, {
		title: template.title,
		kind: template.key,
		template: template.key
	});
	await api(`/documents/${doc.id}/comments`, {
		quote: 'social value',
		body: 'Can we name the local outcomes we mean here, so small groups can show them?'
	});
	await api(`/documents/${doc.id}/comments`, {
		quote: SENTENCE.slice(0, 30),
		body: 'Agreed with the wording; the partnership board should see this before the consultation.'
	});
	await api(`/documents/${doc.id}/suggestions`, { quote: 'the partners', replacement: 'all partners' });

	const base = `${server.url}/w/${p.workspace.slug}/documents/${doc.id}`;
	const cases = [
		{ name: 'document page, editor', url: base, token: editor.sessionToken, editor: true },
		{ name: 'document page, commenter', url: base, token: commenter.sessionToken, editor: false },
		{
			name: 'document page, commenter suggesting',
			url: base,
			token: commenter.sessionToken,
			editor: true,
			click: 'Suggest changes'
		},
		{
			name: 'comments page, commenter',
			url: `${base}/comments`,
			token: commenter.sessionToken,
			editor: false
		}
	];
	browser = await launchBrowser();
	// One unmeasured visit each, so the server's first-request costs do not count.
	for (const c of cases) await measure(browser, c.url, c.token, c.editor, c.click);

	const results = new Map<string, Measure[]>(cases.map((c) => [c.name, []]));
	for (let run = 0; run < RUNS; run++)
		for (const c of cases)
			results.get(c.name)!.push(await measure(browser, c.url, c.token, c.editor, c.click));

	const kb = (xs: number[]) => (median(xs) / 1000).toFixed(1);
	const s = (xs: (number | null)[]) =>
		xs.every((x) => x !== null) ? (median(xs as number[]) / 1000).toFixed(2) : '–';
	console.log(
		`Weak connection: ${NETWORK.latency} ms latency, ${(NETWORK.downloadThroughput * 8) / 1000} kbit/s down and up, ` +
			`CPU not throttled; median of ${RUNS} runs, cold cache. KB = 1000 bytes as sent (headers included).`
	);
	console.log(`Known sentence: “${SENTENCE}”\n`);
	console.log(
		'| page | HTML KB | CSS KB | JS KB | JS KB gzip -9 | all KB | requests | live socket KB | text s | editor s |'
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const c of cases) {
		const r = results.get(c.name)!;
		const col = (f: (m: Measure) => number) => kb(r.map(f));
		console.log(
			`| ${c.name} | ${col((m) => m.html)} | ${col((m) => m.css)} | ${col((m) => m.js)} | ${col((m) => m.jsGzip)} | ` +
				`${col((m) => m.total)} | ${median(r.map((m) => m.requests))} | ${col((m) => m.live)} | ` +
				`${s(r.map((m) => m.text))} | ${c.editor ? s(r.map((m) => m.editor)) : '–'} |`
		);
	}
	if (values.waterfall)
		for (const c of cases) {
			const m = results.get(c.name)![0];
			const start = m.timeline[0]?.sent ?? 0;
			console.log(
				`\nWaterfall, ${c.name} (s from the first request; text ${m.text}, editor ${m.editor} ms):`
			);
			for (const t of m.timeline)
				console.log(
					`  ${(t.sent - start).toFixed(2).padStart(6)} → ${t.done ? (t.done - start).toFixed(2).padStart(6) : '     –'}` +
						`  ${((t.bytes ?? 0) / 1000).toFixed(1).padStart(6)} KB  ${new URL(t.url).pathname.slice(-48)}`
				);
		}
	console.log('\nContent-Encoding as sent:');
	for (const c of cases)
		console.log(`  ${c.name}: ${[...results.get(c.name)![0].encodings].sort().join('; ')}`);
} finally {
	await browser?.close();
	closeDatabase(db);
	await server.stop();
	server.cleanup();
}
