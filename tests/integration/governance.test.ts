// What a hostile member tries against the promises that nobody can bend the chambers or the record: each
// attempt is a real request to the real server, and each must be refused (or, where it is allowed, change
// nothing it should not).
import { describe, expect, it } from 'vitest';
import { useServer } from '../fixtures/suite.ts';
import type { TestServer } from '../fixtures/server.ts';
import { addMember, createPartnership, createToken, createUser, type TestUser } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { raw, seedDocument } from '../fixtures/collab-client.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { rawSql } from '../fixtures/sql.ts';

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
		// Nor dated otherwise, nor with only some of the organisations that voted (the others could not dissent).
		const silenced = await publish({ voteId: failed.id, organisations: [p.orgs[0].org.id] });
		expect(silenced.status, silenced.text).toBe(422);
		expect(silenced.json.error.message).toMatch(/the ones that voted/);
		const backdated = await publish({
			voteId: failed.id,
			decidedAt: new Date(Date.now() - 9 * HOUR).toISOString()
		});
		expect(backdated.status, backdated.text).toBe(422);
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

describe('the boundary between two workspaces', () => {
	it('a facilitator of one, or a token limited to it, reaches nothing of the other', async () => {
		const a = await createPartnership(db, { vcse: 1, statutory: 0 });
		const b = await createPartnership(db, { vcse: 1, statutory: 0 });
		const orgB = b.orgs[0].org;
		const docB = await policy(b);
		const voteB = await as(b.facilitator).post(`/api/v1/workspaces/${b.workspace.id}/votes`, {
			question: 'A private question?',
			opensAt: new Date(Date.now() + HOUR).toISOString(),
			closesAt: new Date(Date.now() + 2 * HOUR).toISOString()
		});
		expect(voteB.status, voteB.text).toBe(201);
		const decisionB = await as(b.facilitator).post(`/api/v1/workspaces/${b.workspace.id}/decisions`, {
			method: 'consensus',
			outcome: 'deferred',
			question: 'Defer?',
			decidedAt: new Date(Date.now() - HOUR).toISOString(),
			organisations: [orgB.id],
			...record
		});
		expect(decisionB.status, decisionB.text).toBe(201);

		// A's facilitator is also an observer in B; their token is limited to A.
		const mal = a.facilitator;
		await addMember(db, b.workspace.id, mal.id, { role: 'observer' });
		const token = await createToken(db, mal.id, { workspaceIds: [a.workspace.id] });
		const limited = apiClient(server, { token, origin: null });
		const refused = async (r: Promise<{ status: number; text: string }>, codes = [403, 404]) => {
			const res = await r;
			expect(codes, res.text).toContain(res.status);
		};
		// The chamber and flags of B's partner: not through A, not as an observer of B, not as an editor of B.
		await refused(
			as(mal).patch(`/api/v1/workspaces/${a.workspace.id}/partners/${orgB.id}`, { sector: 'statutory' }),
			[404]
		);
		await refused(
			as(mal).patch(`/api/v1/workspaces/${b.workspace.id}/partners/${orgB.id}`, { grassroots: true })
		);
		await refused(
			as(b.orgs[0].delegate).patch(`/api/v1/workspaces/${b.workspace.id}/partners/${orgB.id}`, {
				confirm: true
			})
		);
		// Everything of B, through the token limited to A.
		const w = `/api/v1/workspaces/${b.workspace.id}`;
		for (const path of [
			w,
			`${w}/members`,
			`${w}/partners`,
			`${w}/register`,
			`${w}/votes`,
			`${w}/decisions`,
			`${w}/documents`,
			`${w}/actions`,
			`${w}/invitations`,
			`/api/v1/votes/${voteB.json.id}`,
			`/api/v1/decisions/${decisionB.json.id}`,
			`/api/v1/documents/${docB}`,
			`/api/v1/documents/${docB}/versions`,
			`/api/v1/documents/${docB}/comments`,
			`/api/v1/documents/${docB}/suggestions`,
			`/api/v1/organisations/${orgB.id}`,
			`/api/v1/organisations/${orgB.id}/members`
		])
			await refused(limited.get(path));
		await refused(limited.post(`/api/v1/documents/${docB}/revision`));
		await refused(limited.post(`${w}/decisions`, { method: 'consensus', ...record }));
		await refused(limited.post(`${w}/votes`, { question: 'By a token?' }));
		await expect(raw(server, docB, { token }).open).rejects.toThrow(/upgrade refused: 40[34]/);
		await refused(limited.post(`/api/v1/documents/${docB}/versions`, { name: 'By a token' }));
		await refused(limited.patch(`/api/v1/votes/${voteB.json.id}`, { question: 'Changed?' }));
		await refused(limited.post(`/api/v1/decisions/${decisionB.json.id}/dissent`, { statement: 'Not us.' }));
		// The workspace's partners page form, too: an observer of B changes nothing there.
		const form = await postForm(
			server,
			`/w/${b.workspace.slug}/partners?/record`,
			{ organisationId: orgB.id, sector: 'statutory' },
			{ cookie: mal.cookie }
		);
		expect([403, 404]).toContain(form.status);
		const partners = (await as(b.facilitator).get(`${w}/partners`)).json.partners;
		expect(partners[0]).toMatchObject({ organisationId: orgB.id, sector: 'vcse', grassroots: false });
	});
});

