import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServer, type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import {
	addMember,
	createOrganisation,
	createPartnership,
	createUser,
	createWorkspace,
	openTestDb,
	type TestUser
} from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { hasChromium, launchBrowser } from '../fixtures/browser.ts';
import { closeDatabase, type DB } from '../../src/lib/server/db/index.ts';
import { rawSql } from '../fixtures/sql.ts';
import { tally } from '../../src/lib/domain/tally.ts';
import { publishedResult, type DecisionPayload } from '../../src/lib/domain/register-record.ts';
import { verifyChain } from '../../src/lib/domain/chain-verify.ts';

let server: TestServer;
let db: DB;
let p: Awaited<ReturnType<typeof createPartnership>>;
let admin: TestUser;
let voteId: string;
let decisionId: string;

const fac = () => apiClient(server, { cookie: p.facilitator.cookie });
const visitor = () => apiClient(server, {});
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function stripFractions(result: unknown) {
	return JSON.parse(JSON.stringify(result), (k, v) => (k === 'display' ? undefined : v));
}

useServer({}, (s) => ({ server, db } = s));

beforeAll(async () => {
	p = await createPartnership(db, { vcse: 3, statutory: 2, grassroots: 1, visibility: 'public' });
	admin = await createUser(db, { name: 'Ada Admin', isAdmin: true });

	// A vote through the votes API: created, opened early, four ballots.
	const created = await fac().post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
		question: 'Adopt the social value policy as drafted?',
		opensAt: new Date(Date.now() + 3_600_000).toISOString(),
		closesAt: new Date(Date.now() + 7_200_000).toISOString()
	});
	expect(created.status, created.text).toBe(201);
	voteId = created.json.id;
	expect((await fac().post(`/api/v1/votes/${voteId}/open`)).status).toBe(200);
	const choices = ['against', 'for', 'for', 'for', 'abstain'] as const;
	for (const [i, { org, delegate }] of p.orgs.entries()) {
		if (i === 4) continue;
		const res = await apiClient(server, { cookie: delegate.cookie }).post(`/api/v1/votes/${voteId}/ballots`, {
			organisationId: org.id,
			choice: choices[i],
			statement: i === 0 ? 'We need more time to consult our members.' : ''
		});
		expect(res.status, res.text).toBe(201);
	}
});

