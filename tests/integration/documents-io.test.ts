// Documents in and out. Importing a Word file through both doors: the API (a .docx body) and the page's form
// (multipart, without JavaScript); refused files leave nothing behind. Downloading a document or a version as
// Word and PDF: members, and visitors to a public workspace for an adopted version.
import { describe, expect, it } from 'vitest';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { addMember, createPartnership, createToken, createUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import { encryptedWordFile, everyConstructDocx, handmadeZip } from '../fixtures/word.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { documents } from '../../src/lib/server/db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readWordFile } from '../../src/lib/server/documents/word/import.ts';
import { getEntry } from '../../src/lib/server/register/repository.ts';
import { zipEntries } from '../../src/lib/server/documents/word/guard.ts';
import { inflateRawSync } from 'node:zlib';

/** One part of a zip (a .docx), as text. */
function zipPart(zip: Buffer, name: string): string {
	const e = zipEntries(zip).find((x) => x.name === name);
	if (!e) return '';
	const start = e.offset + 30 + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
	const data = zip.subarray(start, start + e.compressed);
	return (e.method === 0 ? data : inflateRawSync(data)).toString('utf8');
}

function pdfText(pdf: Buffer): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'parity-pdf-'));
	try {
		writeFileSync(path.join(dir, 'a.pdf'), pdf);
		return execFileSync('pdftotext', [path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

const count = () => db.select().from(documents).all().length;

describe('documents in and out', () => {
	it('imports through the API, answers what was left out, and refuses hostile files leaving nothing', async () => {
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = orgs[0].delegate;
		const commenter = await createUser(db, { name: 'Cora Commenter' });
		await addMember(db, workspace.id, commenter.id, { role: 'commenter', organisationId: orgs[1].org.id });
		const token = await createToken(db, editor.id);
		const base = `${server.url}/api/v1/workspaces/${workspace.id}/documents`;
		const send = (
			body: Uint8Array,
			opts: { query?: string; type?: string; auth?: Record<string, string> } = {}
		) =>
			fetch(base + (opts.query ?? ''), {
				method: 'POST',
				headers: {
					'content-type': opts.type ?? DOCX,
					...(opts.auth ?? { authorization: `Bearer ${token}` })
				},
				body: new Blob([new Uint8Array(body)])
			}).then(async (r) => ({ status: r.status, json: await r.json() }));
		const file = await everyConstructDocx();

		const created = await send(file, { query: '?kind=reimbursement' });
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			title: 'Involvement payments policy',
			kind: 'reimbursement',
			status: 'drafting',
			import: { dropped: ['1 image'], notes: 2 }
		});
		const md = await apiClient(server, { token }).get(`/api/v1/documents/${created.json.id}?format=md`);
		expect(md.text).toContain('# Involvement payments\n');
		expect(md.text).toContain('- Meetings\n  - Up to two hours');
		expect(md.text).toContain('| Activity | Rate |');
		expect(md.text).toContain('[the NHS guidance](https://www.england.nhs.uk/get-involved/)');
		expect(md.text).toContain('## Notes\n\n1. Set by the partnership board in March.');

		// A browser's session may send a Word file from the same origin, as it sends JSON.
		const byCookie = await send(file, {
			query: '?title=From%20the%20browser',
			auth: { cookie: editor.cookie, origin: server.url }
		});
		expect(byCookie.status).toBe(201);
		expect(byCookie.json.title).toBe('From the browser');
		expect(
			(await send(file, { auth: { cookie: editor.cookie, origin: 'https://elsewhere.example' } })).status
		).toBe(403);
		expect((await send(file, { auth: { cookie: commenter.cookie, origin: server.url } })).status).toBe(403);

		const before = count();
		const zeros = Buffer.alloc(20 * 1024 * 1024);
		const bomb = handmadeZip([
			{ name: 'word/document.xml', data: Buffer.from('<w:document/>') },
			{ name: 'word/media/image1.png', data: zeros, declared: 4096 }
		]);
		const refusals = [
			[await send(bomb), 413, 'zip_bomb'],
			[await send(Buffer.from('MZ\x90\x00 a renamed program')), 422, 'not_docx'],
			[await send(encryptedWordFile()), 422, 'password_protected'],
			[await send(Buffer.alloc(50 * 1024 * 1024, 1)), 413, 'too_large'],
			[await send(file, { query: '?title=ab' }), 422, 'invalid'],
			[await send(file, { query: '?kind=novel' }), 422, 'invalid']
		] as const;
		for (const [res, status, code] of refusals) {
			expect(res.status).toBe(status);
			expect(res.json.error.code).toBe(code);
			expect(res.json.error.message.length).toBeGreaterThan(10);
		}
		expect(count()).toBe(before);
	});

	it('imports through the page form without JavaScript and shows the report', async () => {
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = orgs[0].delegate;
		const post = async (file: Buffer, name: string, fields: Record<string, string> = {}) => {
			const body = new FormData();
			body.set('where', 'import');
			for (const [k, v] of Object.entries(fields)) body.set(k, v);
			body.set('file', new Blob([new Uint8Array(file)]), name);
			const res = await fetch(`${server.url}/w/${workspace.slug}/documents?/import`, {
				method: 'POST',
				headers: { cookie: editor.cookie, origin: server.url, accept: 'text/html' },
				body
			});
			return { status: res.status, text: await res.text() };
		};
		const ok = await post(await everyConstructDocx(), 'policy.docx', { title: '', kind: 'other' });
		expect(ok.status).toBe(200);
		expect(ok.text).toContain('Imported “Involvement payments policy”');
		expect(ok.text).toContain('<li>1 image</li>');
		expect(ok.text).toContain('2 footnotes are kept as numbered notes');

		const before = count();
		const bad = await post(Buffer.from('just some text'), 'notes.docx');
		expect(bad.status).toBe(422);
		expect(bad.text).toContain('This is not a Word file (.docx)');
		expect(count()).toBe(before);
	});

	it('downloads the current text and versions as Word and PDF; visitors to a public workspace only an adopted one', async () => {
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 1, visibility: 'public' });
		const editor = orgs[0].delegate;
		const commenter = await createUser(db, { name: 'Cora Commenter' });
		await addMember(db, workspace.id, commenter.id, { role: 'commenter', organisationId: orgs[1].org.id });
		const token = await createToken(db, editor.id);
		const imported = await fetch(
			`${server.url}/api/v1/workspaces/${workspace.id}/documents?title=Caf%C3%A9%20policy`,
			{
				method: 'POST',
				headers: { 'content-type': DOCX, authorization: `Bearer ${token}` },
				body: new Blob([new Uint8Array(await everyConstructDocx())])
			}
		).then((r) => r.json());
		const id: string = imported.id;
		const asCommenter = apiClient(server, { cookie: commenter.cookie });
		const get = async (url: string, headers: Record<string, string> = { cookie: commenter.cookie }) => {
			const r = await fetch(server.url + url, { headers });
			return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
		};

		const { hash } = (await asCommenter.get(`/api/v1/documents/${id}`)).json.content;
		const pdf = await get(`/api/v1/documents/${id}?format=pdf`);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(pdf.headers.get('content-disposition')).toBe(
			`attachment; filename="Caf_ policy.pdf"; filename*=UTF-8''Caf%C3%A9%20policy.pdf`
		);
		const text = pdfText(pdf.body);
		expect(text).toContain(`SHA-256: ${hash}`);
		expect(text).toContain(`Partnership: ${workspace.name}`);
		expect(text).toContain('Version: Current text (not a named version)');
		const docx = await get(`/api/v1/documents/${id}?format=docx`);
		expect(docx.headers.get('content-type')).toBe(DOCX);
		const back = await readWordFile(docx.body);
		const original = await readWordFile(await everyConstructDocx());
		expect(back.content).toEqual(original.content);

		// Members may take the open threads as Word comments and the open suggestions as tracked changes.
		const plainText: string = (await asCommenter.get(`/api/v1/documents/${id}`)).json.content.text;
		const at = (words: string) => ({
			from: plainText.indexOf(words),
			to: plainText.indexOf(words) + words.length
		});
		const thread = await asCommenter.post(`/api/v1/documents/${id}/comments`, {
			range: at('on the day'),
			body: 'Or within a week?'
		});
		expect(thread.status, thread.text).toBe(201);
		const suggestion = await asCommenter.post(`/api/v1/documents/${id}/suggestions`, {
			range: at('their time'),
			replacement: 'their time and expenses'
		});
		expect(suggestion.status, suggestion.text).toBe(201);
		const plain = zipPart((await get(`/api/v1/documents/${id}?format=docx`)).body, 'word/document.xml');
		expect(plain).not.toContain('w:commentRangeStart');
		const annotated = (await get(`/api/v1/documents/${id}?format=docx&comments=true&suggestions=true`)).body;
		const xml = zipPart(annotated, 'word/document.xml');
		expect(xml).toMatch(/<w:commentRangeStart w:id="0"\/>.*on the day.*<w:commentRangeEnd w:id="0"\/>/s);
		expect(xml).toMatch(
			/<w:del [^>]*w:author="Cora Commenter"[^>]*><w:r><w:delText[^>]*>their <\/w:delText>/
		);
		expect(xml).toMatch(/<w:delText[^>]*>time<\/w:delText><\/w:r><\/w:del><w:ins /);
		expect(xml).toMatch(/<w:ins [^>]*w:author="Cora Commenter".*<w:t[^>]*>their time and expenses<\/w:t>/s);
		const notes = zipPart(annotated, 'word/comments.xml');
		expect(notes).toContain('Or within a week?');
		expect(notes).toMatch(/w:author="Cora Commenter/);
		expect((await get(`/api/v1/documents/${id}?format=docx&comments=yes`)).status).toBe(422);

		// Versions: members download any; a visitor only the adopted one.
		const v1 = await apiClient(server, { token }).post(`/api/v1/documents/${id}/versions`, {
			name: 'Board draft'
		});
		const v2 = await apiClient(server, { token }).post(`/api/v1/documents/${id}/versions`, { name: 'Final' });
		const version = await get(`/api/v1/documents/${id}/versions/${v1.json.id}?format=pdf`);
		expect(version.status).toBe(200);
		expect(pdfText(version.body)).toContain('Version: Board draft');
		expect((await get(`/api/v1/documents/${id}/versions/${v1.json.id}?format=odt`)).status).toBe(422);
		db.update(documents)
			.set({ adoptedVersionId: v2.json.id, status: 'decided' })
			.where(eq(documents.id, id))
			.run();
		const visitor = await get(`/api/v1/documents/${id}/versions/${v2.json.id}?format=docx`, {});
		expect(visitor.status).toBe(200);
		expect((await readWordFile(visitor.body)).content).toEqual(original.content);
		const adopted = pdfText(
			(await get(`/api/v1/documents/${id}/versions/${v2.json.id}?format=pdf`, {})).body
		);
		expect(adopted).toContain('Status: Adopted by an approved decision');
		expect(adopted).toContain(`SHA-256: ${v2.json.hash}`);
		expect((await get(`/api/v1/documents/${id}/versions/${v1.json.id}?format=pdf`, {})).status).toBe(401);
		expect((await get(`/api/v1/documents/${id}?format=pdf`, {})).status).toBe(401);
	});

	it('writes a decision record (question, outcome, explanation, tally, ballots, dissent, conflicts, actions, both hashes), a board pack and the review', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1, visibility: 'public' });
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		const docId: string = (
			await fetch(`${server.url}/api/v1/workspaces/${p.workspace.id}/documents`, {
				method: 'POST',
				headers: {
					'content-type': DOCX,
					authorization: `Bearer ${await createToken(db, p.orgs[0].delegate.id)}`
				},
				body: new Blob([new Uint8Array(await everyConstructDocx())])
			}).then((r) => r.json())
		).id;
		const vote = await fac.post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
			question: 'Adopt the involvement payments policy?',
			documentId: docId,
			opensAt: new Date(Date.now() + 3_600_000).toISOString(),
			closesAt: new Date(Date.now() + 7_200_000).toISOString()
		});
		expect(vote.status, vote.text).toBe(201);
		const opened = await fac.post(`/api/v1/votes/${vote.json.id}/open`);
		expect(opened.status, opened.text).toBe(200);
		for (const [i, { org, delegate }] of p.orgs.entries())
			expect(
				(
					await apiClient(server, { cookie: delegate.cookie }).post(`/api/v1/votes/${vote.json.id}/ballots`, {
						organisationId: org.id,
						choice: i === 0 ? 'for' : 'against',
						statement: i === 0 ? 'Pays people fairly.' : 'The rates are too low.'
					})
				).status
			).toBe(201);
		expect(
			(await fac.post(`/api/v1/votes/${vote.json.id}/close`, { reason: 'Everyone has voted' })).status
		).toBe(200);
		const decision = await fac.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'vote',
			voteId: vote.json.id,
			title: 'Involvement payments policy',
			rationale: 'The chambers were split.',
			decidedWhere: 'Partnership board',
			conflicts: [{ name: 'Dana Director', declaration: 'Paid by a provider of the service.' }],
			actions: [
				{ ownerOrganisationId: p.orgs[0].org.id, description: 'Propose new rates.', dueDate: '2099-03-01' }
			]
		});
		expect(decision.status, decision.text).toBe(201);
		const dissent = await apiClient(server, { cookie: p.orgs[1].delegate.cookie }).post(
			`/api/v1/decisions/${decision.json.id}/dissent`,
			{ statement: 'We want this looked at again in six months.' }
		);
		expect(dissent.status, dissent.text).toBe(201);
		const entry = (await getEntry(db, p.workspace.id, decision.json.registerSeq))!;

		const base = `${server.url}/register/${p.workspace.slug}/decisions/${decision.json.id}`;
		const pdf = await fetch(`${base}/record.pdf`);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		const text = pdfText(Buffer.from(await pdf.arrayBuffer())).replace(/\s+/g, ' ');
		for (const words of [
			'Adopt the involvement payments policy?',
			`Outcome ${decision.json.outcome === 'approved' ? 'Approved' : 'Rejected'} by a weighted-equity vote`,
			'Why it passed or failed, in plain words',
			'Pays people fairly.',
			'The rates are too low.',
			'We want this looked at again in six months.',
			'Dana Director: Paid by a provider of the service.',
			'Propose new rates.',
			`SHA-256 of that version: ${decision.json.document.versionHash}`,
			`SHA-256 of the register entry: ${entry.hash}`
		])
			expect(text).toContain(words);
		const docx = await fetch(`${base}/record.docx`);
		expect(docx.headers.get('content-type')).toBe(DOCX);
		const back = await readWordFile(Buffer.from(await docx.arrayBuffer()));
		const headings = back.content.content!.filter((b) => b.type === 'heading').map((b) => b.content![0].text);
		expect(headings).toEqual([
			'Involvement payments policy',
			'Question',
			'Outcome',
			'Reasons',
			'The vote',
			'Why it passed or failed, in plain words',
			'Tally',
			'Ballots',
			// The governance history's changes while the vote was open ("None: …" here).
			'Changes to who votes',
			'Dissent',
			'Declared conflicts of interest',
			'Actions',
			'Document decided',
			'Register entry'
		]);

		// A board pack: the agenda, then the paper at the version pinned to its item.
		const meeting = await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
			title: 'Partnership board',
			startsAt: '2100-10-31T10:00:00Z',
			endsAt: '2100-10-31T12:00:00Z'
		});
		expect(meeting.status, meeting.text).toBe(201);
		await fac.post(`/api/v1/meetings/${meeting.json.id}/agenda`, {
			title: 'Welcome',
			presenter: 'Chair',
			minutes: 5
		});
		const item = await fac.post(`/api/v1/meetings/${meeting.json.id}/agenda`, {
			title: 'Involvement payments',
			documentId: docId
		});
		expect(item.status, item.text).toBe(201);
		const pack = await fetch(
			`${server.url}/w/${p.workspace.slug}/meetings/${meeting.json.id}/board-pack.pdf`,
			{
				headers: { cookie: p.facilitator.cookie }
			}
		);
		expect(pack.status).toBe(200);
		const packText = pdfText(Buffer.from(await pack.arrayBuffer())).replace(/\s+/g, ' ');
		expect(packText).toContain('Board pack: Partnership board');
		expect(packText).toMatch(/1\. Welcome — Chair \(5 minutes\) 2\. Involvement payments/);
		expect(packText).toContain(`SHA-256: ${decision.json.document.versionHash}`);
		expect(packText).toContain('£25 an hour — café');
		expect(packText.indexOf('Agenda')).toBeLessThan(packText.indexOf('£25 an hour'));

		// The 12-month review beside its Markdown and CSV.
		const review = await fetch(`${server.url}/register/${p.workspace.slug}/review.pdf`);
		expect(review.status).toBe(200);
		const reviewText = pdfText(Buffer.from(await review.arrayBuffer())).replace(/\s+/g, ' ');
		expect(reviewText).toContain('Decisions (1)');
		expect(reviewText).toContain('Involvement payments policy');
		expect(reviewText).toContain('Propose new rates.');
		expect(reviewText).toMatch(/SHA-256: [0-9a-f]{64}/);
		// With the ledger's figures, as in the Markdown (no claims here).
		expect(reviewText).toContain(
			'Involvement payments and cost recovery No claims were paid in this period.'
		);
		const reviewDocx = await fetch(`${server.url}/register/${p.workspace.slug}/review.docx`);
		const reviewBack = await readWordFile(Buffer.from(await reviewDocx.arrayBuffer()));
		expect(
			reviewBack.content.content!.filter((b) => b.type === 'heading').map((b) => b.content![0].text)
		).toEqual([
			`Review of decisions and actions: ${p.workspace.name}`,
			'Decisions (1)',
			'Involvement payments policy',
			'Actions (1)',
			'Consultations (0)',
			'Participation by sector',
			'Involvement payments and cost recovery'
		]);
	});
});
