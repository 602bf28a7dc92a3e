// Hostile text in, safe text out: comments that look like script are kept as typed and shown as text in the
// page, in email and in every download; Markdown downloads carry no raw HTML; CSV downloads carry no formula
// and no fraction a spreadsheet would turn into a date.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { mailMessages } from '../../src/lib/server/db/schema/index.ts';
import { createPartnership, createUser, addMember, type TestUser } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { seedDocument, until } from '../fixtures/collab-client.ts';

let server: TestServer;
let db: DB;
useServer(
	{ env: { SMTP_URL: '', PARITY_MAIL_INTERVAL_MS: '200', PARITY_MAIL_BATCH_MS: '300' } },
	(s) => ({ server, db } = s)
);

const HOSTILE = [
	'<script>alert(1)</script>',
	'<svg/onload=alert(2)>',
	'<a href="jav&#x61;script:alert(3)">x</a>',
	'<img src=x onerror=alert(4)>'
];
/** Raw markup from HOSTILE: none of it may reach a page, an email's HTML or a Markdown file. */
const RAW = /<script>alert|<svg\/onload|<img src=x|<a href="jav/i;

async function setUp() {
	const p = await createPartnership(db, { vcse: 1, statutory: 1 });
	const editor = p.orgs[0].delegate;
	const commenter: TestUser = await createUser(db, { name: 'Cora Commenter' });
	await addMember(db, p.workspace.id, commenter.id, { role: 'commenter', organisationId: p.orgs[0].org.id });
	const doc = await seedDocument(server, db, p.workspace.id, { cookie: editor.cookie }, [
		['heading', '<script>alert(1)</script> # heading'],
		['paragraph', '<img src=x onerror=alert(4)> and the terms'],
		['paragraph', 'Payment within 30 days.']
	]);
	return { p, editor, commenter, doc };
}

describe('comment text that looks like script', () => {
	it('is stored as typed and shown as text in the page, in email and in the consultation downloads', async () => {
		const { p, editor, commenter, doc } = await setUp();
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const cora = apiClient(server, { cookie: commenter.cookie });
		const opened = await fran.post(`/api/v1/documents/${doc}/consultations`, {
			title: '# <script>alert(5)</script>',
			closesAt: '2099-01-01T12:00',
			audience: 'members',
			questions: ['<svg/onload=alert(6)>?']
		});
		expect(opened.status).toBe(201);
		const mine = await postForm(
			server,
			'/settings?/email',
			{ [`mode-${p.workspace.id}`]: 'immediate' },
			{ cookie: editor.cookie }
		);
		expect(mine.status).toBe(200);

		for (const body of HOSTILE) {
			const res = await cora.post(`/api/v1/documents/${doc}/comments`, {
				quote: '30 days',
				body: `@${editor.name} ${body}`
			});
			expect(res.status, body).toBe(201);
			expect(res.json.comments[0].body).toBe(`@${editor.name} ${body}`);
		}
		const answered = await cora.post(`/api/v1/consultations/${opened.json.id}/responses`, {
			answers: ['<svg/onload=alert(7)>']
		});
		expect(answered.status).toBe(201);

		// The page: every text is escaped by the template.
		const page = await fetch(`${server.url}/w/${p.workspace.slug}/documents/${doc}/comments`, {
			headers: { cookie: editor.cookie }
		});
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(html).toContain('&lt;svg/onload=alert(2)');
		expect(html).toContain('jav&amp;#x61;script:alert(3)');
		expect(html).not.toMatch(RAW);

		// Email: the notices' HTML part escapes what people typed (the mention alone, or grouped with the
		// consultation's opening into one message, whichever the worker finds waiting).
		await until(
			() => db.select().from(mailMessages).where(eq(mailMessages.to, editor.email)).all().length > 0,
			'the mention to be mailed'
		);
		const mail = db.select().from(mailMessages).where(eq(mailMessages.to, editor.email)).all();
		const mailHtml = mail.map((m) => m.html).join('\n');
		expect(mailHtml).toMatch(/&lt;svg\/onload=alert\(2\)&gt;|&lt;script&gt;alert\(5\)&lt;\/script&gt;/);
		expect(mailHtml).not.toMatch(RAW);

		// Downloads: Markdown escapes, CSV keeps the text (a CSV is data; a spreadsheet shows it as text).
		for (const path of [
			`/api/v1/consultations/${opened.json.id}/summary?format=md`,
			`/w/${p.workspace.slug}/consultations/${opened.json.id}/summary.md`
		]) {
			const md = await fetch(server.url + path, { headers: { cookie: p.facilitator.cookie } });
			expect(md.status, path).toBe(200);
			const text = await md.text();
			expect(text, path).toContain('# \\# &lt;script&gt;alert(5)&lt;/script&gt;\n');
			expect(text, path).toContain('&lt;svg/onload=alert(2)&gt;');
			expect(text, path).not.toMatch(RAW);
		}
		const csv = await (
			await fetch(`${server.url}/w/${p.workspace.slug}/consultations/${opened.json.id}/summary.csv`, {
				headers: { cookie: p.facilitator.cookie }
			})
		).text();
		expect(csv).toContain('<svg/onload=alert(7)>');
	});
});

describe('Markdown downloads', () => {
	it('carry no raw HTML from the document', async () => {
		const { editor, doc } = await setUp();
		const res = await apiClient(server, { cookie: editor.cookie }).get(`/api/v1/documents/${doc}?format=md`);
		expect(res.status).toBe(200);
		expect(res.text).toContain('## &lt;script&gt;alert(1)&lt;/script&gt; \\# heading\n');
		expect(res.text).toContain('&lt;img src=x onerror=alert(4)&gt; and the terms');
		expect(res.text).not.toMatch(RAW);
	});
});

describe('CSV downloads', () => {
	// Answers are trimmed where they arrive, so the tab and carriage-return cases are in tests/unit/csv.test.ts.
	it('neutralise formulas and keep fractions from becoming dates', async () => {
		const { p, editor, doc } = await setUp();
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const opened = await fran.post(`/api/v1/documents/${doc}/consultations`, {
			closesAt: '2099-01-01T12:00',
			audience: 'members',
			questions: ['A', 'B']
		});
		expect(opened.status).toBe(201);
		const answers = [
			[fran, ['=HYPERLINK("http://evil.example","x")', '-1+2']],
			[apiClient(server, { cookie: editor.cookie }), ['@SUM(A1)', '2/3']]
		] as const;
		for (const [who, a] of answers)
			expect(
				(await who.post(`/api/v1/consultations/${opened.json.id}/responses`, { answers: a })).status
			).toBe(201);
		for (const path of [
			`/api/v1/consultations/${opened.json.id}/summary?format=csv`,
			`/w/${p.workspace.slug}/consultations/${opened.json.id}/summary.csv`
		]) {
			const res = await fetch(server.url + path, { headers: { cookie: p.facilitator.cookie } });
			expect(res.headers.get('content-type'), path).toMatch(/^text\/csv/);
			const csv = await res.text();
			expect(csv, path).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
			expect(csv, path).toContain(`,'-1+2,`);
			expect(csv, path).toContain(`,'@SUM(A1),`);
			expect(csv, path).toContain(`,'2/3,`);
		}
	});
});