describe('publishing a decision', () => {
	it('refuses to publish from a vote that is still open, and asks for a rationale', async () => {
		const open = await fac().post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'vote',
			voteId,
			title: 'Social value policy',
			rationale: 'Agreed after consultation.',
			decidedWhere: 'Partnership board'
		});
		expect(open.status).toBe(409);
		expect(open.json.error.message).toMatch(/still open/);
		const noRationale = await fac().post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'consensus',
			title: 'x',
			question: 'y?',
			outcome: 'approved',
			decidedAt: new Date().toISOString(),
			decidedWhere: 'Board',
			organisations: [p.orgs[0].org.id],
			rationale: ''
		});
		expect(noRationale.status).toBe(422);
		expect(noRationale.json.error.message).toMatch(/rationale/i);
	});

	it('publishes from a closed vote with its tally, actions and a conflict of interest', async () => {
		expect((await fac().post(`/api/v1/votes/${voteId}/close`, { reason: 'Everyone has voted' })).status).toBe(
			200
		);
		const past = await fac().post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'vote',
			voteId,
			title: 'Social value policy adopted',
			rationale: 'x',
			decidedWhere: 'Board',
			actions: [{ ownerOrganisationId: p.orgs[0].org.id, description: 'Too late', dueDate: '2020-01-01' }]
		});
		expect(past.status).toBe(422);
		expect(past.json.error.message).toMatch(/in the past/);

		const res = await fac().post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'vote',
			voteId,
			title: 'Social value policy adopted',
			rationale: 'The partnership agreed the policy after a four-week consultation.',
			decidedWhere: 'Partnership board meeting, Leeds',
			conflicts: [
				{ name: 'Chris Conflict', organisationId: p.orgs[3].org.id, declaration: 'Trustee of a bidder' }
			],
			actions: [
				{
					ownerOrganisationId: p.orgs[0].org.id,
					description: 'Publish an easy-read summary',
					dueDate: future(30)
				},
				{ ownerOrganisationId: p.orgs[3].org.id, description: 'Brief commissioners', dueDate: future(60) }
			]
		});
		expect(res.status, res.text).toBe(201);
		decisionId = res.json.id;
		expect(res.json.outcome).toBe('approved');

		const stored = await fac().get(`/api/v1/votes/${voteId}/tally`);
		const got = await visitor().get(`/api/v1/decisions/${decisionId}`);
		expect(got.status).toBe(200);
		const record = got.json.record as DecisionPayload;
		expect(record.method).toBe('vote');
		expect(stripFractions(record.vote!.result)).toEqual(stripFractions(publishedResult(stored.json.result)));
		expect(record.vote!.ballots).toHaveLength(4);
		expect(got.json.actions).toHaveLength(2);
		// People are never in the chain: only digests.
		expect(JSON.stringify(record)).not.toContain('Delegate of');
		expect(JSON.stringify(record)).not.toContain('Chris Conflict');

		const again = await fac().post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'vote',
			voteId,
			title: 'Twice',
			rationale: 'x',
			decidedWhere: 'Board'
		});
		expect(again.status).toBe(409);
	});

	it('lets an organisation that took part add one dissent, and owners update actions', async () => {
		const delegate = apiClient(server, { cookie: p.orgs[0].delegate.cookie });
		const d = await delegate.post(`/api/v1/decisions/${decisionId}/dissent`, {
			statement: 'Small groups were not given enough time.'
		});
		expect(d.status, d.text).toBe(201);
		expect(
			(await delegate.post(`/api/v1/decisions/${decisionId}/dissent`, { statement: 'Again' })).status
		).toBe(409);
		// Organisation 5 did not vote, so it did not take part.
		const outsider = apiClient(server, { cookie: p.orgs[4].delegate.cookie });
		expect((await outsider.post(`/api/v1/decisions/${decisionId}/dissent`, { statement: 'No' })).status).toBe(
			409
		);

		const list = await visitor().get(`/api/v1/workspaces/${p.workspace.id}/actions`);
		const mine = list.json.actions.find((a: { owner: { id: string } }) => a.owner.id === p.orgs[0].org.id);
		const patched = await delegate.patch(`/api/v1/actions/${mine.id}`, {
			status: 'in_progress',
			note: 'Draft ready'
		});
		expect(patched.status, patched.text).toBe(200);
		expect(patched.json.status).toBe('in_progress');
		const notOwner = await outsider.patch(`/api/v1/actions/${mine.id}`, { status: 'done' });
		expect(notOwner.status).toBe(403);
	});

	it('serves the register page and downloads with the chain head, open to any origin', async () => {
		const verify = await visitor().get(`/api/v1/workspaces/${p.workspace.id}/register/verify`);
		expect(verify.status).toBe(200);
		expect(verify.json).toMatchObject({ ok: true, entries: 5, tallies: 1, failure: null });
		const page = await fetch(`${server.url}/register/${p.workspace.slug}`);
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(html).toContain(verify.json.head);
		expect(html).toMatch(/Verified: 5 entries/);
		for (const file of ['decisions.json', 'decisions.csv', 'ballots.csv', 'actions.csv', 'feed.atom']) {
			const res = await fetch(`${server.url}/register/${p.workspace.slug}/${file}`);
			expect(res.status, file).toBe(200);
			expect(res.headers.get('access-control-allow-origin'), file).toBe('*');
			expect(res.headers.get('x-register-head'), file).toBe(verify.json.head);
			expect(res.headers.get('x-register-verified'), file).toBe('5 entries');
			expect(await res.text(), file).toContain(verify.json.head);
		}
		// Tally fractions stay text a spreadsheet will not turn into dates (the CSV writer's ' prefix).
		const decisionsCsv = await (
			await fetch(`${server.url}/register/${p.workspace.slug}/decisions.csv`)
		).text();
		expect(decisionsCsv).toMatch(/,'\d+\/\d+,/);
		expect(decisionsCsv).not.toMatch(/,\d+\/\d+,/);
		const review = await fetch(`${server.url}/register/${p.workspace.slug}/review.md`);
		expect(await review.text()).toContain('Social value policy adopted');
	});

	it('recomputes, from the JSON export alone, the tally that the vote stored', async () => {
		const res = await fetch(`${server.url}/register/${p.workspace.slug}/decisions.json`);
		const exported = await res.json();
		const entry = exported.entries.find((e: { type: string }) => e.type === 'decision.published');
		const vote = (entry.payload as DecisionPayload).vote!;
		const recomputed = tally(vote.electorate, vote.ballots, vote.rule);
		const stored = await fac().get(`/api/v1/votes/${voteId}/tally`);
		expect(stripFractions(publishedResult(recomputed))).toEqual(
			stripFractions(publishedResult(stored.json.result))
		);
		expect(recomputed.overall?.fraction).toBe(stored.json.result.overall.fraction);
		expect(verifyChain(exported.entries).ok).toBe(true);
	});

	it('has a standalone script that verifies an export and fails on a tampered one', async () => {
		const res = await fetch(`${server.url}/register/${p.workspace.slug}/decisions.json`);
		const text = await res.text();
		const data = JSON.parse(text);
		const file = path.join(server.dir, 'export.json');
		writeFileSync(file, text);
		// Run without blocking this process, so the client notices the server closing idle connections meanwhile
		// (a blocked event loop would reuse a closed one for the next request).
		const run = (...args: string[]) =>
			new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
				const child = spawn(process.execPath, [path.join(ROOT, 'scripts/verify-register.ts'), ...args]);
				let stdout = '';
				let stderr = '';
				child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
				child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
				child.on('close', (status) => resolve({ status, stdout, stderr }));
			});
		const ok = await run(file, '--head', data.head);
		expect(ok.status, ok.stderr).toBe(0);
		expect(ok.stdout).toMatch(/^VERIFIED: 5 entries/);

		// Flip one ballot in the published decision.
		const tampered = structuredClone(data);
		const published = tampered.entries.find((e: { type: string }) => e.type === 'decision.published');
		const ballot = published.payload.vote.ballots[0];
		ballot.choice = ballot.choice === 'for' ? 'against' : 'for';
		writeFileSync(file, JSON.stringify(tampered));
		const bad = await run(file);
		expect(bad.status).toBe(1);
		expect(bad.stderr).toMatch(new RegExp(`NOT VERIFIED: Entry ${published.seq} has been altered`));

		// A kept head that the export no longer contains.
		writeFileSync(file, text);
		const wrongHead = await run(file, '--head', `2:${'ab'.repeat(32)}`);
		expect(wrongHead.status).toBe(1);
	});

	it('publishes a well-formed Atom feed with the required elements', async () => {
		if (!hasChromium()) throw new Error('Chromium is needed to parse the feed as XML');
		const xml = await (await fetch(`${server.url}/register/${p.workspace.slug}/feed.atom`)).text();
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage();
			const parsed = await page.evaluate((text) => {
				const doc = new DOMParser().parseFromString(text, 'application/xml');
				if (doc.getElementsByTagName('parsererror').length) return { error: doc.documentElement.textContent };
				const ns = 'http://www.w3.org/2005/Atom';
				const root = doc.documentElement;
				const child = (el: Element, name: string) =>
					[...el.children].find((c) => c.namespaceURI === ns && c.localName === name) ?? null;
				return {
					root: root.localName,
					ns: root.namespaceURI,
					feed: ['id', 'title', 'updated', 'author'].map((n) => !!child(root, n)),
					entries: [...root.children]
						.filter((c) => c.localName === 'entry')
						.map((e) => ({
							has: ['id', 'title', 'updated', 'link', 'summary'].map((n) => !!child(e, n)),
							title: child(e, 'title')?.textContent,
							updated: child(e, 'updated')?.textContent
						}))
				};
			}, xml);
			expect(parsed).not.toHaveProperty('error');
			expect(parsed).toMatchObject({
				root: 'feed',
				ns: 'http://www.w3.org/2005/Atom',
				feed: [true, true, true, true]
			});
			expect(parsed.entries).toHaveLength(1);
			expect(parsed.entries![0].has).toEqual([true, true, true, true, true]);
			expect(parsed.entries![0].title).toBe('Social value policy adopted');
			expect(Number.isNaN(Date.parse(parsed.entries![0].updated!))).toBe(false);
		} finally {
			await browser.close();
		}
	});

	it('explains the result of the vote in plain words above its figures on the public record', async () => {
		const html = (await visitor().get(`/register/${p.workspace.slug}/decisions/${decisionId}`)).text;
		const why = html.indexOf(
			'The vote passed: overall support was 79%, more than the threshold of one half, and each chamber reached its quorum'
		);
		expect(why).toBeGreaterThan(-1);
		expect(html).toContain(
			'Of those for or against, 1 is a grassroots or by-and-for organisation, which counts one and a half: it voted against.'
		);
		expect(why).toBeLessThan(html.indexOf('Plain headcount'));
	});
});

