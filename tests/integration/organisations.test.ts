// Organisations belong to no workspace: acting for one in a workspace gives no right over it, each workspace
// keeps its own record of its partners (the chamber its votes read), the directory shows verified
// organisations, and a token limited to some workspaces reaches nothing outside them.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { useServer } from '../fixtures/suite.ts';
import { ENGINE, ROOT, startServer, type TestServer } from '../fixtures/server.ts';
import {
	addMember,
	addPartner,
	createOrganisation,
	createPartnership,
	createToken,
	createUser,
	createWorkspace,
	openTestDb,
	type TestUser
} from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/index.ts';
import { generateSessionToken, openSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { validateRule } from '../../src/lib/domain/vote-rule.ts';
import {
	decisionConflicts,
	organisationMembers,
	registerPersonal
} from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

const HOUR = 3600_000;
const as = (user: TestUser) => apiClient(server, { cookie: user.cookie });
const withToken = (token: string) => apiClient(server, { token, origin: null });

async function keep(organisationId: string, userId: string) {
	await db.insert(organisationMembers).values({ organisationId, userId, createdAt: Date.now() });
}

async function keepers(organisationId: string): Promise<string[]> {
	return (
		await db
			.select({ id: organisationMembers.userId })
			.from(organisationMembers)
			.where(eq(organisationMembers.organisationId, organisationId))
	)
		.map((r) => r.id)
		.sort();
}

async function openVote(facilitator: TestUser, workspaceId: string) {
	const created = await as(facilitator).post(`/api/v1/workspaces/${workspaceId}/votes`, {
		question: 'Adopt the social value policy?',
		opensAt: new Date(Date.now() + HOUR).toISOString(),
		closesAt: new Date(Date.now() + 2 * HOUR).toISOString()
	});
	expect(created.status, created.text).toBe(201);
	const opened = await as(facilitator).post(`/api/v1/votes/${created.json.id}/open`);
	expect(opened.status, opened.text).toBe(200);
	return opened.json as {
		id: string;
		electorate: { organisationId: string; name: string; sector: string; weight: string }[];
	};
}

function partnerOf(list: { partners: { organisationId: string }[] }, id: string) {
	return list.partners.find((p) => p.organisationId === id) as Record<string, unknown> | undefined;
}

describe('acting for an organisation in a workspace', () => {
	it('gives no right over it: the hostile member cannot rename, move, list or remove, and the ICB still votes as statutory', async () => {
		const home = await createPartnership(db, { vcse: 1, statutory: 1 });
		const icb = home.orgs[1].org;
		const keeper = await createUser(db, { name: 'Kim Keeper' });
		await keep(icb.id, keeper.id);

		// A signed-in user in no workspace makes one, adds the ICB as a partner and acts for it.
		const attacker = await createUser(db, { name: 'Mal Hostile' });
		const ws = await as(attacker).post('/api/v1/workspaces', { name: 'A workspace of my own' });
		expect(ws.status, ws.text).toBe(201);
		expect(
			(await as(attacker).post(`/api/v1/workspaces/${ws.json.id}/partners`, { organisationId: icb.id }))
				.status
		).toBe(201);
		const acting = await as(attacker).patch(`/api/v1/workspaces/${ws.json.id}/members/${attacker.id}`, {
			organisationId: icb.id,
			votingDelegate: true
		});
		expect(acting.status, acting.text).toBe(200);
		expect(await keepers(icb.id)).toEqual([keeper.id]);

		const refused = [
			await as(attacker).patch(`/api/v1/organisations/${icb.id}`, { name: 'Hijacked ICB' }),
			await as(attacker).patch(`/api/v1/organisations/${icb.id}`, { sector: 'vcse' }),
			await as(attacker).get(`/api/v1/organisations/${icb.id}/members`),
			await as(attacker).delete(`/api/v1/organisations/${icb.id}/members/${keeper.id}`),
			await as(attacker).post(`/api/v1/organisations/${icb.id}/members`, { userId: attacker.id })
		];
		for (const r of refused) expect(r.status, r.text).toBe(403);
		const form = await postForm(
			server,
			`/organisations/${icb.id}?/update`,
			{ name: 'Hijacked ICB', sector: 'vcse', sizeBand: 'micro' },
			{ cookie: attacker.cookie }
		);
		expect(form.status).toBe(403);
		const page = await fetch(`${server.url}/organisations/${icb.id}`, {
			headers: { cookie: attacker.cookie }
		});
		expect(await page.text()).not.toContain(keeper.email);
		expect((await as(attacker).get(`/api/v1/organisations/${icb.id}`)).json).toMatchObject({
			name: icb.name,
			sector: 'statutory',
			mine: false
		});
		expect(await keepers(icb.id)).toEqual([keeper.id]);
		const own = await as(keeper).get(`/api/v1/organisations/${icb.id}/members`);
		expect(own.status).toBe(200);
		expect(own.json.members).toEqual([expect.objectContaining({ id: keeper.id, email: keeper.email })]);

		// The attacker's own workspace may file the ICB under VCSE: that changes only its own record.
		const moved = await as(attacker).patch(`/api/v1/workspaces/${ws.json.id}/partners/${icb.id}`, {
			sector: 'vcse'
		});
		expect(moved.status, moved.text).toBe(200);
		const vote = await openVote(home.facilitator, home.workspace.id);
		expect(vote.electorate.find((e) => e.organisationId === icb.id)).toMatchObject({
			sector: 'statutory',
			name: icb.name
		});
	});

	it('joining by invitation or being added to a workspace makes nobody a member of the organisation', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const org = p.orgs[0].org;
		const added = await createUser(db);
		await addMember(db, (await createWorkspace(db, { facilitatorId: p.facilitator.id })).id, added.id, {
			role: 'commenter'
		});
		const res = await as(p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/members`, {
			userId: added.id,
			role: 'editor',
			organisationId: org.id
		});
		expect(res.status, res.text).toBe(201);
		const invited = await createUser(db);
		const inv = await as(p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/invitations`, {
			email: invited.email,
			role: 'editor',
			organisationId: org.id
		});
		expect(inv.status, inv.text).toBe(201);
		const token = String(inv.json.link).split('/').pop();
		const accepted = await postForm(server, `/invite/${token}?/accept`, {}, { cookie: invited.cookie });
		expect(accepted.status, accepted.text.slice(0, 300)).toBe(303);
		expect(await keepers(org.id)).toEqual([]);
	});
});

