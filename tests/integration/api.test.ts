import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { ROOT, type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import {
	addMember,
	createOrganisation,
	createPartnership,
	createToken,
	createUser,
	createWorkspace,
	type TestUser
} from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { connect, createDocument } from '../fixtures/collab-client.ts';
import { closeDatabase, first, one, type DB } from '../../src/lib/server/db/index.ts';
import { apiTokens, workspaceMembers, workspacePartners } from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;

useServer({}, (s) => ({ server, db } = s));

const as = (user: TestUser) => apiClient(server, { cookie: user.cookie });
const withToken = (token: string) => apiClient(server, { token, origin: null });

function expectError(res: { status: number; json: unknown }, status: number, code: string) {
	expect(res.status).toBe(status);
	expect(res.json).toEqual({ error: { code, message: expect.any(String) } });
	expect((res.json as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
}

async function membership(workspaceId: string, userId: string) {
	return one(
		await db
			.select()
			.from(workspaceMembers)
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
	);
}

describe('private workspaces', () => {
	it('are 404 to non-members and visitors, on pages and in the API, by id and by slug', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const stranger = await createUser(db);
		const slug = p.workspace.slug;

		for (const cookie of [stranger.cookie, undefined]) {
			const page = await fetch(`${server.url}/w/${slug}`, {
				headers: cookie ? { cookie } : {},
				redirect: 'manual'
			});
			expect(page.status).toBe(404);
			const api = apiClient(server, { cookie });
			for (const path of [
				`/api/v1/workspaces/${p.workspace.id}`,
				`/api/v1/workspaces/${slug}`,
				`/api/v1/workspaces/${slug}/members`,
				`/api/v1/workspaces/${slug}/partners`,
				`/api/v1/workspaces/${slug}/invitations`
			])
				expectError(await api.get(path), 404, 'not_found');
		}
		// Nor can a stranger change it, even knowing its id.
		expectError(
			await as(stranger).patch(`/api/v1/workspaces/${p.workspace.id}`, { name: 'Mine now' }),
			404,
			'not_found'
		);
		// Members see it.
		const own = await as(p.orgs[0].delegate).get(`/api/v1/workspaces/${slug}`);
		expect(own.status).toBe(200);
		expect(own.json).toMatchObject({ id: p.workspace.id, role: 'editor', visibility: 'private' });
		const page = await fetch(`${server.url}/w/${slug}`, { headers: { cookie: p.facilitator.cookie } });
		expect(page.status).toBe(200);
	});

	it('in a public workspace, visitors see the workspace and partners but not the members', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1, visibility: 'public' });
		const stranger = await createUser(db);
		const visitor = apiClient(server);
		const ws = await visitor.get(`/api/v1/workspaces/${p.workspace.id}`);
		expect(ws.status).toBe(200);
		expect(ws.json).toMatchObject({ role: null, membership: null, visibility: 'public' });
		expect((await visitor.get(`/api/v1/workspaces/${p.workspace.id}/partners`)).json.partners).toHaveLength(
			2
		);
		expectError(await visitor.get(`/api/v1/workspaces/${p.workspace.id}/members`), 401, 'unauthenticated');
		expectError(await as(stranger).get(`/api/v1/workspaces/${p.workspace.id}/members`), 403, 'forbidden');
	});
});