describe('the 12-month review', () => {
	it('reports decisions by chamber, actions and consultation responses by sector', async () => {
		const now = Date.now();
		const c = rawSql(db);
		await c
			.prepare(
				'INSERT INTO documents (id, workspace_id, title, kind, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
			)
			.run('docreview', p.workspace.id, 'Social value policy', 'social_value', 'consultation', now, now);
		await c
			.prepare(
				'INSERT INTO consultations (id, workspace_id, document_id, title, content_hash, audience, questions, opened_at, closes_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
			)
			.run(
				'consreview',
				p.workspace.id,
				'docreview',
				'Draft policy consultation',
				'f'.repeat(64),
				'public',
				'["Q?"]',
				now - 86_400_000,
				now + 86_400_000,
				now
			);
		const respond = c.prepare(
			'INSERT INTO consultation_responses (id, consultation_id, respondent_key, organisation_id, answers, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
		);
		for (const [i, orgIndex] of [0, 1, 1, 3].entries())
			await respond.run(`r${i}`, 'consreview', `u:${i}`, p.orgs[orgIndex].org.id, '["yes"]', now, now);

		const md = await (await fetch(`${server.url}/register/${p.workspace.slug}/review.md`)).text();
		expect(md).toContain('## Decisions (1)');
		expect(md).toMatch(/\| VCSE \| 3 \/ 3 \| 2 \| 1 \| 0 \|/);
		expect(md).toContain('| Draft policy consultation |');
		expect(md).toMatch(/\| Draft policy consultation \| [\d-]+ to [\d-]+ \| 4 \| 2 \| 1 \|/);
		const csv = await (await fetch(`${server.url}/register/${p.workspace.slug}/review.csv`)).text();
		expect(csv.split('\r\n')[0]).toMatch(/^section,id,/);
		expect(csv).toMatch(/consultation,consreview,Draft policy consultation,[^,]+,public,,vcse,2,/);
		const html = await (await fetch(`${server.url}/register/${p.workspace.slug}/review`)).text();
		expect(html).toContain('Draft policy consultation');
		expect(html).toContain('How each chamber voted');
	});
});

