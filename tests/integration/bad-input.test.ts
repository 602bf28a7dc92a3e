// Bad input gets a clear 4xx and writes nothing: times out of range, bodies over the limits (with and without
// Content-Length), ill-formed text and NUL characters, empty and unknown ids. (The OpenAPI-wide walk is in
// fuzz-openapi.test.ts.)
import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { count, eq } from 'drizzle-orm';
import { useServer } from '../fixtures/suite.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { createPartnership, createUser } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import { first, type DB } from '../../src/lib/server/db/index.ts';
import {
	actions,
	decisions,
	registerEntries,
	votes,
	workspaces
} from '../../src/lib/server/db/schema/index.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

const MIB = 1024 * 1024;
/** The server's body limit (BODY_SIZE_LIMIT 10M, in adapter-node's units). */
const SERVER_LIMIT = 10 * MIB;
const rows = async (
	table: typeof votes | typeof decisions | typeof actions | typeof registerEntries | typeof workspaces
) => first(await db.select({ n: count() }).from(table)).n;

function expectError(res: { status: number; json: unknown }, status: number, code: string, message?: RegExp) {
	expect(res.status).toBe(status);
	expect(res.json).toEqual({ error: { code, message: expect.any(String) } });
	if (message) expect((res.json as { error: { message: string } }).error.message).toMatch(message);
}

/**
 * Sends a body through node:http, in 64 KiB chunks without Content-Length (`chunked`) or with it, one chunk
 * at a time, and stops sending once the server has answered (a server may answer 413 before reading a body
 * it will not take, then close the connection).
 */
function rawPost(
	path: string,
	headers: Record<string, string>,
	body: Buffer,
	{ chunked }: { chunked: boolean }
): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		let answered = false;
		const req = http.request(
			server.url + path,
			{
				method: 'POST',
				agent: false,
				headers: chunked ? headers : { ...headers, 'content-length': String(body.length) }
			},
			(res) => {
				answered = true;
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode!, text }));
			}
		);
		req.on('error', (e) => {
			if (!answered) reject(e);
		});
		(async () => {
			// Over the server's limit, a declared length is refused before anything is read: send the headers
			// only and wait for that answer (sending the body would race the server closing the connection).
			if (!chunked && body.length > SERVER_LIMIT) {
				req.flushHeaders();
				return;
			}
			for (let i = 0; i < body.length && !answered && !req.destroyed; i += 64 * 1024)
				await new Promise((done) => req.write(body.subarray(i, i + 64 * 1024), done));
			if (!answered && !req.destroyed) req.end();
		})();
	});
}

describe('times', () => {
	it('a vote closing at 8640000000000001 (or any time outside 2000–2199) is refused with 422 and not stored', async () => {
		const p = await createPartnership(db);
		const api = apiClient(server, { cookie: p.facilitator.cookie });
		const before = await rows(votes);
		const cases: Record<string, unknown>[] = [
			{ opensAt: Date.now() + 60_000, closesAt: 8640000000000001 },
			{ opensAt: Date.now() + 60_000, closesAt: 8640000000000000 },
			{ opensAt: Date.now() + 60_000, closesAt: '2200-01-01T00:00:00Z' },
			{ opensAt: 0, closesAt: Date.now() + 3600_000 },
			{ opensAt: Date.now() + 60_000, closesAt: 1e308 }
		];
		for (const times of cases) {
			const res = await api.post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
				question: 'Adopt it?',
				...times
			});
			expectError(res, 422, 'invalid', /between 2000-01-01 and 2199-12-31/);
		}
		expect(await rows(votes)).toBe(before);

		// The same rule on the page form (times typed in the workspace's zone)
		const form = await postForm(
			server,
			`/w/${p.workspace.slug}/votes/new`,
			{
				question: 'Adopt it?',
				opensAt: '2026-12-01T09:00',
				closesAt: '9999-12-31T23:59',
				electorateMode: 'all'
			},
			{ cookie: p.facilitator.cookie }
		);
		expect(form.status).toBe(422);
		expect(form.text).toContain('between 2000-01-01 and 2199-12-31');
		expect(await rows(votes)).toBe(before);
	});

	it('tokens, consultations, decisions and actions refuse times outside the range', async () => {
		const p = await createPartnership(db);
		const api = apiClient(server, { cookie: p.facilitator.cookie });
		const ws = p.workspace.id;
		const range = /between 2000-01-01 and 2199-12-31/;
		expectError(
			await api.post('/api/v1/tokens', { name: 't', scope: 'read', expiresAt: '2500-01-01T00:00:00Z' }),
			422,
			'invalid',
			range
		);
		const doc = await api.post(`/api/v1/workspaces/${ws}/documents`, { title: 'Policy', kind: 'other' });
		expectError(
			await api.post(`/api/v1/documents/${doc.json.id}/consultations`, {
				closesAt: '9999-12-31T23:59',
				audience: 'members',
				questions: ['Why?']
			}),
			422,
			'invalid',
			range
		);
		const before = {
			decisions: await rows(decisions),
			actions: await rows(actions),
			entries: await rows(registerEntries)
		};
		expectError(
			await api.post(`/api/v1/workspaces/${ws}/decisions`, {
				method: 'consensus',
				title: 'A decision',
				question: 'Q?',
				outcome: 'approved',
				rationale: 'Because',
				decidedWhere: 'Online',
				decidedAt: 8640000000000001,
				organisations: [p.orgs[0].org.id]
			}),
			422,
			'invalid',
			range
		);
		expectError(
			await api.post(`/api/v1/workspaces/${ws}/actions`, {
				ownerOrganisationId: p.orgs[0].org.id,
				description: 'Do it',
				dueDate: '9999-12-31'
			}),
			422,
			'invalid',
			range
		);
		expect({
			decisions: await rows(decisions),
			actions: await rows(actions),
			entries: await rows(registerEntries)
		}).toEqual(before);
	});

	it('a vote stored with a time no Date can hold does not break the votes pages and endpoints', async () => {
		const p = await createPartnership(db);
		const api = apiClient(server, { cookie: p.facilitator.cookie });
		const created = await api.post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
			question: 'Adopt it?',
			opensAt: Date.now() + 3600_000,
			closesAt: Date.now() + 7200_000
		});
		expect(created.status).toBe(201);
		// As an older version stored it, and the scheduler opened it
		await db
			.update(votes)
			.set({
				closesAt: 8640000000000001,
				opensAt: Date.now() - 1000,
				status: 'open',
				openedAt: Date.now() - 1000
			})
			.where(eq(votes.id, created.json.id));
		for (const path of [
			`/api/v1/workspaces/${p.workspace.id}/votes`,
			`/api/v1/votes/${created.json.id}`,
			`/w/${p.workspace.slug}/votes`,
			`/w/${p.workspace.slug}/votes/${created.json.id}`
		]) {
			const res = await api.get(path);
			expect(res.status, path).toBe(200);
		}
	});
});