describe('access tokens', () => {
	it('are refused when revoked or expired (401), and reach only their named workspaces (404)', async () => {
		const user = await createUser(db);
		const a = await createWorkspace(db, { facilitatorId: user.id });
		const b = await createWorkspace(db, { facilitatorId: user.id });

		const good = await createToken(db, user.id);
		expect((await withToken(good).get('/api/v1/me')).status).toBe(200);

		const revoked = await createToken(db, user.id);
		await db.update(apiTokens).set({ revokedAt: Date.now() }).where(eq(apiTokens.userId, user.id));
		expectError(await withToken(revoked).get('/api/v1/me'), 401, 'unauthenticated');
		expectError(await withToken(good).get(`/api/v1/workspaces/${a.id}`), 401, 'unauthenticated');

		const expired = await createToken(db, user.id, { expiresAt: Date.now() - 1000 });
		const res = await withToken(expired).get('/api/v1/me');
		expectError(res, 401, 'unauthenticated');
		expect(res.headers.get('www-authenticate')).toBe('Bearer');
		expectError(await withToken('parity_pat_notarealtoken').get('/api/v1/me'), 401, 'unauthenticated');

		const scoped = await createToken(db, user.id, { workspaceIds: [a.id] });
		expect((await withToken(scoped).get(`/api/v1/workspaces/${a.id}`)).status).toBe(200);
		expectError(await withToken(scoped).get(`/api/v1/workspaces/${b.id}`), 404, 'not_found');
		expectError(await withToken(scoped).get(`/api/v1/workspaces/${b.slug}/members`), 404, 'not_found');
		expectError(
			await withToken(scoped).patch(`/api/v1/workspaces/${b.id}`, { name: 'Renamed' }),
			404,
			'not_found'
		);
		const listed = await withToken(scoped).get('/api/v1/workspaces');
		expect(listed.json.workspaces.map((w: { id: string }) => w.id)).toEqual([a.id]);
		const me = await withToken(scoped).get('/api/v1/me');
		expect(me.json.workspaces.map((w: { id: string }) => w.id)).toEqual([a.id]);
		// A token limited to named workspaces cannot create another.
		expectError(await withToken(scoped).post('/api/v1/workspaces', { name: 'Elsewhere' }), 403, 'forbidden');
	});

	it('with read scope cannot change anything (403) but can read', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const read = await createToken(db, p.facilitator.id, { scope: 'read' });
		const api = withToken(read);
		expect((await api.get(`/api/v1/workspaces/${p.workspace.id}/members`)).status).toBe(200);
		expectError(
			await api.patch(`/api/v1/workspaces/${p.workspace.id}`, { name: 'Read only' }),
			403,
			'forbidden'
		);
		expectError(
			await api.post('/api/v1/organisations', { name: 'X', sector: 'vcse', sizeBand: 'micro' }),
			403,
			'forbidden'
		);
		expectError(
			await api.delete(`/api/v1/workspaces/${p.workspace.id}/members/${p.orgs[0].delegate.id}`),
			403,
			'forbidden'
		);
		expect(await membership(p.workspace.id, p.orgs[0].delegate.id)).toBeDefined();
	});

	it('do not work on pages', async () => {
		const user = await createUser(db);
		const token = await createToken(db, user.id);
		const res = await fetch(`${server.url}/settings`, {
			headers: { authorization: `Bearer ${token}` },
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login/);
		// The same person's cookie does open the page.
		const ok = await fetch(`${server.url}/settings`, {
			headers: { cookie: user.cookie },
			redirect: 'manual'
		});
		expect(ok.status).toBe(200);
	});

	it('cannot mint or list tokens; a session can', async () => {
		const user = await createUser(db);
		const token = await createToken(db, user.id);
		expectError(await withToken(token).get('/api/v1/tokens'), 403, 'forbidden');
		expectError(
			await withToken(token).post('/api/v1/tokens', { name: 'x', scope: 'write' }),
			403,
			'forbidden'
		);
		// An empty workspace list is refused rather than read as "every workspace".
		expectError(
			await as(user).post('/api/v1/tokens', { name: 'None', scope: 'write', workspaceIds: [] }),
			422,
			'invalid'
		);
		const created = await as(user).post('/api/v1/tokens', { name: 'Website', scope: 'read' });
		expect(created.status).toBe(201);
		expect(created.json.token).toMatch(/^parity_pat_/);
		expect((await withToken(created.json.token).get('/api/v1/me')).json.token).toMatchObject({
			name: 'Website',
			scope: 'read'
		});
		const list = await as(user).get('/api/v1/tokens');
		expect(list.json.tokens.map((t: { name: string }) => t.name)).toContain('Website');
		expect(JSON.stringify(list.json)).not.toContain(created.json.token);
		expect((await as(user).delete(`/api/v1/tokens/${created.json.id}`)).status).toBe(204);
		expectError(await withToken(created.json.token).get('/api/v1/me'), 401, 'unauthenticated');
	});
});

