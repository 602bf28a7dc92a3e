import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINE, type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import {
	addMember,
	createPartnership,
	createToken,
	createUser,
	openTestDb,
	type TestUser
} from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { closeDatabase, first, type DB } from '../../src/lib/server/db/index.ts';
import { rawSql } from '../fixtures/sql.ts';
import { ballotChanges, ballots, votes, workspacePartners } from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;

const suite = useServer({}, (s) => ({ server, db } = s));

const HOUR = 3600_000;
const as = (user: TestUser) => apiClient(server, { cookie: user.cookie });

async function newVote(facilitator: TestUser, workspaceId: string, body: Record<string, unknown> = {}) {
	const res = await as(facilitator).post(`/api/v1/workspaces/${workspaceId}/votes`, {
		question: 'Adopt the social value policy?',
		opensAt: new Date(Date.now() + HOUR).toISOString(),
		closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
		...body
	});
	expect(res.status, res.text).toBe(201);
	return res.json as { id: string; status: string };
}

async function openVote(facilitator: TestUser, workspaceId: string, body: Record<string, unknown> = {}) {
	const vote = await newVote(facilitator, workspaceId, body);
	const res = await as(facilitator).post(`/api/v1/votes/${vote.id}/open`);
	expect(res.status, res.text).toBe(200);
	expect(res.json.status).toBe('open');
	return res.json as { id: string; electorate: { organisationId: string; weight: string }[] };
}