describe('forms without JavaScript', () => {
	it('publishes a consensus decision, refusing a past due date with a clear message first', async () => {
		const fields = {
			method: 'consensus',
			title: 'Board papers published a week ahead',
			question: 'Should papers go out a week before each meeting?',
			outcome: 'approved',
			decidedAt: '2026-01-15T10:00',
			decidedWhere: 'Board meeting, Bradford',
			organisations: [p.orgs[0].org.id, p.orgs[3].org.id],
			rationale: 'Volunteers need time to read them.',
			attendees: 'Pat Present\nRiley Present',
			conflicts: '',
			dissentDays: '7',
			actionOwner: [p.orgs[3].org.id, '', ''],
			actionDescription: ['Set up the schedule', '', ''],
			actionDue: ['2020-02-01', '', '']
		};
		const url = `/w/${p.workspace.slug}/decisions/new`;
		const bad = await postForm(server, url, fields, { cookie: p.facilitator.cookie });
		expect(bad.status).toBe(422);
		expect(bad.text).toContain('is in the past');
		expect(bad.text).toContain('Board papers published a week ahead');
		const ok = await postForm(
			server,
			url,
			{ ...fields, actionDue: [future(20), '', ''] },
			{ cookie: p.facilitator.cookie }
		);
		expect(ok.status, ok.text.slice(0, 300)).toBe(303);
		const location = ok.headers.get('location')!;
		expect(location).toMatch(new RegExp(`^/w/${p.workspace.slug}/decisions/[a-z0-9]+$`));
		const got = await visitor().get(`/api/v1/decisions/${location.split('/').pop()}`);
		expect(got.json).toMatchObject({
			method: 'consensus',
			outcome: 'approved',
			decidedWhere: 'Board meeting, Bradford'
		});
		expect(got.json.actions).toHaveLength(1);
		const page = await (
			await fetch(`${server.url}/register/${p.workspace.slug}/decisions/${got.json.id}`)
		).text();
		expect(page).toContain('Pat Present');
		// Only facilitators publish.
		const editor = await postForm(server, url, fields, { cookie: p.orgs[0].delegate.cookie });
		expect(editor.status).toBe(403);
	});

	it('describes the register endpoints in the OpenAPI document', async () => {
		const doc = await visitor().get('/api/v1/openapi.json');
		for (const path of [
			'/workspaces/{id}/decisions',
			'/decisions/{id}',
			'/decisions/{id}/dissent',
			'/workspaces/{id}/actions',
			'/actions/{id}',
			'/workspaces/{id}/register',
			'/workspaces/{id}/register/verify'
		])
			expect(doc.json.paths[path], path).toBeTruthy();
	});
});