describe('roles', () => {
	it('a commenter cannot change roles, in the API or through the form', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const commenter = await createUser(db);
		await addMember(db, p.workspace.id, commenter.id, {
			role: 'commenter',
			organisationId: p.orgs[0].org.id
		});
		const target = p.orgs[0].delegate;

		expectError(
			await as(commenter).patch(`/api/v1/workspaces/${p.workspace.id}/members/${commenter.id}`, {
				role: 'facilitator'
			}),
			403,
			'forbidden'
		);
		expectError(
			await as(commenter).patch(`/api/v1/workspaces/${p.workspace.id}/members/${target.id}`, {
				role: 'observer'
			}),
			403,
			'forbidden'
		);
		const form = await postForm(
			server,
			`/w/${p.workspace.slug}/members?/update`,
			{
				userId: commenter.id,
				role: 'facilitator',
				organisationId: p.orgs[0].org.id,
				standing: 'participant'
			},
			{ cookie: commenter.cookie }
		);
		expect(form.status).toBe(403);
		expect(form.text).toContain('facilitator role');
		expect((await membership(p.workspace.id, commenter.id))!.role).toBe('commenter');
		expect((await membership(p.workspace.id, target.id))!.role).toBe('editor');

		// The facilitator can, and the change shows on the next request.
		const ok = await as(p.facilitator).patch(`/api/v1/workspaces/${p.workspace.id}/members/${commenter.id}`, {
			role: 'editor',
			votingDelegate: true
		});
		expect(ok.status, ok.text).toBe(200);
		expect(ok.json).toMatchObject({ role: 'editor', votingDelegate: true, email: commenter.email });
		expect((await as(commenter).get(`/api/v1/workspaces/${p.workspace.id}`)).json.role).toBe('editor');
	});

	it('removing a member, in the API or the form, closes their open editing sockets at once', async () => {
		const p = await createPartnership(db, { vcse: 2, statutory: 0 });
		const documentId = await createDocument(db, p.workspace.id, p.facilitator.id);
		const [viaApi, viaForm] = p.orgs.map(({ delegate }) =>
			connect(server, documentId, { cookie: delegate.cookie })
		);
		try {
			await Promise.all([viaApi.synced(), viaForm.synced()]);
			const removed = await as(p.facilitator).delete(
				`/api/v1/workspaces/${p.workspace.id}/members/${p.orgs[0].delegate.id}`
			);
			expect(removed.status).toBe(204);
			const form = await postForm(
				server,
				`/w/${p.workspace.slug}/members?/remove`,
				{ userId: p.orgs[1].delegate.id },
				{ cookie: p.facilitator.cookie }
			);
			expect(form.status).toBe(200);
			// The periodic re-check is every 30 s; these closes come from the change itself.
			const timeout = new Promise<number>((r) => setTimeout(() => r(-1), 10_000));
			expect(await Promise.race([viaApi.closed(), timeout])).toBe(4403);
			expect(await Promise.race([viaForm.closed(), timeout])).toBe(4403);
		} finally {
			viaApi.destroy();
			viaForm.destroy();
		}
	});

	it('partner flags can be set by a facilitator, not by an editor', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const vcse = p.orgs[0].org;
		const statutory = p.orgs[1].org;
		const url = `/api/v1/workspaces/${p.workspace.slug}/partners/${vcse.id}`;
		expectError(await as(p.orgs[0].delegate).patch(url, { grassroots: true }), 403, 'forbidden');
		const res = await as(p.facilitator).patch(url, { grassroots: true, byAndFor: true });
		expect(res.status, res.text).toBe(200);
		expect(res.json).toMatchObject({
			organisationId: vcse.id,
			grassroots: true,
			byAndFor: true,
			sector: 'vcse'
		});
		const row = first(
			await db.select().from(workspacePartners).where(eq(workspacePartners.organisationId, vcse.id))
		);
		expect([row.grassroots, row.byAndFor]).toEqual([true, true]);
		// Statutory partners carry no equity flag.
		expectError(
			await as(p.facilitator).patch(`/api/v1/workspaces/${p.workspace.id}/partners/${statutory.id}`, {
				grassroots: true
			}),
			422,
			'invalid'
		);
	});
});