describe('body limits', () => {
	it('a JSON body over 1 MiB answers 413 in the JSON error shape, with or without Content-Length', async () => {
		const p = await createPartnership(db);
		const headers = {
			cookie: p.facilitator.cookie,
			origin: server.url,
			'content-type': 'application/json'
		};
		const before = await rows(workspaces);
		const over = Buffer.from(JSON.stringify({ name: 'A workspace', description: 'x'.repeat(MIB) }));
		for (const chunked of [false, true]) {
			const res = await rawPost('/api/v1/workspaces', headers, over, { chunked });
			expect(res.status, `chunked: ${chunked}`).toBe(413);
			expect(JSON.parse(res.text)).toEqual({
				error: { code: 'too_large', message: expect.stringMatching(/1 MiB/) }
			});
		}
		// Under 1 MiB (but over adapter-node's default of 512 KiB) the body is read and its fields checked
		const under = Buffer.from(JSON.stringify({ name: 'A workspace', description: 'x'.repeat(900 * 1024) }));
		for (const chunked of [false, true]) {
			const res = await rawPost('/api/v1/workspaces', headers, under, { chunked });
			expect(res.status, `chunked: ${chunked}`).toBe(422);
			expect(JSON.parse(res.text).error.code).toBe('invalid');
		}
		// Over the server's 10 MB limit, too
		// (just over it, so that a chunked body is all sent when the server finds it too large)
		const huge = Buffer.from(JSON.stringify({ name: 'A workspace', description: 'x'.repeat(SERVER_LIMIT) }));
		for (const chunked of [false, true]) {
			const res = await rawPost('/api/v1/workspaces', headers, huge, { chunked });
			expect(res.status, `chunked: ${chunked}`).toBe(413);
			expect(JSON.parse(res.text).error.code).toBe('too_large');
		}
		expect(await rows(workspaces)).toBe(before);
	});

	it('form posts take up to 10 MB and answer 413 above it, with or without Content-Length', async () => {
		const user = await createUser(db);
		const headers = {
			cookie: user.cookie,
			origin: server.url,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		};
		const before = await rows(workspaces);
		// 2 MB: read (the 512 KiB default would refuse it) and refused by the field's own limit
		const form = (size: number) => Buffer.from(`name=A+workspace&description=${'x'.repeat(size)}`);
		expect((await rawPost('/w/new', headers, form(2 * MIB), { chunked: false })).status).toBe(400);
		for (const chunked of [false, true])
			expect(
				(await rawPost('/w/new', headers, form(SERVER_LIMIT), { chunked })).status,
				`chunked: ${chunked}`
			).toBe(413);
		expect(await rows(workspaces)).toBe(before);
	});
});

