// What a hostile member tries against the promises that nobody can bend the chambers or the record: each
// attempt is a real request to the real server, and each must be refused (or, where it is allowed, change
// nothing it should not).
import { describe, expect, it } from 'vitest';
import { useServer } from '../fixtures/suite.ts';
import type { TestServer } from '../fixtures/server.ts';
import { createPartnership, type TestUser } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { seedDocument } from './collab-client.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let db: DB;
useServer({}, (s) => ({ server, db } = s));

const HOUR = 3600_000;
const as = (user: TestUser) => apiClient(server, { cookie: user.cookie });

type Partnership = Awaited<ReturnType<typeof createPartnership>>;

/** A closed vote on a document, every partner voting `choice`. */
async function closedVote(p: Partnership, documentId: string, choice: 'for' | 'against') {
	const fac = as(p.facilitator);
	const created = await fac.post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
		question: `Adopt the policy (${choice})?`,
		documentId,
		opensAt: new Date(Date.now() + HOUR).toISOString(),
		closesAt: new Date(Date.now() + 2 * HOUR).toISOString()
	});
	expect(created.status, created.text).toBe(201);
	const opened = await fac.post(`/api/v1/votes/${created.json.id}/open`);
	expect(opened.status, opened.text).toBe(200);
	for (const { org, delegate } of p.orgs) {
		const cast = await as(delegate).post(`/api/v1/votes/${created.json.id}/ballots`, {
			organisationId: org.id,
			choice
		});
		expect(cast.status, cast.text).toBe(201);
	}
	const closed = await fac.post(`/api/v1/votes/${created.json.id}/close`, { reason: 'Everyone has voted' });
	expect(closed.status, closed.text).toBe(200);
	return opened.json as { id: string; documentVersionId: string };
}

const policy = (p: Partnership) =>
	seedDocument(server, db, p.workspace.id, { cookie: p.orgs[0].delegate.cookie }, [
		['heading', 'Social value policy'],
		['paragraph', 'Every tender weights social value at ten per cent.']
	]);

const record = { title: 'Social value policy', rationale: 'As the vote went.', decidedWhere: 'Board' };

describe('a decision published from a vote', () => {
	it('has the outcome the tally gives and adopts only the version the vote pinned, through the API and the form', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const fac = as(p.facilitator);
		const docId = await policy(p);
		const failed = await closedVote(p, docId, 'against');
		const publish = (body: Record<string, unknown>) =>
			fac.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, { method: 'vote', ...record, ...body });

		// The vote failed: it cannot be published as approved (or as deferred), and nothing is recorded.
		for (const outcome of ['approved', 'deferred']) {
			const bent = await publish({ voteId: failed.id, outcome });
			expect(bent.status, bent.text).toBe(422);
			expect(bent.json.error.message).toMatch(/vote failed.*Rejected/);
		}
		const registerBefore = (await fac.get(`/api/v1/workspaces/${p.workspace.id}/register`)).json.entries;
		expect(registerBefore.some((e: { type: string }) => e.type === 'decision.published')).toBe(false);
		expect((await fac.get(`/api/v1/documents/${docId}`)).json.status).not.toBe('decided');

		// The form shows the outcome the tally gives, and offers no outcome to choose for a vote.
		const page = await fetch(`${server.url}/w/${p.workspace.slug}/decisions/new?vote=${failed.id}`, {
			headers: { cookie: p.facilitator.cookie }
		});
		const html = await page.text();
		expect(html).toMatch(/the vote failed: Rejected/);
		const formBent = await postForm(
			server,
			`/w/${p.workspace.slug}/decisions/new`,
			{ method: 'vote', voteId: failed.id, outcome: 'approved', ...record },
			{ cookie: p.facilitator.cookie }
		);
		expect(formBent.status).toBe(422);
		expect(formBent.text).toMatch(/vote failed/);

		const rejected = await publish({ voteId: failed.id });
		expect(rejected.status, rejected.text).toBe(201);
		expect(rejected.json.outcome).toBe('rejected');

		// A vote that passed is approved; it cannot be published as rejected, nor adopt a version it did not pin.
		const passed = await closedVote(p, docId, 'for');
		expect((await publish({ voteId: passed.id, outcome: 'rejected' })).status).toBe(422);
		const other = await as(p.orgs[0].delegate).post(`/api/v1/documents/${docId}/versions`, {
			name: 'Not put to the vote'
		});
		expect(other.status, other.text).toBe(201);
		const swapped = await publish({ voteId: passed.id, documentId: docId, documentVersionId: other.json.id });
		expect(swapped.status, swapped.text).toBe(422);
		expect(swapped.json.error.message).toMatch(/version the vote pinned/);
		const approved = await publish({ voteId: passed.id, outcome: 'approved' });
		expect(approved.status, approved.text).toBe(201);
		expect(approved.json.document.versionId).toBe(passed.documentVersionId);
	});
});