describe('decided document versions', () => {
	it('records the saved version, shows its text and the diff from the previously decided version', async () => {
		const now = Date.now();
		const c = rawSql(db);
		await c
			.prepare(
				'INSERT INTO documents (id, workspace_id, title, kind, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
			)
			.run('docv', p.workspace.id, 'Reimbursement policy', 'reimbursement', 'decided', now, now);
		const version = c.prepare(
			'INSERT INTO document_versions (id, document_id, name, html, text, hash, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
		);
		await version.run(
			'v1',
			'docv',
			'First draft',
			'<p>x</p>',
			'Expenses are paid within 30 days.',
			'a'.repeat(64),
			Buffer.from([0]),
			now
		);
		await version.run(
			'v2',
			'docv',
			'Final',
			'<p>y</p>',
			'Expenses are paid within 14 days.',
			'b'.repeat(64),
			Buffer.from([0]),
			now + 1
		);
		const publish = (title: string, versionId: string, extra: object = {}) =>
			fac().post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
				method: 'consensus',
				title,
				question: 'Adopt the reimbursement policy?',
				outcome: 'approved',
				decidedAt: new Date(now - 60_000).toISOString(),
				decidedWhere: 'Board',
				organisations: [p.orgs[0].org.id],
				rationale: 'Small groups cannot wait for their money.',
				documentId: 'docv',
				documentVersionId: versionId,
				...extra
			});
		expect((await publish('Wrong version', 'nope')).status).toBe(422);
		expect((await publish('Wrong hash', 'v1', { documentVersionHash: 'c'.repeat(64) })).status).toBe(422);
		const first = await publish('Reimbursement, first reading', 'v1');
		expect(first.status, first.text).toBe(201);
		expect(first.json.document).toMatchObject({ versionId: 'v1', versionHash: 'a'.repeat(64) });
		const second = await publish('Reimbursement, final', 'v2');
		expect(second.status, second.text).toBe(201);

		const html = await (
			await fetch(`${server.url}/register/${p.workspace.slug}/decisions/${second.json.id}`)
		).text();
		expect(html).toContain('Expenses are paid within 14 days.');
		expect(html).toContain('matches the hash published in this record');
		expect(html).toContain('Changes since the previously decided version');
		expect(html).toMatch(/<del[^>]*>(?:(?!<\/del>).)*30(?:(?!<\/del>).)*<\/del>/s);
		expect(html).toMatch(/<ins[^>]*>(?:(?!<\/ins>).)*14(?:(?!<\/ins>).)*<\/ins>/s);
		const firstHtml = await (
			await fetch(`${server.url}/register/${p.workspace.slug}/decisions/${first.json.id}`)
		).text();
		expect(firstHtml).not.toContain('Changes since the previously decided version');
	});
});