describe("each workspace's record of its partners", () => {
	it('is set by its facilitators with who and when; the organisation’s own changes wait to be confirmed or dismissed', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1, grassroots: 1, visibility: 'public' });
		const org = p.orgs[0].org;
		const keeper = await createUser(db);
		await keep(org.id, keeper.id);
		const partners = () => as(p.facilitator).get(`/api/v1/workspaces/${p.workspace.id}/partners`);

		// Only facilitators change the record.
		expect(
			(
				await as(p.orgs[0].delegate).patch(`/api/v1/workspaces/${p.workspace.id}/partners/${org.id}`, {
					sector: 'statutory'
				})
			).status
		).toBe(403);
		expect(
			(
				await as(keeper).patch(`/api/v1/workspaces/${p.workspace.id}/partners/${org.id}`, {
					sector: 'statutory'
				})
			).status
		).toBe(403);
		expect(
			(
				await as(p.facilitator).patch(`/api/v1/workspaces/${p.workspace.id}/partners/${org.id}`, {
					sector: 'council'
				})
			).status
		).toBe(422);

		// The organisation moves itself to the statutory chamber: no workspace's record changes.
		expect(
			(await as(keeper).patch(`/api/v1/organisations/${org.id}`, { sector: 'statutory', sizeBand: 'major' }))
				.status
		).toBe(200);
		const mine = partnerOf((await partners()).json, org.id)!;
		expect(mine).toMatchObject({
			sector: 'vcse',
			sizeBand: 'small',
			grassroots: true,
			pending: { sector: 'statutory', sizeBand: 'major' }
		});
		expect(
			(await openVote(p.facilitator, p.workspace.id)).electorate.find((e) => e.organisationId === org.id)
		).toMatchObject({ sector: 'vcse', weight: '3/2' });

		// Dismissed: the difference is no longer shown, the record stays.
		const dismissed = await as(p.facilitator).patch(
			`/api/v1/workspaces/${p.workspace.id}/partners/${org.id}`,
			{ dismiss: true }
		);
		expect(dismissed.status, dismissed.text).toBe(200);
		expect(dismissed.json).toMatchObject({
			sector: 'vcse',
			pending: null,
			recordedBy: p.facilitator.id,
			confirmed: true
		});
		// A later change shows on its own; confirming takes what is shown.
		expect((await as(keeper).patch(`/api/v1/organisations/${org.id}`, { sizeBand: 'large' })).status).toBe(
			200
		);
		expect(partnerOf((await partners()).json, org.id)!.pending).toEqual({ sizeBand: 'large' });
		const confirmed = await as(p.facilitator).patch(
			`/api/v1/workspaces/${p.workspace.id}/partners/${org.id}`,
			{ confirm: true }
		);
		expect(confirmed.json).toMatchObject({
			sector: 'vcse',
			sizeBand: 'large',
			grassroots: true,
			pending: null
		});
		expect(Date.parse(confirmed.json.recordedAt)).toBeGreaterThan(Date.now() - 60_000);

		// Moving the partner to the statutory chamber clears its equity flags; flags there are refused.
		const moved = await as(p.facilitator).patch(`/api/v1/workspaces/${p.workspace.id}/partners/${org.id}`, {
			sector: 'statutory'
		});
		expect(moved.json).toMatchObject({ sector: 'statutory', grassroots: false, byAndFor: false });
		expect(
			(
				await as(p.facilitator).patch(`/api/v1/workspaces/${p.workspace.id}/partners/${org.id}`, {
					grassroots: true
				})
			).status
		).toBe(422);
		// The form without JavaScript: back to VCSE with a flag.
		const form = await postForm(
			server,
			`/w/${p.workspace.slug}/partners?/record`,
			{ organisationId: org.id, sector: 'vcse', sizeBand: 'large', byAndFor: 'on' },
			{ cookie: p.facilitator.cookie }
		);
		expect(form.status).toBe(200);
		expect(partnerOf((await partners()).json, org.id)).toMatchObject({
			sector: 'vcse',
			byAndFor: true,
			grassroots: false
		});
		const html = await (
			await fetch(`${server.url}/w/${p.workspace.slug}/partners`, {
				headers: { cookie: p.facilitator.cookie }
			})
		).text();
		expect(html).toContain('Set by Fran Facilitator');
		// Each partner's weight under the default vote rule: the uplift for the "by and for" VCSE partner, 1 for
		// the statutory one.
		const row = (name: string) => html.match(/<tr[\s\S]*?<\/tr>/g)?.find((r) => r.includes(name)) ?? '';
		expect(row(org.name)).toContain('<td>1.5</td>');
		expect(row(p.orgs[1].org.name)).toContain('<td>1</td>');
		// Visitors to a public workspace see the record, not who set it.
		const visitor = await apiClient(server).get(`/api/v1/workspaces/${p.workspace.id}/partners`);
		expect(partnerOf(visitor.json, org.id)).toMatchObject({
			sector: 'vcse',
			recordedBy: null,
			recordedByName: null
		});
	});
});

