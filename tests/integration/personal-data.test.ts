// "Download my data": a person gets everything Parity holds about them (and nobody else's), as JSON from the
// API and the settings page, and as a readable page; never a secret.
import { describe, expect, it } from 'vitest';
import { useServer } from '../fixtures/suite.ts';
import { apiClient } from '../fixtures/http.ts';
import { createPartnership, createToken } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

describe('download my data', () => {
	it('gives a person their own comments, suggestions and memberships, and no secret or other person’s words', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const amara = p.orgs[0].delegate;
		const ben = p.orgs[1].delegate;
		const asAmara = apiClient(server, { cookie: amara.cookie });
		const doc = await apiClient(server, { cookie: p.facilitator.cookie }).post(
			`/api/v1/workspaces/${p.workspace.id}/documents`,
			{ title: 'Involvement policy', kind: 'reimbursement', template: 'reimbursement' }
		);
		expect(doc.status).toBe(201);
		const comment = await asAmara.post(`/api/v1/documents/${doc.json.id}/comments`, {
			body: 'Please pay travel on the day.',
			block: 0
		});
		expect(comment.status).toBe(201);
		const suggestion = await asAmara.post(`/api/v1/documents/${doc.json.id}/suggestions`, {
			replacement: 'Payment within 14 days',
			block: 0
		});
		expect(suggestion.status).toBe(201);
		const other = await apiClient(server, { cookie: ben.cookie }).post(
			`/api/v1/documents/${doc.json.id}/comments`,
			{ body: 'Ben’s own words.', block: 0 }
		);
		expect(other.status).toBe(201);

		const res = await asAmara.get('/api/v1/me/data');
		expect(res.status).toBe(200);
		const mine = res.json;
		expect(mine.profile).toMatchObject({ name: amara.name, email: amara.email });
		expect(mine.memberships).toEqual([
			expect.objectContaining({ workspace: p.workspace.name, organisation: p.orgs[0].org.name })
		]);
		expect(mine.comments.map((c: { body: string }) => c.body)).toEqual(['Please pay travel on the day.']);
		expect(mine.suggestions).toEqual([
			expect.objectContaining({ document: 'Involvement policy', replacement: 'Payment within 14 days' })
		]);
		const text = res.text;
		expect(text).not.toContain('Ben’s own words.');
		expect(text).not.toMatch(/argon2|password|secret/i);
		expect(text).not.toContain(amara.sessionToken);

		// The same from the settings page, as a file to keep, and as a page to read.
		const file = await asAmara.get('/settings/data.json');
		expect(file.status).toBe(200);
		expect(file.headers.get('content-disposition')).toMatch(
			/^attachment; filename="parity-my-data-\d{4}-\d\d-\d\d\.json"$/
		);
		expect(file.json.comments).toEqual(mine.comments);
		const page = await asAmara.get('/settings/data');
		expect(page.status).toBe(200);
		expect(page.text).toContain('Please pay travel on the day.');
		expect(page.text).toContain('Payment within 14 days');
		expect(page.text).not.toContain('Ben’s own words.');

		// A token for all of Amara's workspaces may read it; one limited to some workspaces may not.
		const all = await createToken(db, amara.id, { scope: 'read' });
		expect((await apiClient(server, { token: all }).get('/api/v1/me/data')).json.comments).toEqual(
			mine.comments
		);
		const limited = await createToken(db, amara.id, { scope: 'read', workspaceIds: [p.workspace.id] });
		expect((await apiClient(server, { token: limited }).get('/api/v1/me/data')).status).toBe(403);

		// Nobody signed in: asked to sign in, nothing shown.
		expect((await apiClient(server).get('/api/v1/me/data')).status).toBe(401);
		const anonymous = await apiClient(server).get('/settings/data.json');
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toBe('/login?next=/settings/data');
	});
});
