// Drafting checks through the API: on the current text and on a named version, members only, 404 for others.
import { describe, expect, it } from 'vitest';
import { useServer } from '../fixtures/suite.ts';
import { apiClient } from '../fixtures/http.ts';
import { createPartnership, createUser } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

describe('GET /api/v1/documents/{id}/checks', () => {
	it('returns the findings of the document’s kind, for the current text and for a version', async () => {
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const api = apiClient(server, { cookie: orgs[0].delegate.cookie });
		const blank = await api.post(`/api/v1/workspaces/${workspace.id}/documents`, {
			title: 'Involvement payments',
			kind: 'reimbursement'
		});
		expect(blank.status).toBe(201);
		const version = await api.post(`/api/v1/documents/${blank.json.id}/versions`, { name: 'Empty' });
		expect(version.status).toBe(201);
		const fromTemplate = await api.post(`/api/v1/workspaces/${workspace.id}/documents`, {
			title: 'Involvement payments',
			kind: 'reimbursement',
			template: 'reimbursement'
		});

		// A blank policy misses everything the checks look for: the must-fix ones first in their section.
		const empty = await api.get(`/api/v1/documents/${blank.json.id}/checks`);
		expect(empty.status).toBe(200);
		expect(empty.json.kind).toBe('reimbursement');
		expect(empty.json.checks).toEqual([
			'INV1',
			'INV2',
			'INV3',
			'INV4',
			'INV5',
			'INV6',
			'INV7',
			'INV8',
			'G1',
			'G2',
			'G3'
		]);
		const ids = empty.json.findings.map((f: { check: string }) => f.check);
		expect(ids).toEqual(expect.arrayContaining(['INV1', 'INV4', 'INV2', 'INV5', 'INV6', 'INV7', 'G1']));
		expect(empty.json.counts).toEqual({ E: 2, W: 4, I: 1 });
		const inv4 = empty.json.findings.find((f: { check: string }) => f.check === 'INV4');
		expect(inv4).toMatchObject({ severity: 'E', passage: null });
		expect(inv4.sources[0].url).toMatch(/^https:\/\/www\.england\.nhs\.uk\//);

		// The template covers them.
		const covered = await api.get(`/api/v1/documents/${fromTemplate.json.id}/checks`);
		expect(covered.json.findings).toEqual([]);

		// A version: the same checks over what was saved.
		const saved = await api.get(`/api/v1/documents/${blank.json.id}/versions/${version.json.id}/checks`);
		expect(saved.status).toBe(200);
		expect(saved.json.versionId).toBe(version.json.id);
		expect(saved.json.counts).toEqual(empty.json.counts);

		// Not a member: the document does not exist.
		const stranger = await createUser(db, { name: 'Sam Stranger' });
		const other = apiClient(server, { cookie: stranger.cookie });
		expect((await other.get(`/api/v1/documents/${blank.json.id}/checks`)).status).toBe(404);
		expect((await other.get(`/api/v1/documents/nope/checks`)).status).toBe(404);
		// Not signed in, in a members-only workspace: the same.
		expect((await apiClient(server, {}).get(`/api/v1/documents/${blank.json.id}/checks`)).status).toBe(404);
	});
});
