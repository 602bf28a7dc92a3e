// Email choices through the API: list them, change one, and the rules (members only, write scope, valid modes).
import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/index.ts';
import { createPartnership, createToken, createWorkspace } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';

let server: TestServer;
let db: DB;

useServer({}, (s) => ({ server, db } = s));

describe('email choices API', () => {
	it('lists and changes how often a person hears about each workspace', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const person = p.orgs[0].delegate;
		const api = apiClient(server, { cookie: person.cookie });
		const before = await api.get('/api/v1/me/mail');
		expect(before.status).toBe(200);
		expect(before.json.workspaces).toEqual([
			{ workspaceId: p.workspace.id, slug: p.workspace.slug, name: p.workspace.name, mode: 'daily' }
		]);

		const put = await api.put(`/api/v1/me/mail/${p.workspace.id}`, { mode: 'weekly' });
		expect(put.status).toBe(200);
		expect(put.json).toEqual({ workspaceId: p.workspace.id, mode: 'weekly' });
		expect((await api.get('/api/v1/me/mail')).json.workspaces[0].mode).toBe('weekly');

		// Bad input changes nothing.
		const bad = await api.put(`/api/v1/me/mail/${p.workspace.id}`, { mode: 'hourly' });
		expect(bad.status).toBe(422);
		expect(bad.json.error.message).toContain('immediate, daily, weekly, none');
		expect((await api.put(`/api/v1/me/mail/${p.workspace.id}`, { mode: 'none', extra: 1 })).status).toBe(422);
		expect((await api.get('/api/v1/me/mail')).json.workspaces[0].mode).toBe('weekly');

		// Someone else's private workspace is not found; a read-only token cannot change anything.
		const other = await createWorkspace(db);
		expect((await api.put(`/api/v1/me/mail/${other.id}`, { mode: 'none' })).status).toBe(404);
		const read = apiClient(server, { token: await createToken(db, person.id, { scope: 'read' }) });
		expect((await read.get('/api/v1/me/mail')).status).toBe(200);
		expect((await read.put(`/api/v1/me/mail/${p.workspace.id}`, { mode: 'none' })).status).toBe(403);
		expect((await apiClient(server).get('/api/v1/me/mail')).status).toBe(401);
	});
});