describe('bad input', () => {
	it('answers invalid JSON 400, unknown fields 422, wrong content type 415, in the error shape', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const token = await createToken(db, p.facilitator.id);
		const url = `${server.url}/api/v1/workspaces/${p.workspace.id}`;
		const send = (body: string, type: string) =>
			fetch(url, {
				method: 'PATCH',
				headers: { authorization: `Bearer ${token}`, 'content-type': type },
				body
			}).then(async (r) => ({ status: r.status, json: await r.json() }));

		expectError(await send('{"name": ', 'application/json'), 400, 'bad_request');
		const unknown = await send('{"name": "Fine name", "owner": "me"}', 'application/json');
		expectError(unknown, 422, 'invalid');
		expect(unknown.json.error.message).toContain('owner');
		const invalid = await send('{"name": "x"}', 'application/json');
		expectError(invalid, 422, 'invalid');
		expect(invalid.json.error.message).toContain('name');
		expectError(await send('<name>Fine name</name>', 'application/xml'), 415, 'unsupported_media_type');
		// With a session cookie, a non-JSON body is refused before it is read (the CSRF rule).
		const viaCookie = await fetch(url, {
			method: 'PATCH',
			headers: { cookie: p.facilitator.cookie, origin: server.url, 'content-type': 'text/plain' },
			body: '{"name": "Fine name"}'
		});
		expect(viaCookie.status).toBe(403);
		expect((await viaCookie.json()).error.code).toBe('forbidden');
		expect((await as(p.facilitator).get(`/api/v1/workspaces/${p.workspace.id}`)).json.name).toBe(
			p.workspace.name
		);
	});
});