describe('the directory', () => {
	it('lists verified organisations to everyone, unverified ones to administrators and the facilitators they came from', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const other = await createPartnership(db, { vcse: 1, statutory: 0 });
		const admin = await createUser(db, { isAdmin: true });
		const stranger = await createUser(db);
		const ids = async (u: TestUser) =>
			(await as(u).get('/api/v1/organisations')).json.organisations.map((o: { id: string }) => o.id);

		// A facilitator creates one for their workspace: a partner that votes there at once.
		const made = await as(p.facilitator).post('/api/v1/organisations', {
			name: 'Lewisham Refugee Network',
			sector: 'vcse',
			sizeBand: 'micro',
			workspaceId: p.workspace.id
		});
		expect(made.status, made.text).toBe(201);
		expect(made.json).toMatchObject({ verified: false, originWorkspaceId: p.workspace.id });
		expect(
			(
				await as(p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/partners`, {
					organisationId: made.json.id
				})
			).status
		).toBe(201);
		expect((await openVote(p.facilitator, p.workspace.id)).electorate.map((e) => e.organisationId)).toContain(
			made.json.id
		);
		// The same from the partners page, without JavaScript.
		const form = await postForm(
			server,
			`/w/${p.workspace.slug}/partners?/create`,
			{ name: 'Deptford Youth Forum', sector: 'vcse', sizeBand: 'micro' },
			{ cookie: p.facilitator.cookie }
		);
		expect(form.status).toBe(200);
		const listed = (await as(p.facilitator).get(`/api/v1/workspaces/${p.workspace.id}/partners`)).json;
		expect(listed.partners).toContainEqual(
			expect.objectContaining({ name: 'Deptford Youth Forum', verified: false, eligible: true })
		);
		// Nobody else finds it or can make it their partner until an administrator verifies it.
		expect(await ids(stranger)).not.toContain(made.json.id);
		expect((await as(stranger).get(`/api/v1/organisations/${made.json.id}`)).status).toBe(404);
		expect(
			(
				await as(other.facilitator).post(`/api/v1/workspaces/${other.workspace.id}/partners`, {
					organisationId: made.json.id
				})
			).status
		).toBe(422);
		expect(
			(
				await as(other.facilitator).post('/api/v1/organisations', {
					name: 'X org',
					sector: 'vcse',
					sizeBand: 'micro',
					workspaceId: p.workspace.id
				})
			).status
		).toBe(404);
		expect(await ids(admin)).toContain(made.json.id);
		const page = await fetch(`${server.url}/admin/organisations`, { headers: { cookie: admin.cookie } });
		expect(await page.text()).toContain('Lewisham Refugee Network');
		expect(
			(await fetch(`${server.url}/admin/organisations`, { headers: { cookie: stranger.cookie } })).status
		).toBe(403);
		expect((await as(p.facilitator).post(`/api/v1/organisations/${made.json.id}/verify`)).status).toBe(403);
		const verified = await postForm(
			server,
			'/admin/organisations?/verify',
			{ id: made.json.id },
			{ cookie: admin.cookie }
		);
		expect(verified.status).toBe(200);
		expect(await ids(stranger)).toContain(made.json.id);

		// Someone's own new organisation waits for verification too; its members' emails are theirs to see.
		const own = await as(stranger).post('/api/v1/organisations', {
			name: 'Deptford Food Network',
			sector: 'vcse',
			sizeBand: 'small'
		});
		expect(own.json).toMatchObject({ verified: false, mine: true });
		expect(await ids(p.facilitator)).not.toContain(own.json.id);
		expect((await as(p.facilitator).get(`/api/v1/organisations/${own.json.id}/members`)).status).toBe(404);
		expect((await as(admin).get(`/api/v1/organisations/${own.json.id}/members`)).json.members[0].email).toBe(
			stranger.email
		);
	});

	it('merges a duplicate: partners and members move, ballots keep the name they recorded', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const admin = await createUser(db, { isAdmin: true });
		const dup = p.orgs[0].org;
		const keepOrg = await createOrganisation(db, { name: 'Peckham Larder CIC', sector: 'vcse' });
		const elsewhere = await createWorkspace(db);
		await addPartner(db, elsewhere.id, keepOrg.id);
		const dupKeeper = await createUser(db);
		await keep(dup.id, dupKeeper.id);

		const vote = await openVote(p.facilitator, p.workspace.id);
		expect(
			(
				await as(p.orgs[0].delegate).post(`/api/v1/votes/${vote.id}/ballots`, {
					organisationId: dup.id,
					choice: 'for'
				})
			).status
		).toBe(201);
		const merge = (from: string, into: string) =>
			as(admin).post(`/api/v1/organisations/${from}/merge`, { into });
		expect((await merge(dup.id, keepOrg.id)).status).toBe(409);
		expect(
			(await as(p.facilitator).post(`/api/v1/votes/${vote.id}/close`, { reason: 'Everyone has voted.' }))
				.status
		).toBe(200);
		expect(
			(await as(p.facilitator).post(`/api/v1/organisations/${dup.id}/merge`, { into: keepOrg.id })).status
		).toBe(403);
		const merged = await merge(dup.id, keepOrg.id);
		expect(merged.status, merged.text).toBe(200);

		const partners = (await as(p.facilitator).get(`/api/v1/workspaces/${p.workspace.id}/partners`)).json;
		expect(partnerOf(partners, dup.id)).toBeUndefined();
		expect(partnerOf(partners, keepOrg.id)).toMatchObject({ sector: 'vcse' });
		const members = (await as(p.facilitator).get(`/api/v1/workspaces/${p.workspace.id}/members`)).json
			.members;
		expect(members.find((m: { userId: string }) => m.userId === p.orgs[0].delegate.id).organisationId).toBe(
			keepOrg.id
		);
		expect(await keepers(keepOrg.id)).toContain(dupKeeper.id);
		expect(
			(await as(admin).get('/api/v1/organisations')).json.organisations.map((o: { id: string }) => o.id)
		).not.toContain(dup.id);
		const tally = await as(p.facilitator).get(`/api/v1/votes/${vote.id}/tally`);
		expect(tally.json.ballots).toEqual([
			expect.objectContaining({ organisationId: dup.id, organisationName: dup.name })
		]);
		expect((await merge(dup.id, keepOrg.id)).status).toBe(409);
		// The workspace's governance history says so, for its members too (it changes who votes for whom).
		const history = (await as(p.orgs[1].delegate).get(`/api/v1/workspaces/${p.workspace.id}/history`)).json
			.changes as { kind: string; summary: string; by: string }[];
		expect(history[0]).toMatchObject({
			kind: 'organisation.merged',
			summary: expect.stringContaining(`${dup.name} merged into ${keepOrg.name} by an administrator`),
			by: admin.name
		});
	});
});

describe('a token limited to some workspaces', () => {
	it('reaches no other workspace’s register and only reads the organisations partnered in its own', async () => {
		const a = await createPartnership(db, { vcse: 1, statutory: 0 });
		const b = await createPartnership(db, { vcse: 1, statutory: 0 });
		const admin = await createUser(db, { isAdmin: true });
		await addMember(db, a.workspace.id, admin.id, { role: 'facilitator' });
		const limited = withToken(await createToken(db, admin.id, { workspaceIds: [a.workspace.id] }));
		expect((await limited.get(`/api/v1/workspaces/${b.workspace.id}/register/redactions`)).status).toBe(404);
		expect(
			(
				await limited.post(`/api/v1/workspaces/${b.workspace.id}/register/redactions`, {
					person: 'x',
					reason: 'Testing the limit.'
				})
			).status
		).toBe(404);
		expect((await limited.get(`/api/v1/workspaces/${a.workspace.id}/register/redactions`)).status).toBe(200);

		const orgA = a.orgs[0].org;
		const orgB = b.orgs[0].org;
		await keep(orgA.id, admin.id);
		await keep(orgB.id, admin.id);
		const list = (await limited.get('/api/v1/organisations')).json.organisations.map(
			(o: { id: string }) => o.id
		);
		expect(list).toContain(orgA.id);
		expect(list).not.toContain(orgB.id);
		expect((await limited.get(`/api/v1/organisations/${orgB.id}`)).status).toBe(404);
		expect((await limited.get(`/api/v1/organisations/${orgA.id}`)).status).toBe(200);
		for (const r of [
			await limited.patch(`/api/v1/organisations/${orgA.id}`, { name: 'Renamed by a token' }),
			await limited.get(`/api/v1/organisations/${orgA.id}/members`),
			await limited.delete(`/api/v1/organisations/${orgA.id}/members/${admin.id}`),
			await limited.post('/api/v1/organisations', {
				name: 'Made by a token',
				sector: 'vcse',
				sizeBand: 'micro'
			}),
			await limited.post(`/api/v1/organisations/${orgB.id}/verify`)
		])
			expect([403, 404], r.text).toContain(r.status);
		expect((await limited.get('/api/v1/me')).json.organisations.map((o: { id: string }) => o.id)).toEqual([
			orgA.id
		]);
	});
});

describe('attendees and declared conflicts', () => {
	it('link only members and partners of the workspace; anyone else is named in text', async () => {
		const a = await createPartnership(db, { vcse: 1, statutory: 0 });
		const b = await createPartnership(db, { vcse: 1, statutory: 0 });
		const outsider = b.orgs[0].delegate;
		const insider = a.orgs[0].delegate;
		const res = await as(a.facilitator).post(`/api/v1/workspaces/${a.workspace.id}/decisions`, {
			method: 'consensus',
			title: 'Papers a week ahead',
			question: 'Send papers a week before each meeting?',
			outcome: 'approved',
			decidedAt: new Date(Date.now() - HOUR).toISOString(),
			decidedWhere: 'Board meeting',
			organisations: [a.orgs[0].org.id],
			rationale: 'Volunteers need time to read them.',
			attendees: [
				{ name: 'Ines Insider', userId: insider.id, organisationId: a.orgs[0].org.id },
				{ name: 'Otto Outsider', userId: outsider.id, organisationId: b.orgs[0].org.id }
			],
			conflicts: [
				{
					name: 'Otto Outsider',
					userId: outsider.id,
					organisationId: b.orgs[0].org.id,
					declaration: 'Trustee elsewhere.'
				}
			]
		});
		expect(res.status, res.text).toBe(201);
		const rows = await db
			.select()
			.from(registerPersonal)
			.where(eq(registerPersonal.workspaceId, a.workspace.id));
		const about = (name: string, role: string) =>
			rows
				.map((r) => ({ ...r, data: JSON.parse(r.data) }))
				.find((r) => r.data.name === name && r.data.role === role)!;
		expect(about('Ines Insider', 'attendee')).toMatchObject({
			subjectUserId: insider.id,
			data: { organisation: a.orgs[0].org.name }
		});
		for (const role of ['attendee', 'conflict']) {
			const r = about('Otto Outsider', role);
			expect(r.subjectUserId).toBeNull();
			expect(r.data.organisation).toBeUndefined();
		}
		const conflicts = await db
			.select()
			.from(decisionConflicts)
			.where(and(eq(decisionConflicts.decisionId, res.json.id)));
		expect(conflicts.map((c) => c.organisationId)).toEqual([null]);
	});
});

// SQLite's own migrations from an old file; PostgreSQL's start from the current tables (drizzle-pg/).
describe.skipIf(ENGINE === 'postgres')('upgrading a database from before organisations stood alone', () => {
	it('copies each partner’s chamber as "not yet confirmed", keeps memberships with their dates, and keeps open votes as they opened', async () => {
		// A database at the previous migration, with a partner, a keeper who joined by acting for it, and an
		// open vote whose electorate was frozen at its opening.
		const dir = mkdtempSync(path.join(tmpdir(), 'parity-upgrade-'));
		const migrations = path.join(dir, 'drizzle');
		mkdirSync(path.join(migrations, 'meta'), { recursive: true });
		const journal = JSON.parse(readFileSync(path.join(ROOT, 'drizzle/meta/_journal.json'), 'utf8'));
		const before = journal.entries.filter((e: { tag: string }) => e.tag < '0002');
		for (const e of before)
			copyFileSync(path.join(ROOT, 'drizzle', `${e.tag}.sql`), path.join(migrations, `${e.tag}.sql`));
		writeFileSync(
			path.join(migrations, 'meta/_journal.json'),
			JSON.stringify({ ...journal, entries: before })
		);
		const dbFile = path.join(dir, 'parity.db');
		const old = openDatabase({ url: `file:${dbFile}`, migrationsFolder: migrations });
		const run = (sql: string, ...args: unknown[]) => old.$client.prepare(sql).run(...args);
		const t = Date.UTC(2026, 0, 5);
		// People as that database held them (today's factory would write today's columns).
		const person = (id: string, name: string) => {
			run(
				`INSERT INTO users (id, email, name, password_hash, is_admin, is_demo, created_at) VALUES (?, ?, ?, 'x', 0, 0, ?)`,
				id,
				`${id}@example.org`,
				name,
				t
			);
			return { id, cookie: '' };
		};
		const facilitator = person('fran', 'Fran Facilitator');
		const keeper = person('kim', 'Kim Keeper');
		run(
			`INSERT INTO organisations (id, name, sector, size_band, verified, is_demo, created_at) VALUES ('icb', 'South East London ICB', 'statutory', 'major', 1, 0, ?)`,
			t
		);
		run(
			`INSERT INTO workspaces (id, slug, name, description, visibility, time_zone, is_demo, created_at) VALUES ('ws', 'old-ws', 'Old partnership', '', 'private', 'Europe/London', 0, ?)`,
			t
		);
		run(
			`INSERT INTO workspace_partners (workspace_id, organisation_id, grassroots, by_and_for, created_at) VALUES ('ws', 'icb', 0, 0, ?)`,
			t
		);
		run(
			`INSERT INTO workspace_members (workspace_id, user_id, role, organisation_id, standing, voting_delegate, created_at) VALUES ('ws', ?, 'facilitator', NULL, 'participant', 0, ?)`,
			facilitator.id,
			t
		);
		run(
			`INSERT INTO organisation_members (organisation_id, user_id, created_at) VALUES ('icb', ?, ?)`,
			keeper.id,
			t
		);
		const electorate = [
			{
				organisationId: 'icb',
				name: 'South East London ICB',
				sector: 'vcse',
				grassroots: false,
				byAndFor: false,
				weight: '1/1'
			}
		];
		const rule = validateRule({});
		if (!rule.ok) throw new Error('the default rule is valid');
		run(
			`INSERT INTO votes (id, workspace_id, question, opens_at, closes_at, status, rule, electorate, opened_at, created_at, updated_at) VALUES ('vote', 'ws', 'Adopt it?', ?, ?, 'open', ?, ?, ?, ?, ?)`,
			Date.now() - HOUR,
			Date.now() + 24 * HOUR,
			JSON.stringify(rule.rule),
			JSON.stringify(electorate),
			Date.now() - HOUR,
			t,
			t
		);
		old.$client.close();

		const upgraded = await startServer({ dbFile, dir });
		const current = openTestDb(dbFile);
		try {
			for (const u of [facilitator, keeper]) {
				const token = generateSessionToken();
				await openSession(current, token, u.id);
				u.cookie = `${SESSION_COOKIE}=${token}`;
			}
			const api = (u: { cookie: string }) => apiClient(upgraded, { cookie: u.cookie });
			const partners = await api(facilitator).get('/api/v1/workspaces/ws/partners');
			expect(partners.json.partners).toEqual([
				expect.objectContaining({
					organisationId: 'icb',
					sector: 'statutory',
					sizeBand: 'major',
					confirmed: false,
					pending: null
				})
			]);
			const page = await fetch(`${upgraded.url}/w/old-ws/partners`, {
				headers: { cookie: facilitator.cookie }
			});
			expect(await page.text()).toContain('Copied on upgrade, not yet confirmed');
			const confirmed = await api(facilitator).patch('/api/v1/workspaces/ws/partners/icb', { confirm: true });
			expect(confirmed.json).toMatchObject({
				confirmed: true,
				recordedBy: facilitator.id,
				sector: 'statutory'
			});
			const members = await api(keeper).get('/api/v1/organisations/icb/members');
			expect(members.json.members).toEqual([
				expect.objectContaining({ id: keeper.id, addedAt: new Date(t).toISOString(), addedByName: null })
			]);
			const orgPage = await fetch(`${upgraded.url}/organisations/icb`, {
				headers: { cookie: keeper.cookie }
			});
			expect(await orgPage.text()).toContain('added 5 January 2026');
			// The open vote keeps the electorate it froze at its opening.
			const vote = await api(facilitator).get('/api/v1/votes/vote');
			expect(vote.json.electorate).toEqual(electorate);
		} finally {
			current.$client.close();
			await upgraded.stop();
			upgraded.cleanup();
		}
	});
});