describe('appending from two processes at once', () => {
	it('keeps one valid chain, and a second server on the same database refuses to start', async () => {
		// One server per database (src/lib/server/db/lease.ts): the second stops before touching it.
		await expect(startServer({ dbFile: server.dbFile, dir: server.dir })).rejects.toThrow(
			/exited with 1:[\s\S]*Another Parity server is already running on/
		);
		// Another process may still write (the admin command line does): both append at once.
		const before = (await visitor().get(`/api/v1/workspaces/${p.workspace.id}/register/verify`)).json.entries;
		const one = fac();
		const per = 12;
		const other = new Promise<string>((resolve, reject) => {
			const child = spawn(
				process.execPath,
				[
					path.join(ROOT, 'tests/fixtures/append-actions.ts'),
					server.dbFile,
					p.workspace.id,
					p.facilitator.id,
					p.orgs[0].org.id,
					String(per)
				],
				{ stdio: ['ignore', 'pipe', 'pipe'] }
			);
			let out = '';
			child.stdout.on('data', (d) => (out += d));
			child.stderr.on('data', (d) => (out += d));
			child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(out))));
		});
		const results = await Promise.all(
			Array.from({ length: per }, (_, i) =>
				one.post(`/api/v1/workspaces/${p.workspace.id}/actions`, {
					ownerOrganisationId: p.orgs[i % p.orgs.length].org.id,
					description: `Concurrent action ${i}`,
					dueDate: future(10)
				})
			)
		);
		for (const r of results) expect(r.status, r.text).toBe(201);
		expect(await other).toContain(`appended ${per}`);
		const report = await visitor().get(`/api/v1/workspaces/${p.workspace.id}/register/verify`);
		expect(report.json).toMatchObject({ ok: true, entries: before + 2 * per });
		const seqs = await rawSql(db)
			.prepare('SELECT seq, prev FROM register_entries WHERE workspace_id = ? ORDER BY seq')
			.all<{ seq: number; prev: string }>(p.workspace.id);
		expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: before + 2 * per }, (_, i) => i + 1));
		expect(new Set(seqs.map((r) => r.prev)).size).toBe(seqs.length);
	});
});