describe('organisations, workspaces, partners, members and invitations', () => {
	it('creates an organisation and lets only its members (or an admin) change it', async () => {
		const owner = await createUser(db);
		const other = await createUser(db);
		const admin = await createUser(db, { isAdmin: true });
		const created = await as(owner).post('/api/v1/organisations', {
			name: 'Deptford Food Network',
			sector: 'vcse',
			sizeBand: 'small'
		});
		expect(created.status, created.text).toBe(201);
		expect(created.json).toMatchObject({ name: 'Deptford Food Network', verified: false, mine: true });
		const id = created.json.id;
		// Until an administrator verifies it, it is not in the directory.
		expect((await as(other).get(`/api/v1/organisations/${id}`)).status).toBe(404);
		expect((await as(admin).post(`/api/v1/organisations/${id}/verify`)).json.verified).toBe(true);

		expect((await as(other).get(`/api/v1/organisations/${id}`)).json.mine).toBe(false);
		expect(
			(await as(other).get('/api/v1/organisations')).json.organisations.some(
				(o: { id: string }) => o.id === id
			)
		).toBe(true);
		expectError(
			await as(other).patch(`/api/v1/organisations/${id}`, { sizeBand: 'large' }),
			403,
			'forbidden'
		);
		expectError(await as(other).get(`/api/v1/organisations/${id}/members`), 403, 'forbidden');
		expectError(await as(owner).patch(`/api/v1/organisations/${id}`, { sector: 'council' }), 422, 'invalid');
		const patched = await as(owner).patch(`/api/v1/organisations/${id}`, { sizeBand: 'medium' });
		expect(patched.json).toMatchObject({ sizeBand: 'medium', sector: 'vcse' });
		expect(
			(await as(admin).patch(`/api/v1/organisations/${id}`, { name: 'Deptford Food Network CIC' })).status
		).toBe(200);

		// Someone with an account whom the owner does not work with is "not found", like an unknown address,
		// so the form cannot be used to learn who has an account.
		const stranger = await as(owner).post(`/api/v1/organisations/${id}/members`, { email: other.email });
		const unknown = await as(owner).post(`/api/v1/organisations/${id}/members`, {
			email: 'nobody@example.org'
		});
		expectError(stranger, 404, 'not_found');
		expect(stranger.json).toEqual(unknown.json);
		expectError(
			await as(owner).post(`/api/v1/organisations/${id}/members`, { userId: other.id }),
			404,
			'not_found'
		);
		const form = await postForm(
			server,
			`/organisations/${id}?/addMember`,
			{ email: other.email },
			{ cookie: owner.cookie }
		);
		expect(form.status).toBe(404);
		expect(form.text).toContain(`value="${other.email}"`);
		// Once they share a workspace, the owner can add them.
		const shared = await createWorkspace(db, { facilitatorId: owner.id });
		await addMember(db, shared.id, other.id, { role: 'commenter' });
		const added = await as(owner).post(`/api/v1/organisations/${id}/members`, {
			email: other.email.toUpperCase()
		});
		expect(added.status, added.text).toBe(201);
		expectError(
			await as(owner).post(`/api/v1/organisations/${id}/members`, { userId: other.id }),
			409,
			'conflict'
		);
		expectError(
			await as(owner).post(`/api/v1/organisations/${id}/members`, { email: 'nobody@example.org' }),
			404,
			'not_found'
		);
		expectError(
			await as(owner).post(`/api/v1/organisations/${id}/members`, { email: other.email, userId: other.id }),
			422,
			'invalid'
		);
		const members = await as(other).get(`/api/v1/organisations/${id}/members`);
		expect(members.json.members.map((m: { id: string }) => m.id).sort()).toEqual([owner.id, other.id].sort());
		expect((await as(other).delete(`/api/v1/organisations/${id}/members/${owner.id}`)).status).toBe(204);
		expectError(await as(other).delete(`/api/v1/organisations/${id}/members/${owner.id}`), 404, 'not_found');
		expectError(await as(owner).get(`/api/v1/organisations/${id}/members`), 403, 'forbidden');
		expectError(await as(owner).get('/api/v1/organisations/nope'), 404, 'not_found');
	});

	it('creates a workspace, adds partners and members, and keeps emails for facilitators', async () => {
		const chair = await createUser(db, { name: 'Chair' });
		const editor = await createUser(db, { name: 'Editor' });
		const vcse = await createOrganisation(db, { sector: 'vcse' });
		const icb = await createOrganisation(db, { sector: 'statutory' });

		const ws = await as(chair).post('/api/v1/workspaces', {
			name: 'Lewisham Working Group',
			visibility: 'public'
		});
		expect(ws.status, ws.text).toBe(201);
		expect(ws.json).toMatchObject({
			slug: 'lewisham-working-group',
			role: 'facilitator',
			timeZone: 'Europe/London',
			visibility: 'public'
		});
		const id = ws.json.id;
		expectError(
			await as(chair).post('/api/v1/workspaces', { name: 'Bad zone', timeZone: 'Mars/Olympus' }),
			422,
			'invalid'
		);
		const renamed = await as(chair).patch(`/api/v1/workspaces/${ws.json.slug}`, {
			description: 'Social value policy',
			timeZone: 'UTC'
		});
		// A patch changes only the fields it names.
		expect(renamed.json).toMatchObject({
			name: 'Lewisham Working Group',
			description: 'Social value policy',
			timeZone: 'UTC',
			visibility: 'public'
		});

		const addVcse = await as(chair).post(`/api/v1/workspaces/${id}/partners`, {
			organisationId: vcse.id,
			grassroots: true
		});
		expect(addVcse.status, addVcse.text).toBe(201);
		expect(addVcse.json).toMatchObject({ grassroots: true, byAndFor: false });
		const addIcb = await as(chair).post(`/api/v1/workspaces/${id}/partners`, {
			organisationId: icb.id,
			grassroots: true
		});
		expect(addIcb.json.grassroots).toBe(false);
		expectError(
			await as(chair).post(`/api/v1/workspaces/${id}/partners`, { organisationId: icb.id }),
			409,
			'conflict'
		);

		// Someone the chair does not work with yet is "not found", like an unknown address: invite them instead.
		const notYet = await as(chair).post(`/api/v1/workspaces/${id}/members`, {
			email: editor.email,
			role: 'editor',
			organisationId: vcse.id
		});
		const ghost = await as(chair).post(`/api/v1/workspaces/${id}/members`, {
			email: 'ghost@example.org',
			role: 'editor',
			organisationId: vcse.id
		});
		expectError(notYet, 404, 'not_found');
		expect(notYet.json).toEqual(ghost.json);
		const elsewhere = await createWorkspace(db, { facilitatorId: chair.id });
		await addMember(db, elsewhere.id, editor.id, { role: 'commenter' });
		expectError(
			await as(chair).post(`/api/v1/workspaces/${id}/members`, { email: editor.email, role: 'editor' }),
			422,
			'invalid'
		);
		const added = await as(chair).post(`/api/v1/workspaces/${id}/members`, {
			email: editor.email,
			role: 'editor',
			organisationId: vcse.id,
			standing: 'representative',
			votingDelegate: true
		});
		expect(added.status, added.text).toBe(201);
		expect(added.json).toMatchObject({ userId: editor.id, role: 'editor', standing: 'representative' });
		expectError(
			await as(chair).post(`/api/v1/workspaces/${id}/members`, {
				userId: editor.id,
				role: 'observer',
				organisationId: icb.id
			}),
			409,
			'conflict'
		);
		expectError(
			await as(chair).post(`/api/v1/workspaces/${id}/members`, {
				email: 'ghost@example.org',
				role: 'facilitator'
			}),
			404,
			'not_found'
		);

		const seenByChair = await as(chair).get(`/api/v1/workspaces/${id}/members`);
		expect(seenByChair.json.members.every((m: { email?: string }) => typeof m.email === 'string')).toBe(true);
		const seenByEditor = await as(editor).get(`/api/v1/workspaces/${id}/members`);
		expect(seenByEditor.json.members).toHaveLength(2);
		expect(JSON.stringify(seenByEditor.json)).not.toContain('@example.org');

		// The last facilitator stays.
		expectError(
			await as(chair).patch(`/api/v1/workspaces/${id}/members/${chair.id}`, { role: 'editor' }),
			422,
			'invalid'
		);
		expectError(await as(chair).delete(`/api/v1/workspaces/${id}/members/${chair.id}`), 422, 'invalid');

		// Removing a partner leaves its members acting for no organisation.
		expect((await as(chair).delete(`/api/v1/workspaces/${id}/partners/${vcse.id}`)).status).toBe(204);
		expect(await membership(id, editor.id)).toMatchObject({ organisationId: null, votingDelegate: false });
		expect((await as(chair).delete(`/api/v1/workspaces/${id}/members/${editor.id}`)).status).toBe(204);
		expect(await membership(id, editor.id)).toBeUndefined();
		expectError(await as(editor).get(`/api/v1/workspaces/${id}/members`), 403, 'forbidden');

		const mine = await as(chair).get('/api/v1/workspaces');
		expect(mine.json.workspaces.map((w: { id: string; role: string }) => [w.id, w.role]).sort()).toEqual(
			[
				[id, 'facilitator'],
				[elsewhere.id, 'facilitator']
			].sort()
		);
	});

	it('the invitation form re-renders with everything typed and ties each message to its field', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const res = await postForm(
			server,
			`/w/${p.workspace.slug}/members?/invite`,
			{
				email: 'not-an-email',
				role: '',
				organisationId: p.orgs[0].org.id,
				standing: 'representative',
				votingDelegate: 'on',
				expiresInDays: '30'
			},
			{ cookie: p.facilitator.cookie }
		);
		expect(res.status).toBe(400);
		expect(res.text).toContain('value="not-an-email"');
		expect(res.text).toMatch(/<select[^>]*id="f-role"[^>]*aria-describedby="f-role-error"/);
		expect(res.text).toMatch(/id="f-role-error"[^>]*>Choose a role\./);
		expect(res.text).toMatch(/<option value="representative" selected/);
		expect(res.text).toMatch(/<input type="checkbox" name="votingDelegate" checked/);
		expect(res.text).toMatch(/<option value="30" selected/);
	});

	it('invites by email, shows the link once, lists and revokes invitations (facilitators only)', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const base = `/api/v1/workspaces/${p.workspace.id}/invitations`;
		const org = p.orgs[0].org.id;
		expectError(
			await as(p.orgs[0].delegate).post(base, {
				email: 'new@example.org',
				role: 'commenter',
				organisationId: org
			}),
			403,
			'forbidden'
		);
		const created = await as(p.facilitator).post(base, {
			email: 'New.Person@Example.org',
			role: 'commenter',
			organisationId: org,
			expiresInDays: 7
		});
		expect(created.status, created.text).toBe(201);
		expect(created.json.link).toMatch(new RegExp(`^${server.url}/invite/[a-z2-7]{32}$`));
		expect(created.json.invitation).toMatchObject({ email: 'new.person@example.org', status: 'pending' });
		const days =
			(Date.parse(created.json.invitation.expiresAt) - Date.parse(created.json.invitation.createdAt)) /
			86_400_000;
		expect(days).toBe(7);
		expectError(
			await as(p.facilitator).post(base, {
				email: p.orgs[0].delegate.email,
				role: 'editor',
				organisationId: org
			}),
			409,
			'conflict'
		);
		expectError(
			await as(p.facilitator).post(base, { email: 'x@example.org', role: 'editor' }),
			422,
			'invalid'
		);

		const list = await as(p.facilitator).get(base);
		expect(list.json.invitations).toHaveLength(1);
		expect(JSON.stringify(list.json)).not.toContain(created.json.link.split('/').pop());
		expectError(await as(p.orgs[0].delegate).get(base), 403, 'forbidden');

		const invId = created.json.invitation.id;
		expectError(await as(p.orgs[0].delegate).delete(`/api/v1/invitations/${invId}`), 403, 'forbidden');
		expect((await as(p.facilitator).delete(`/api/v1/invitations/${invId}`)).status).toBe(204);
		expectError(await as(p.facilitator).delete(`/api/v1/invitations/${invId}`), 409, 'conflict');
		expect((await as(p.facilitator).get(base)).json.invitations[0].status).toBe('revoked');
		const stranger = await createUser(db);
		expectError(await as(stranger).delete(`/api/v1/invitations/${invId}`), 404, 'not_found');
	});
});

