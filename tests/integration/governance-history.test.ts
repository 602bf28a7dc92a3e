// The governance history: each change to who may act and how votes count is recorded with who made it and
// when, in the change's own transaction; facilitators read all of it, members the changes that bear on votes,
// nobody else any; and the database refuses to change or delete an entry.
import { describe, expect, it } from 'vitest';
import { useServer } from '../fixtures/suite.ts';
import { apiClient } from '../fixtures/http.ts';
import { createPartnership, createUser, createWorkspace, addMember } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { rawSql } from '../fixtures/sql.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

type Entry = { kind: string; by: string | null; summary: string; concernsVotes: boolean };

describe('the governance history', () => {
	it('records members, partners and votes changing, and shows members only what bears on votes', async () => {
		const p = await createPartnership(db, { vcse: 2, statutory: 1 });
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const ws = p.workspace.id;
		const [riverside, small] = [p.orgs[0], p.orgs[1]];
		const editor = await createUser(db, { name: 'Eddie Editor' });
		await addMember(db, ws, editor.id, { role: 'editor', organisationId: riverside.org.id });

		// A role only (facilitators see it), then a new voting delegate (everyone sees it).
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/members/${editor.id}`, { role: 'commenter' })).status
		).toBe(200);
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/members/${editor.id}`, { votingDelegate: true })).status
		).toBe(200);
		// An equity flag, then a vote edited, opened early and closed early.
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/partners/${small.org.id}`, { grassroots: true })).status
		).toBe(200);
		const vote = await fran.post(`/api/v1/workspaces/${ws}/votes`, {
			question: 'Adopt the involvement policy?',
			opensAt: '2100-01-01T09:00:00Z',
			closesAt: '2100-01-02T09:00:00Z'
		});
		expect(vote.status).toBe(201);
		expect(
			(await fran.patch(`/api/v1/votes/${vote.json.id}`, { closesAt: '2100-01-03T09:00:00Z' })).status
		).toBe(200);
		expect((await fran.post(`/api/v1/votes/${vote.json.id}/open`, {})).status).toBe(200);
		expect(
			(await fran.post(`/api/v1/votes/${vote.json.id}/close`, { reason: 'Agreed at the board meeting' }))
				.status
		).toBe(200);
		// A refused change records nothing.
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/members/${p.facilitator.id}`, { role: 'editor' })).status
		).toBe(422);

		const all = await fran.get(`/api/v1/workspaces/${ws}/history`);
		expect(all.status).toBe(200);
		expect(all.json.scope).toBe('all');
		const entries = all.json.changes as Entry[];
		expect(entries.map((e) => e.kind)).toEqual([
			'vote.closed',
			'vote.opened',
			'vote.edited',
			'partner.changed',
			'member.changed',
			'member.changed'
		]);
		for (const e of entries) expect(e.by).toBe('Fran Facilitator');
		expect(entries[0].summary).toBe(
			'Vote “Adopt the involvement policy?” closed before its closing time: Agreed at the board meeting'
		);
		expect(entries[2].summary).toBe(
			'Vote “Adopt the involvement policy?” before opening: closing time changed'
		);
		expect(entries[3].summary).toBe(`${small.org.name}: grassroots: no → yes`);
		expect(entries[4].summary).toBe('Eddie Editor: voting delegate: no → yes');
		expect(entries[5]).toMatchObject({
			summary: 'Eddie Editor: role: editor → commenter',
			concernsVotes: false
		});

		// A member sees what bears on votes; the role change is not among them.
		const member = await apiClient(server, { cookie: riverside.delegate.cookie }).get(
			`/api/v1/workspaces/${ws}/history`
		);
		expect(member.json.scope).toBe('votes');
		expect((member.json.changes as Entry[]).map((e) => e.summary)).toEqual(
			entries.slice(0, 5).map((e) => e.summary)
		);
		const page = await apiClient(server, { cookie: riverside.delegate.cookie }).get(
			`/w/${p.workspace.slug}/history`
		);
		expect(page.status).toBe(200);
		expect(page.text).toContain('Eddie Editor: voting delegate: no → yes');
		expect(page.text).not.toContain('role: editor → commenter');

		// Someone from elsewhere sees nothing of it.
		const stranger = await createUser(db, { name: 'Sam Stranger' });
		await createWorkspace(db, { facilitatorId: stranger.id });
		expect(
			(await apiClient(server, { cookie: stranger.cookie }).get(`/api/v1/workspaces/${ws}/history`)).status
		).toBe(404);
		expect((await apiClient(server).get(`/api/v1/workspaces/${ws}/history`)).status).toBe(404);
		expect((await fran.get(`/api/v1/workspaces/${ws}/history?before=nonsense`)).status).toBe(422);
	});

	it('is append-only in the database', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		await fran.patch(`/api/v1/workspaces/${p.workspace.id}/partners/${p.orgs[0].org.id}`, {
			grassroots: true
		});
		const raw = rawSql(db);
		const row = (await raw
			.prepare('SELECT id FROM governance_changes WHERE workspace_id = ?')
			.get<{ id: string }>(p.workspace.id))!;
		expect(row).toBeDefined();
		await expect(
			raw.prepare("UPDATE governance_changes SET summary = 'nothing' WHERE id = ?").run(row.id)
		).rejects.toThrow(/append-only/);
		await expect(raw.prepare('DELETE FROM governance_changes WHERE id = ?').run(row.id)).rejects.toThrow(
			/append-only/
		);
	});
});