describe('redaction', () => {
	it("removes one person's details everywhere and the chain still verifies", async () => {
		const name = p.orgs[1].delegate.name;
		const slug = p.workspace.slug;
		const urls = [
			`/register/${slug}/decisions/${decisionId}`,
			`/register/${slug}/decisions.json`,
			`/register/${slug}/ballots.csv`,
			`/api/v1/decisions/${decisionId}`
		];
		const bodies = async () => Promise.all(urls.map(async (u) => (await fetch(server.url + u)).text()));
		expect((await bodies())[0]).toContain(name);
		expect((await bodies())[1]).toContain(name);

		const adminApi = apiClient(server, { cookie: admin.cookie });
		expect((await fac().get(`/api/v1/workspaces/${p.workspace.id}/register/redactions`)).status).toBe(403);
		const people = await adminApi.get(`/api/v1/workspaces/${p.workspace.id}/register/redactions`);
		const person = people.json.people.find((x: { name: string }) => x.name === name);
		expect(person).toBeTruthy();
		const red = await adminApi.post(`/api/v1/workspaces/${p.workspace.id}/register/redactions`, {
			person: person.key,
			reason: 'Lawful erasure request'
		});
		expect(red.status, red.text).toBe(201);

		for (const [i, body] of (await bodies()).entries()) expect(body, urls[i]).not.toContain(name);
		const other = p.orgs[2].delegate.name;
		expect((await bodies())[1]).toContain(other);

		const verify = await visitor().get(`/api/v1/workspaces/${p.workspace.id}/register/verify`);
		expect(verify.json.ok).toBe(true);
		const exported = await (await fetch(`${server.url}/register/${slug}/decisions.json`)).json();
		expect(exported.entries.at(-1).type).toBe('personal.redacted');
		expect(JSON.stringify(exported.entries.at(-1))).not.toContain(name);
		// The workspace's governance history says a removal took place and why, never whose details.
		const history = await fac().get(`/api/v1/workspaces/${p.workspace.id}/history`);
		const removal = history.json.changes.find((c: { kind: string }) => c.kind === 'register.redacted');
		expect(removal.summary).toMatch(
			/^A person's details removed from the register \(\d+ places?, entry \d+\): Lawful erasure request$/
		);
		expect(JSON.stringify(history.json)).not.toContain(name);
	});
});

describe('rate limits', () => {
	it('answers 429 to an address that downloads too often, and keeps serving the pages', async () => {
		const limited = await startServer({ env: { REGISTER_RATE_LIMIT: '3' } });
		try {
			const ldb = openTestDb(limited.dbFile);
			const ws = await createWorkspace(ldb, { visibility: 'public' });
			await closeDatabase(ldb);
			const statuses: number[] = [];
			for (let i = 0; i < 5; i++)
				statuses.push((await fetch(`${limited.url}/register/${ws.slug}/decisions.csv`)).status);
			expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
			expect(statuses.slice(3)).toEqual([429, 429]);
			const verify = await fetch(`${limited.url}/api/v1/workspaces/${ws.id}/register/verify`);
			expect(verify.status).toBe(429);
			expect((await verify.json()).error.code).toBe('rate_limited');
			expect((await fetch(`${limited.url}/register/${ws.slug}`)).status).toBe(200);
		} finally {
			await limited.stop();
			limited.cleanup();
		}
	});
});

describe('a private register', () => {
	it('is 404 to visitors and non-members, and readable by members', async () => {
		const member = await createUser(db, { name: 'Member Mo' });
		const stranger = await createUser(db, { name: 'Stranger Sam' });
		const ws = await createWorkspace(db, { visibility: 'private' });
		const org = await createOrganisation(db);
		await addMember(db, ws.id, member.id, { role: 'observer', organisationId: org.id });
		for (const path of [
			`/register/${ws.slug}`,
			`/register/${ws.slug}/decisions.json`,
			`/register/${ws.slug}/feed.atom`,
			`/api/v1/workspaces/${ws.id}/decisions`,
			`/api/v1/workspaces/${ws.id}/register/verify`
		]) {
			expect((await fetch(server.url + path)).status, path).toBe(404);
			expect((await fetch(server.url + path, { headers: { cookie: stranger.cookie } })).status, path).toBe(
				404
			);
			const res = await fetch(server.url + path, { headers: { cookie: member.cookie } });
			expect(res.status, path).toBe(200);
			expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
		}
	});
});