/** Every `+server.ts` under src/routes/api/v1 as an OpenAPI path with the methods it exports. */
function implementedRoutes(): { path: string; methods: string[] }[] {
	const base = path.join(ROOT, 'src/routes/api/v1');
	const found: { path: string; methods: string[] }[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = path.join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (name === '+server.ts') {
				const rel = path.relative(base, dir).split(path.sep).join('/');
				const source = readFileSync(full, 'utf8');
				const methods = [
					...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)
				].map((m) => m[1].toLowerCase());
				found.push({ path: '/' + rel.replace(/\[(\w+)\]/g, '{$1}'), methods });
			}
		}
	};
	walk(base);
	return found;
}

describe('the server', () => {
	it('publishes an OpenAPI document listing every implemented path and method', async () => {
		const res = await fetch(`${server.url}/api/v1/openapi.json`);
		expect(res.status).toBe(200);
		const doc = JSON.parse(await res.text());
		expect(doc.openapi).toMatch(/^3\./);
		const routes = implementedRoutes().filter((r) => r.path !== '/openapi.json');
		expect(routes.length).toBeGreaterThan(15);
		const missing: string[] = [];
		// A route parameter may stand for fixed words that are each documented (`/claims/{id}/{action}` for
		// `/claims/{id}/approve` and the rest): such a route counts when at least one of them is.
		const documentedAs = (route: string, method: string) => {
			if (doc.paths[route]?.[method]) return true;
			const pattern = new RegExp(
				`^${route.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '(?:\\{\\w+\\}|[a-z-]+)')}$`
			);
			return Object.keys(doc.paths).some((p) => pattern.test(p) && doc.paths[p]?.[method]);
		};
		for (const r of routes)
			for (const m of r.methods) if (!documentedAs(r.path, m)) missing.push(`${m.toUpperCase()} ${r.path}`);
		expect(missing).toEqual([]);
		// Every reference resolves.
		const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
			(m) => m[1]
		);
		expect(refs.filter((name) => !doc.components.schemas[name])).toEqual([]);
	});

	it('answers /healthz with 200', async () => {
		const res = await fetch(`${server.url}/healthz`);
		expect(res.status).toBe(200);
	});

	it('exits with 0 on SIGTERM', async () => {
		await closeDatabase(db);
		expect(await server.stop()).toBe(0);
		expect(server.output()).toContain('SIGTERM');
	});
});