describe('organisation membership', () => {
	it('is granted only by a member or an administrator: not to oneself, not by a facilitator; a merge is for administrators', async () => {
		const p = await createPartnership(db, { vcse: 2, statutory: 0 });
		const [mine, theirs] = p.orgs.map((o) => o.org);
		const keeper = p.orgs[0].delegate;
		await rawSql(db)
			.prepare('INSERT INTO organisation_members (organisation_id, user_id, created_at) VALUES (?, ?, ?)')
			.run(mine.id, keeper.id, Date.now());
		for (const user of [keeper, p.facilitator, p.orgs[1].delegate]) {
			const res = await as(user).post(`/api/v1/organisations/${theirs.id}/members`, { userId: user.id });
			expect(res.status, res.text).toBe(403);
		}
		expect((await as(keeper).get(`/api/v1/organisations/${theirs.id}/members`)).status).toBe(403);
		const viaPage = await postForm(
			server,
			`/organisations/${theirs.id}?/addMember`,
			{ email: keeper.email },
			{ cookie: keeper.cookie }
		);
		expect(viaPage.status).toBe(403);
		expect(
			(await as(p.facilitator).post(`/api/v1/organisations/${theirs.id}/merge`, { into: mine.id })).status
		).toBe(403);
		expect(
			(await as(keeper).post(`/api/v1/organisations/${theirs.id}/merge`, { into: mine.id })).status
		).toBe(403);
		expect((await as(keeper).post(`/api/v1/organisations/${theirs.id}/verify`)).status).toBe(403);
		const admin = await createUser(db, { isAdmin: true });
		const adminToken = apiClient(server, {
			token: await createToken(db, admin.id, { workspaceIds: [p.workspace.id] }),
			origin: null
		});
		expect([403, 404]).toContain(
			(await adminToken.post(`/api/v1/organisations/${theirs.id}/merge`, { into: mine.id })).status
		);
		// A keeper adds someone: allowed.
		const added = await as(keeper).post(`/api/v1/organisations/${mine.id}/members`, {
			userId: p.facilitator.id
		});
		expect(added.status, added.text).toBe(201);
	});
});

describe('a decided document', () => {
	it('cannot be changed by suggestion or revision except by a facilitator, and stays decided while an approval stands', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const fac = as(p.facilitator);
		const editor = p.orgs[0].delegate;
		const [observer, commenter] = [await createUser(db), await createUser(db)];
		await addMember(db, p.workspace.id, observer.id, { role: 'observer' });
		await addMember(db, p.workspace.id, commenter.id, { role: 'commenter' });
		const docId = await policy(p);
		const early = await as(commenter).post(`/api/v1/documents/${docId}/suggestions`, {
			quote: 'ten per cent',
			replacement: 'one per cent'
		});
		expect(early.status, early.text).toBe(201);

		// The vote's pinned version cannot be swapped once it has opened.
		const vote = await fac.post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
			question: 'Adopt it?',
			documentId: docId,
			opensAt: new Date(Date.now() + HOUR).toISOString(),
			closesAt: new Date(Date.now() + 2 * HOUR).toISOString()
		});
		const opened = await fac.post(`/api/v1/votes/${vote.json.id}/open`);
		expect(opened.status, opened.text).toBe(200);
		const other = await as(editor).post(`/api/v1/documents/${docId}/versions`, { name: 'Another' });
		const swap = await fac.patch(`/api/v1/votes/${vote.json.id}`, { documentVersionId: other.json.id });
		expect(swap.status, swap.text).toBe(409);
		expect((await fac.get(`/api/v1/votes/${vote.json.id}`)).json.documentVersionId).toBe(
			opened.json.documentVersionId
		);

		const adopt = (body: Record<string, unknown> = {}) =>
			fac.post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
				method: 'consensus',
				outcome: 'approved',
				question: 'Adopt the policy?',
				decidedAt: new Date(Date.now() - HOUR).toISOString(),
				organisations: [p.orgs[0].org.id],
				documentId: docId,
				...record,
				...body
			});
		const first = await adopt();
		expect(first.status, first.text).toBe(201);
		const adopted = first.json.document.versionId;
		const status = async () => (await fac.get(`/api/v1/documents/${docId}`)).json;
		expect(await status()).toMatchObject({ status: 'decided', adoptedVersionId: adopted });

		expect((await as(editor).post(`/api/v1/suggestions/${early.json.id}/accept`)).status).toBe(409);
		const late = await as(commenter).post(`/api/v1/documents/${docId}/suggestions`, {
			quote: 'ten per cent',
			replacement: 'nothing'
		});
		expect(late.status, late.text).toBe(409);
		for (const user of [observer, commenter, editor])
			expect((await as(user).post(`/api/v1/documents/${docId}/revision`)).status).toBe(403);

		// Adopted again by a second record; correcting the first one (twice) leaves the second standing.
		const second = await adopt({ documentVersionId: adopted });
		expect(second.status, second.text).toBe(201);
		expect(await status()).toMatchObject({ status: 'decided', adoptedVersionId: adopted });
		const correct = () =>
			adopt({ outcome: 'rejected', supersedes: first.json.id, supersedeReason: 'Recorded twice.' });
		expect((await correct()).status).toBe(201);
		expect((await correct()).status).toBe(409);
		expect(await status()).toMatchObject({ status: 'decided', adoptedVersionId: adopted });
	});
});