describe('votes through the real server', () => {
	it('runs the worked example end to end and publishes exact figures', async () => {
		const p = await createPartnership(db, { vcse: 6, statutory: 3, grassroots: 2 });
		// The third VCSE organisation is "by and for".
		await db
			.update(workspacePartners)
			.set({ byAndFor: true })
			.where(eq(workspacePartners.organisationId, p.orgs[2].org.id));
		const vote = await openVote(p.facilitator, p.workspace.id);
		expect(vote.electorate.map((e) => e.weight).sort()).toEqual(
			['1/1', '1/1', '1/1', '1/1', '1/1', '1/1', '3/2', '3/2', '3/2'].sort()
		);
		const choices = ['against', 'against', 'for', 'for', 'against', 'against', 'for', 'for', 'for'];
		for (const [i, { org, delegate }] of p.orgs.entries()) {
			const res = await as(delegate).post(`/api/v1/votes/${vote.id}/ballots`, {
				organisationId: org.id,
				choice: choices[i],
				statement: i === 0 ? 'Not ready yet.' : undefined
			});
			expect(res.status, res.text).toBe(201);
		}
		// While totals are hidden only turnout shows.
		const hidden = await as(p.orgs[0].delegate).get(`/api/v1/votes/${vote.id}/tally`);
		expect(hidden.status).toBe(200);
		expect(hidden.json.result).toBeNull();
		expect(hidden.json.turnout).toEqual([
			{ chamber: 'vcse', cast: 6, eligible: 6, turnout: { fraction: '1/1', display: '1.000' } },
			{ chamber: 'statutory', cast: 3, eligible: 3, turnout: { fraction: '1/1', display: '1.000' } }
		]);
		const page = `/w/${p.workspace.slug}/votes/${vote.id}`;
		const before = await as(p.orgs[0].delegate).get(page);
		// The rule in words from its parameters; nothing that reveals the totals before the close.
		expect(before.text).toContain(
			'VCSE organisations confirmed as grassroots or by-and-for count one and a half; every other organisation counts once.'
		);
		expect(before.text).toContain('6 of 6 organisations have voted (100%).');
		expect(before.text).not.toMatch(/The vote (passed|failed)|Counted one per organisation/);
		const close = await as(p.facilitator).post(`/api/v1/votes/${vote.id}/close`, {
			reason: 'Everyone has voted.'
		});
		expect(close.status, close.text).toBe(200);
		const t = await as(p.orgs[0].delegate).get(`/api/v1/votes/${vote.id}/tally`);
		expect(t.json.final).toBe(true);
		expect(t.json.result.overall).toEqual({ fraction: '2/3', display: '0.667' });
		expect(t.json.result.chambers.map((c: { support: { fraction: string } }) => c.support.fraction)).toEqual([
			'1/3',
			'1/1'
		]);
		expect(t.json.result.passes).toBe(true);
		expect(t.json.result.headcount).toMatchObject({ for: 5, against: 4 });
		expect(t.json.ballots).toHaveLength(9);
		expect(t.text).not.toMatch(/\d\.\d{4,}/); // no long floats anywhere in the published tally
		const v = await as(p.facilitator).get(`/api/v1/votes/${vote.id}`);
		expect(v.json).toMatchObject({ status: 'closed', closedReason: 'Everyone has voted.' });
		// After the close the page says why, in one paragraph, above every figure.
		const after = (await as(p.orgs[0].delegate).get(page)).text;
		const why = after.indexOf(
			'The vote passed: overall support was two thirds, more than the threshold of one half, and each chamber reached its quorum'
		);
		expect(why).toBeGreaterThan(-1);
		expect(after).toContain(
			'3 are grassroots or by-and-for organisations, which count one and a half each: 1 voted for and 2 against.'
		);
		expect(after).toContain('Counted one per organisation, 5 voted for and 4 against.');
		expect(why).toBeLessThan(after.indexOf('Plain headcount'));
		expect(why).toBeLessThan(after.indexOf('Overall weighted support is 0.667'));
	});

	it('answers 201 for a new ballot and 200 when it replaces one, logging every change', async () => {
		const p = await createPartnership(db);
		const vote = await openVote(p.facilitator, p.workspace.id);
		const { org, delegate } = p.orgs[0];
		const first = await as(delegate).post(`/api/v1/votes/${vote.id}/ballots`, {
			organisationId: org.id,
			choice: 'for'
		});
		expect(first.status).toBe(201);
		const second = await as(delegate).post(`/api/v1/votes/${vote.id}/ballots`, {
			organisationId: org.id,
			choice: 'against',
			statement: 'We changed our mind after the meeting.'
		});
		expect(second.status).toBe(200);
		expect(second.json).toMatchObject({ choice: 'against', replaced: true });
		const log = await db.select().from(ballotChanges).where(eq(ballotChanges.voteId, vote.id));
		expect(log.map((l) => [l.action, l.choice, l.userId])).toEqual([
			['cast', 'for', delegate.id],
			['changed', 'against', delegate.id]
		]);
		const mine = await as(delegate).get(`/api/v1/votes/${vote.id}/ballots`);
		expect(mine.json.ballots).toEqual([
			expect.objectContaining({ organisationId: org.id, choice: 'against', castBy: delegate.name })
		]);
		// Another organisation's delegate does not see it while totals are hidden.
		const other = await as(p.orgs[1].delegate).get(`/api/v1/votes/${vote.id}/ballots`);
		expect(other.json.ballots).toEqual([]);
	});

	it('keeps exactly one ballot when 50 submissions for one organisation arrive at once', async () => {
		const p = await createPartnership(db);
		const vote = await openVote(p.facilitator, p.workspace.id);
		const { org, delegate } = p.orgs[0];
		const client = as(delegate);
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				client.post(`/api/v1/votes/${vote.id}/ballots`, {
					organisationId: org.id,
					choice: (['for', 'against', 'abstain'] as const)[i % 3]
				})
			)
		);
		const statuses = results.map((r) => r.status);
		expect(statuses.filter((s) => s >= 500)).toEqual([]);
		expect(statuses.filter((s) => s === 201)).toHaveLength(1);
		expect(statuses.filter((s) => s === 200)).toHaveLength(49);
		const rows = await db.select().from(ballots).where(eq(ballots.voteId, vote.id));
		expect(rows).toHaveLength(1);
		expect(await db.select().from(ballotChanges).where(eq(ballotChanges.voteId, vote.id))).toHaveLength(50);
	});

	it('has a database constraint against a second ballot for the same organisation', async () => {
		const p = await createPartnership(db);
		const vote = await openVote(p.facilitator, p.workspace.id);
		const insert = rawSql(db).prepare(
			'INSERT INTO ballots (id, vote_id, organisation_id, choice, statement, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
		);
		await insert.run('ballot-one', vote.id, p.orgs[0].org.id, 'for', '', Date.now(), Date.now());
		await expect(
			insert.run('ballot-two', vote.id, p.orgs[0].org.id, 'against', '', Date.now(), Date.now())
			// A unique violation, in either engine's words.
		).rejects.toMatchObject({ code: ENGINE === 'postgres' ? '23505' : 'SQLITE_CONSTRAINT_UNIQUE' });
		// Another organisation in the same vote is fine.
		await insert.run('ballot-three', vote.id, p.orgs[1].org.id, 'against', '', Date.now(), Date.now());
	});

	it('refuses a ballot after the close, whether closed early or by the clock', async () => {
		const p = await createPartnership(db);
		const early = await openVote(p.facilitator, p.workspace.id);
		expect((await as(p.facilitator).post(`/api/v1/votes/${early.id}/close`, { reason: 'x' })).status).toBe(
			422
		);
		expect(
			(await as(p.facilitator).post(`/api/v1/votes/${early.id}/close`, { reason: 'Meeting decided.' })).status
		).toBe(200);
		const late = await as(p.orgs[0].delegate).post(`/api/v1/votes/${early.id}/ballots`, {
			organisationId: p.orgs[0].org.id,
			choice: 'for'
		});
		expect(late.status).toBe(409);
		expect(late.json.error.message).toMatch(/closed/);

		// A vote whose closing time has passed, before any scheduler tick closed it.
		const timed = await openVote(p.facilitator, p.workspace.id);
		await db
			.update(votes)
			.set({ closesAt: Date.now() - 1 })
			.where(eq(votes.id, timed.id));
		const after = await as(p.orgs[1].delegate).post(`/api/v1/votes/${timed.id}/ballots`, {
			organisationId: p.orgs[1].org.id,
			choice: 'for'
		});
		expect(after.status).toBe(409);
		expect(await db.select().from(ballots).where(eq(ballots.voteId, timed.id))).toHaveLength(0);
		const row = first(await db.select().from(votes).where(eq(votes.id, timed.id)));
		expect(row.status).toBe('closed');
		expect(row.closedReason).toBe('scheduled');
	});

	it('freezes weights at the opening: later flag changes change nothing', async () => {
		const p = await createPartnership(db, { vcse: 2, statutory: 1 });
		const vote = await openVote(p.facilitator, p.workspace.id);
		const vcse1 = p.orgs[0].org.id;
		expect(vote.electorate.find((e) => e.organisationId === vcse1)?.weight).toBe('1/1');
		// The facilitator confirms the flag after the opening.
		await db
			.update(workspacePartners)
			.set({ grassroots: true })
			.where(eq(workspacePartners.organisationId, vcse1));
		await as(p.orgs[0].delegate).post(`/api/v1/votes/${vote.id}/ballots`, {
			organisationId: vcse1,
			choice: 'for'
		});
		await as(p.orgs[1].delegate).post(`/api/v1/votes/${vote.id}/ballots`, {
			organisationId: p.orgs[1].org.id,
			choice: 'against'
		});
		await as(p.orgs[2].delegate).post(`/api/v1/votes/${vote.id}/ballots`, {
			organisationId: p.orgs[2].org.id,
			choice: 'for'
		});
		await as(p.facilitator).post(`/api/v1/votes/${vote.id}/close`, { reason: 'All voted.' });
		const t = await as(p.facilitator).get(`/api/v1/votes/${vote.id}/tally`);
		expect(t.json.electorate.find((e: { organisationId: string }) => e.organisationId === vcse1).weight).toBe(
			'1/1'
		);
		expect(t.json.result.chambers[0].support.fraction).toBe('1/2'); // 1 for, 1 against: no uplift
		// And a later vote uses the new flag.
		const next = await openVote(p.facilitator, p.workspace.id);
		expect(next.electorate.find((e) => e.organisationId === vcse1)?.weight).toBe('3/2');
	});

	it('lets only the organisation’s voting delegate, or a facilitator assisting, cast its ballot', async () => {
		const p = await createPartnership(db);
		const vote = await openVote(p.facilitator, p.workspace.id);
		const org = p.orgs[0].org;
		const body = { organisationId: org.id, choice: 'for' };

		const colleague = await createUser(db, { name: 'Not a delegate' });
		await addMember(db, p.workspace.id, colleague.id, {
			role: 'editor',
			organisationId: org.id,
			votingDelegate: false
		});
		expect((await as(colleague).post(`/api/v1/votes/${vote.id}/ballots`, body)).status).toBe(403);

		const observer = await createUser(db, { name: 'Observer' });
		await addMember(db, p.workspace.id, observer.id, {
			role: 'observer',
			organisationId: org.id,
			votingDelegate: true
		});
		const obs = await as(observer).post(`/api/v1/votes/${vote.id}/ballots`, body);
		expect(obs.status).toBe(403);
		expect(obs.json.error.message).toMatch(/Observers cannot vote/);

		const stranger = await createUser(db, { name: 'Stranger' });
		expect((await as(stranger).post(`/api/v1/votes/${vote.id}/ballots`, body)).status).toBe(404);
		expect((await apiClient(server).post(`/api/v1/votes/${vote.id}/ballots`, body)).status).toBe(404);
		// The private workspace's vote is invisible to the stranger everywhere: API and pages.
		for (const path of [`/api/v1/votes/${vote.id}`, `/api/v1/votes/${vote.id}/tally`])
			expect((await as(stranger).get(path)).status, path).toBe(404);
		for (const path of ['', '/result'])
			expect((await as(stranger).get(`/w/${p.workspace.slug}/votes/${vote.id}${path}`)).status, path).toBe(
				404
			);
		// The delegate's read-only token cannot cast; a write token can (tested below through the session).
		const readOnly = await createToken(db, p.orgs[0].delegate.id, { scope: 'read' });
		const viaRead = await apiClient(server, { token: readOnly }).post(
			`/api/v1/votes/${vote.id}/ballots`,
			body
		);
		expect(viaRead.status).toBe(403);
		expect(viaRead.json.error.message).toMatch(/read-only/);

		// A delegate of another organisation cannot vote for this one.
		expect((await as(p.orgs[1].delegate).post(`/api/v1/votes/${vote.id}/ballots`, body)).status).toBe(403);
		// A facilitator must say the ballot is assisted; then it is recorded and marked.
		expect((await as(p.facilitator).post(`/api/v1/votes/${vote.id}/ballots`, body)).status).toBe(403);
		const assisted = await as(p.facilitator).post(`/api/v1/votes/${vote.id}/ballots`, {
			...body,
			assisted: true
		});
		expect(assisted.status).toBe(201);
		expect(assisted.json.assisted).toBe(true);
		const row = first(await db.select().from(ballots).where(eq(ballots.voteId, vote.id)));
		expect(row.assistedBy).toBe(p.facilitator.id);
		// A delegate may not mark their ballot as assisted.
		expect(
			(await as(p.orgs[0].delegate).post(`/api/v1/votes/${vote.id}/ballots`, { ...body, assisted: true }))
				.status
		).toBe(403);
		// Nobody but a facilitator opens, edits or closes.
		expect(
			(await as(p.orgs[0].delegate).post(`/api/v1/votes/${vote.id}/close`, { reason: 'Because.' })).status
		).toBe(403);
		expect((await as(p.orgs[0].delegate).post(`/api/v1/workspaces/${p.workspace.id}/votes`, {})).status).toBe(
			403
		);
	});

	it('rejects invalid rules and times with clear messages', async () => {
		const p = await createPartnership(db);
		const post = (body: Record<string, unknown>) =>
			as(p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
				question: 'A valid question?',
				opensAt: new Date(Date.now() + HOUR).toISOString(),
				closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
				...body
			});
		const cases: [Record<string, unknown>, RegExp][] = [
			[{ rule: { uplift: '-1.5' } }, /equity uplift cannot be negative/],
			[{ rule: { shares: { vcse: '0' } } }, /VCSE chamber's share must be greater than 0/],
			[{ rule: { shares: { statutory: -1 } } }, /statutory chamber's share must be greater than 0/],
			[{ rule: { quorum: '1.2' } }, /quorum must be between 0 and 1/],
			[{ rule: { threshold: '-0.1' } }, /threshold must be between 0 and 1/],
			[{ rule: { threshold: '0.12345' } }, /at most 4 decimal places/],
			[
				{ closesAt: new Date(Date.now() + HOUR / 2).toISOString() },
				/closing time must be after the opening time/
			],
			[{ opensAt: new Date(Date.now() - 2 * HOUR).toISOString() }, /opening time is in the past/],
			[{ rule: { uplift: '2', colour: 'red' } }, /Unknown field/],
			[{ question: '' }, /at least 3 characters/]
		];
		for (const [body, message] of cases) {
			const res = await post(body);
			expect(res.status, JSON.stringify(body)).toBe(422);
			expect(res.json.error.message, JSON.stringify(body)).toMatch(message);
		}
		const bad = await apiClient(server, { cookie: p.facilitator.cookie }).post(
			`/api/v1/workspaces/${p.workspace.id}/votes`,
			'{not json'
		);
		expect(bad.status).toBe(400);

		// A linked version must belong to the linked document.
		const doc = await as(p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/documents`, {
			title: 'Social value policy',
			kind: 'social_value'
		});
		expect(doc.status, doc.text).toBe(201);
		const versionCases: [Record<string, unknown>, RegExp][] = [
			[{ documentVersionId: 'no-such-version' }, /Choose the document the version belongs to/],
			[{ documentId: doc.json.id, documentVersionId: 'no-such-version' }, /not a version of that document/]
		];
		for (const [body, message] of versionCases) {
			const res = await post(body);
			expect(res.status, JSON.stringify(body)).toBe(422);
			expect(res.json.error.message, JSON.stringify(body)).toMatch(message);
		}
	});

	it('allows edits before the opening and refuses them after', async () => {
		const p = await createPartnership(db);
		const vote = await newVote(p.facilitator, p.workspace.id);
		const edit = await as(p.facilitator).patch(`/api/v1/votes/${vote.id}`, {
			rule: { uplift: '2' },
			question: 'Better question?'
		});
		expect(edit.status, edit.text).toBe(200);
		expect(edit.json.rule).toMatchObject({ uplift: '2', threshold: '0.5' });
		expect(
			(await as(p.facilitator).patch(`/api/v1/votes/${vote.id}`, { rule: { quorum: '3' } })).status
		).toBe(422);
		await as(p.facilitator).post(`/api/v1/votes/${vote.id}/open`);
		const late = await as(p.facilitator).patch(`/api/v1/votes/${vote.id}`, { question: 'Too late?' });
		expect(late.status).toBe(409);
		expect((await as(p.facilitator).get(`/api/v1/votes/${vote.id}`)).json.question).toBe('Better question?');
	});

	it('works through the pages without JavaScript, reading times in the workspace’s zone', async () => {
		const p = await createPartnership(db);
		const base = `/w/${p.workspace.slug}/votes`;
		const year = new Date().getUTCFullYear() + 1;
		const fields = {
			question: 'Adopt the reimbursement policy?',
			explanation: '',
			documentId: '',
			opensAt: `${year}-07-01T09:30`,
			closesAt: `${year}-07-08T17:00`,
			electorateMode: 'chosen',
			electorate: [p.orgs[0].org.id, p.orgs[2].org.id],
			uplift: '2',
			shareVcse: '0.6',
			shareStatutory: '0.4',
			quorum: '0.5',
			threshold: '0.5'
		};
		const bad = await postForm(
			server,
			`${base}/new`,
			{ ...fields, threshold: '1.5' },
			{ cookie: p.facilitator.cookie }
		);
		expect(bad.status).toBe(422);
		expect(bad.text).toContain('The threshold must be between 0 and 1');
		expect(bad.text).toContain('Adopt the reimbursement policy?'); // what was typed comes back
		const made = await postForm(server, `${base}/new`, fields, { cookie: p.facilitator.cookie });
		expect(made.status).toBe(303);
		const id = made.headers.get('location')!.split('/').pop()!;
		const row = first(await db.select().from(votes).where(eq(votes.id, id)));
		// Europe/London is on summer time (UTC+1) in July.
		expect(row.opensAt).toBe(Date.UTC(year, 6, 1, 8, 30));
		expect(row.closesAt).toBe(Date.UTC(year, 6, 8, 16, 0));
		expect(row.rule).toEqual({
			uplift: '2',
			shares: { vcse: '0.6', statutory: '0.4' },
			quorum: '0.5',
			threshold: '0.5',
			dualMajority: false
		});
		expect(row.electorateChoice).toEqual([p.orgs[0].org.id, p.orgs[2].org.id]);

		const opened = await postForm(server, `${base}/${id}?/open`, {}, { cookie: p.facilitator.cookie });
		expect(opened.status).toBe(200);
		expect(first(await db.select().from(votes).where(eq(votes.id, id))).electorate).toHaveLength(2);
		const cast = await postForm(
			server,
			`${base}/${id}?/cast`,
			{ choice: 'for', statement: 'Long overdue.' },
			{ cookie: p.orgs[0].delegate.cookie }
		);
		expect(cast.status).toBe(200);
		// A browser sends a line break as CR LF but counts it as one character towards maxlength="2000".
		const lines = await postForm(
			server,
			`${base}/${id}?/cast`,
			{ choice: 'for', statement: 'x'.repeat(999) + '\r\n' + 'x'.repeat(1000) },
			{ cookie: p.orgs[0].delegate.cookie }
		);
		expect(lines.status).toBe(200);
		// Too long a statement re-renders the form with the message and what was typed, not an error page.
		const long = await postForm(
			server,
			`${base}/${id}?/cast`,
			{ choice: 'against', statement: 'Too long. ' + 'y'.repeat(2000) },
			{ cookie: p.orgs[0].delegate.cookie }
		);
		// The same 422 as the API answers for the same ballot (one command behind both).
		expect(long.status).toBe(422);
		expect(long.text).toContain('Keep the statement under 2000 characters.');
		expect(long.text).toContain('Too long. yyy');
		const noOrg = await postForm(
			server,
			`${base}/${id}?/assisted`,
			{ organisationId: '', choice: 'for' },
			{ cookie: p.facilitator.cookie }
		);
		expect(noOrg.status).toBe(422);
		expect(noOrg.text).toContain('Name the organisation the ballot is for.');
		// The second VCSE organisation is not in this vote's electorate.
		const outside = await postForm(
			server,
			`${base}/${id}?/cast`,
			{ choice: 'for' },
			{ cookie: p.orgs[1].delegate.cookie }
		);
		expect(outside.status).toBe(403);
		const page = await apiClient(server, { cookie: p.orgs[0].delegate.cookie }).get(`${base}/${id}`);
		expect(page.status).toBe(200);
		expect(page.text).toMatch(/VCSE org 1<!---->\s*voted|VCSE org 1 voted/);
		const closed = await postForm(
			server,
			`${base}/${id}?/close`,
			{ reason: 'Agreed at the board.' },
			{ cookie: p.facilitator.cookie }
		);
		expect(closed.status).toBe(303);
		const result = await apiClient(server, { cookie: p.orgs[2].delegate.cookie }).get(`${base}/${id}/result`);
		expect(result.status).toBe(200);
		expect(result.text).toContain('Agreed at the board.');
		expect(result.text).toMatch(/<figure class="tally-chart[ "]/); // drawn on the server, no script needed
		expect(result.text).toContain(
			'The vote failed because the statutory chamber did not reach its quorum: 0 of its 1 organisation voted (0%), and at least one half of its organisations had to.'
		);
	});

	it('edits a vote through its form until it opens, and refuses afterwards', async () => {
		const p = await createPartnership(db);
		const vote = await newVote(p.facilitator, p.workspace.id);
		const edit = `/w/${p.workspace.slug}/votes/${vote.id}/edit`;
		const form = await apiClient(server, { cookie: p.facilitator.cookie }).get(edit);
		expect(form.status).toBe(200);
		const value = (name: string) =>
			new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.text)?.[1] ?? '';
		const fields = {
			question: 'Adopt the procurement principles?',
			opensAt: value('opensAt'),
			closesAt: value('closesAt'),
			electorateMode: 'all',
			uplift: '1.75',
			shareVcse: '0.5',
			shareStatutory: '0.5',
			quorum: '0.6',
			threshold: '0.5',
			dualMajority: 'on'
		};
		expect(fields.opensAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
		const saved = await postForm(server, edit, fields, { cookie: p.facilitator.cookie });
		expect(saved.status).toBe(303);
		const row = first(await db.select().from(votes).where(eq(votes.id, vote.id)));
		expect(row.question).toBe('Adopt the procurement principles?');
		expect(row.rule).toMatchObject({ uplift: '1.75', quorum: '0.6', dualMajority: true });
		const delegate = await postForm(server, edit, fields, { cookie: p.orgs[0].delegate.cookie });
		expect(delegate.status).toBe(403);
		await as(p.facilitator).post(`/api/v1/votes/${vote.id}/open`);
		const late = await postForm(
			server,
			edit,
			{ ...fields, question: 'Too late?' },
			{ cookie: p.facilitator.cookie }
		);
		expect(late.status).toBe(409);
		expect(first(await db.select().from(votes).where(eq(votes.id, vote.id))).question).toBe(
			'Adopt the procurement principles?'
		);
	});

	it('lists votes in the OpenAPI document', async () => {
		const doc = await apiClient(server).get('/api/v1/openapi.json');
		expect(Object.keys(doc.json.paths)).toEqual(
			expect.arrayContaining([
				'/workspaces/{id}/votes',
				'/votes/{id}',
				'/votes/{id}/ballots',
				'/votes/{id}/close',
				'/votes/{id}/tally'
			])
		);
	});

	it('opens and closes a vote at its times with nobody visiting', async () => {
		const p = await createPartnership(db);
		const start = Date.now();
		const vote = await newVote(p.facilitator, p.workspace.id, {
			opensAt: start + 1500,
			closesAt: start + 3000
		});
		const row = async () => first(await db.select().from(votes).where(eq(votes.id, vote.id)));
		await expect.poll(async () => (await row()).status, { timeout: 10_000, interval: 100 }).toBe('open');
		expect((await row()).openedAt).toBeGreaterThanOrEqual(start + 1500);
		await expect.poll(async () => (await row()).status, { timeout: 10_000, interval: 100 }).toBe('closed');
		expect(await row()).toMatchObject({ closedReason: 'scheduled', closedAt: start + 3000 });
		expect((await row()).result?.passes).toBe(false);
	});

	it('opens and closes on start the votes whose times passed while the server was down', async () => {
		const p = await createPartnership(db);
		const both = await newVote(p.facilitator, p.workspace.id);
		const opening = await newVote(p.facilitator, p.workspace.id);
		const running = await openVote(p.facilitator, p.workspace.id);
		await as(p.orgs[0].delegate).post(`/api/v1/votes/${running.id}/ballots`, {
			organisationId: p.orgs[0].org.id,
			choice: 'for'
		});
		await server.stop();
		await closeDatabase(db);

		const offline = openTestDb(server.dbFile);
		const now = Date.now();
		await offline
			.update(votes)
			.set({ opensAt: now - 3 * HOUR, closesAt: now - 2 * HOUR })
			.where(eq(votes.id, both.id));
		await offline
			.update(votes)
			.set({ opensAt: now - HOUR, closesAt: now + HOUR })
			.where(eq(votes.id, opening.id));
		await offline
			.update(votes)
			.set({ opensAt: now - 2 * HOUR, openedAt: now - 2 * HOUR, closesAt: now - HOUR })
			.where(eq(votes.id, running.id));
		await closeDatabase(offline);

		await suite.restart();
		// The scheduler has caught up on start, before any request reads these votes.
		const status = async (id: string) => first(await db.select().from(votes).where(eq(votes.id, id)));
		expect(await status(both.id)).toMatchObject({ status: 'closed', closedReason: 'scheduled' });
		expect((await status(both.id)).electorate).toHaveLength(3);
		expect((await status(both.id)).result?.passes).toBe(false);
		expect(await status(opening.id)).toMatchObject({ status: 'open' });
		expect((await status(opening.id)).electorate).toHaveLength(3);
		expect(await status(running.id)).toMatchObject({ status: 'closed', closedAt: now - HOUR });
		expect((await status(running.id)).result?.headcount.for).toBe(1);
	});
});