describe('a decision record from a vote', () => {
	it('summarises the changes to who votes while the vote was open, naming organisations but no person', async () => {
		const p = await createPartnership(db, { vcse: 2, statutory: 1 });
		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const ws = p.workspace.id;
		const [riverside, small] = [p.orgs[0], p.orgs[1]];
		const deputy = await createUser(db, { name: 'Dana Deputy' });
		await addMember(db, ws, deputy.id, { role: 'editor', organisationId: riverside.org.id });
		// Before the vote: not in the record.
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/partners/${small.org.id}`, { byAndFor: true })).status
		).toBe(200);
		const vote = await fran.post(`/api/v1/workspaces/${ws}/votes`, {
			question: 'Adopt the involvement policy?',
			opensAt: '2100-01-01T09:00:00Z',
			closesAt: '2100-01-02T09:00:00Z'
		});
		expect((await fran.post(`/api/v1/votes/${vote.json.id}/open`, {})).status).toBe(200);
		// While it is open: a new delegate for Riverside, an equity flag, a role change (not about votes).
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/members/${deputy.id}`, { votingDelegate: true })).status
		).toBe(200);
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/partners/${small.org.id}`, { grassroots: true })).status
		).toBe(200);
		expect(
			(await fran.patch(`/api/v1/workspaces/${ws}/members/${deputy.id}`, { role: 'commenter' })).status
		).toBe(200);
		expect(
			(
				await apiClient(server, { cookie: riverside.delegate.cookie }).post(
					`/api/v1/votes/${vote.json.id}/ballots`,
					{ organisationId: riverside.org.id, choice: 'for' }
				)
			).status
		).toBe(201);
		expect(
			(await fran.post(`/api/v1/votes/${vote.json.id}/close`, { reason: 'Agreed at the board meeting' }))
				.status
		).toBe(200);
		const decision = await fran.post(`/api/v1/workspaces/${ws}/decisions`, {
			method: 'vote',
			voteId: vote.json.id,
			title: 'Involvement policy',
			rationale: 'The partners agreed.',
			decidedWhere: 'Partnership board, online'
		});
		expect(decision.status).toBe(201);

		const entries = (await fran.get(`/api/v1/workspaces/${ws}/register`)).json.entries as {
			type: string;
			payload: { governance?: { at: string; summary: string }[] };
		}[];
		const record = entries.find((e) => e.type === 'decision.published')!.payload;
		expect(record.governance!.map((g) => g.summary)).toEqual([
			'Vote “Adopt the involvement policy?” opened before its opening time',
			`Voting delegate for ${riverside.org.name} added`,
			`${small.org.name}: grassroots: no → yes`,
			'Vote “Adopt the involvement policy?” closed before its closing time: Agreed at the board meeting'
		]);
		expect(JSON.stringify(record.governance)).not.toContain('Dana Deputy');

		// The public record says when, in the vote's life, each change came.
		const html = (await fran.get(`/register/${p.workspace.slug}/decisions/${decision.json.id}`)).text;
		expect(html).toContain('Changes to who votes');
		expect(html).toContain(`Voting delegate for ${riverside.org.name} added, `);
		expect(html).toContain('at the close');
		expect(html).not.toContain('Dana Deputy');
	});
});