describe('text', () => {
	it('a lone surrogate in a decision or action field, or NUL, is refused with 422 and writes nothing', async () => {
		const p = await createPartnership(db);
		const api = apiClient(server, { cookie: p.facilitator.cookie });
		const ws = p.workspace.id;
		const decision = {
			method: 'consensus',
			title: 'A decision',
			question: 'Q?',
			outcome: 'approved',
			rationale: 'Because',
			decidedWhere: 'Online',
			decidedAt: new Date().toISOString(),
			organisations: [p.orgs[0].org.id]
		};
		const action = { ownerOrganisationId: p.orgs[0].org.id, description: 'Do it', dueDate: '2100-01-01' };
		const before = {
			decisions: await rows(decisions),
			actions: await rows(actions),
			entries: await rows(registerEntries)
		};
		for (const bad of ['\ud800', 'a\udfffb', 'x\u0000y']) {
			for (const field of ['title', 'question', 'rationale', 'decidedWhere'])
				expectError(
					await api.post(`/api/v1/workspaces/${ws}/decisions`, { ...decision, [field]: bad }),
					422,
					'invalid',
					new RegExp(field)
				);
			expectError(
				await api.post(`/api/v1/workspaces/${ws}/decisions`, {
					...decision,
					actions: [{ ...action, description: bad }]
				}),
				422,
				'invalid',
				/actions\.0\.description/
			);
			expectError(
				await api.post(`/api/v1/workspaces/${ws}/actions`, { ...action, description: bad }),
				422,
				'invalid'
			);
		}
		// A raw body with the escape, as a client other than a JavaScript one would send it
		const raw = await api.post(
			`/api/v1/workspaces/${ws}/actions`,
			`{"ownerOrganisationId":"${action.ownerOrganisationId}","description":"\\ud800","dueDate":"2100-01-01"}`
		);
		expectError(raw, 422, 'invalid', /description: contains ill-formed Unicode/);
		// Nesting as deep as a 1 MiB body can hold
		const deep = '['.repeat(400_000) + ']'.repeat(400_000);
		expectError(await api.post(`/api/v1/workspaces/${ws}/actions`, deep), 422, 'invalid', /nests deeper/);
		expectError(
			await api.post(`/api/v1/workspaces/${ws}/actions`, `{"description":${deep}}`),
			422,
			'invalid'
		);
		expect({
			decisions: await rows(decisions),
			actions: await rows(actions),
			entries: await rows(registerEntries)
		}).toEqual(before);
	});

	it('a form post with a NUL character is refused with 400 and writes nothing', async () => {
		const user = await createUser(db);
		const before = await rows(workspaces);
		const res = await postForm(server, '/w/new', { name: 'Nul\u0000workspace' }, { cookie: user.cookie });
		expect(res.status).toBe(400);
		expect(res.text).toContain('NUL character');
		const enhanced = await postForm(
			server,
			'/w/new',
			{ name: 'Nul\u0000workspace' },
			{ cookie: user.cookie, headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } }
		);
		expect(enhanced.status).toBe(400);
		expect(JSON.parse(enhanced.text)).toMatchObject({
			type: 'error',
			error: { message: expect.stringContaining('NUL') }
		});
		expect(await rows(workspaces)).toBe(before);
	});
});

describe('ids', () => {
	it('an empty, blank or unknown decisionId on a new action, or person on a decision, is a 422 and writes nothing', async () => {
		const p = await createPartnership(db);
		const api = apiClient(server, { cookie: p.facilitator.cookie });
		const action = { ownerOrganisationId: p.orgs[0].org.id, description: 'Do it', dueDate: '2100-01-01' };
		const before = { actions: await rows(actions), entries: await rows(registerEntries) };
		for (const decisionId of ['', ' ', 'no-such-decision'])
			expectError(
				await api.post(`/api/v1/workspaces/${p.workspace.id}/actions`, { ...action, decisionId }),
				422,
				'invalid',
				/decision/i
			);
		expect({ actions: await rows(actions), entries: await rows(registerEntries) }).toEqual(before);
		// The same for the people named on a decision (attendees, declared conflicts)
		const decision = {
			method: 'consensus',
			title: 'A decision',
			question: 'Q?',
			outcome: 'approved',
			rationale: 'Because',
			decidedWhere: 'Online',
			decidedAt: new Date().toISOString(),
			organisations: [p.orgs[0].org.id]
		};
		const decisionsBefore = await rows(decisions);
		for (const id of ['', ' ', 'no-such-id'])
			for (const field of ['userId', 'organisationId']) {
				const person = { name: 'A person', [field]: id };
				for (const extra of [{ attendees: [person] }, { conflicts: [{ ...person, declaration: 'Trustee' }] }])
					expectError(
						await api.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, { ...decision, ...extra }),
						422,
						'invalid'
					);
			}
		expect(await rows(decisions)).toBe(decisionsBefore);
		expect({ actions: await rows(actions), entries: await rows(registerEntries) }).toEqual(before);
		// null and leaving it out still mean "no decision"
		expect(
			(await api.post(`/api/v1/workspaces/${p.workspace.id}/actions`, { ...action, decisionId: null })).status
		).toBe(201);
	});
});
