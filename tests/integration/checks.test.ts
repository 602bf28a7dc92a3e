// Drafting checks through the API: on the current text and on a named version, members only, 404 for others.
import { describe, expect, it } from 'vitest';
import { useServer } from '../fixtures/suite.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { createPartnership, createUser } from '../fixtures/factory.ts';
import type { TestServer } from '../fixtures/server.ts';
import { eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { documentVersions } from '../../src/lib/server/db/schema/index.ts';

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
		expect(empty.json.counts).toEqual({ E: 2, W: 4, I: 1, dismissed: 0 });
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

describe('settings, dismissals and results kept with versions', () => {
	it('a facilitator turns a check off with a reason and sets a number; an editor dismisses a finding while its text is unchanged; a version keeps the results', async () => {
		const { workspace, orgs, facilitator } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = apiClient(server, { cookie: orgs[0].delegate.cookie });
		const lead = apiClient(server, { cookie: facilitator.cookie });
		const doc = await editor.post(`/api/v1/workspaces/${workspace.id}/documents`, {
			title: 'Commissioning principles',
			kind: 'procurement_principles'
		});
		const checks = async () => (await editor.get(`/api/v1/documents/${doc.json.id}/checks`)).json;
		const before = await checks();
		expect(before.checks).toContain('PR10');

		// Settings: facilitators only, a reason to turn one off, numbers in range.
		const off = { check: 'PR10', off: true, reason: 'We fund by contract only; the agreement says so.' };
		expect((await editor.put(`/api/v1/workspaces/${workspace.id}/checks`, off)).status).toBe(403);
		expect(
			(await lead.put(`/api/v1/workspaces/${workspace.id}/checks`, { check: 'PR10', off: true })).status
		).toBe(422);
		expect(
			(await lead.put(`/api/v1/workspaces/${workspace.id}/checks`, { check: 'PR6', value: 900 })).status
		).toBe(422);
		expect(
			(await lead.put(`/api/v1/workspaces/${workspace.id}/checks`, { check: 'PR2', value: 9 })).status
		).toBe(422);
		expect(
			(await lead.put(`/api/v1/workspaces/${workspace.id}/checks`, { check: 'XX9', off: false })).status
		).toBe(422);
		expect((await lead.put(`/api/v1/workspaces/${workspace.id}/checks`, off)).status).toBe(200);
		const set = await lead.put(`/api/v1/workspaces/${workspace.id}/checks`, { check: 'PR6', value: 14 });
		expect(set.json.config.maxPaymentDays).toBe(14);
		const after = await checks();
		expect(after.checks).not.toContain('PR10');
		expect(after.off).toEqual([{ check: 'PR10', reason: off.reason }]);
		expect((await editor.get(`/api/v1/workspaces/${workspace.id}/checks`)).json.off).toEqual(after.off);

		// A dismissal, with a reason; it holds while its text is unchanged.
		const pr7 = after.findings.find((f: { check: string }) => f.check === 'PR7');
		const bad = await editor.post(`/api/v1/documents/${doc.json.id}/checks/dismissals`, {
			key: pr7.key,
			reason: ' '
		});
		expect(bad.status).toBe(422);
		const gone = await editor.post(`/api/v1/documents/${doc.json.id}/checks/dismissals`, {
			key: 'PR7:00000000',
			reason: 'Covered elsewhere.'
		});
		expect(gone.status).toBe(422);
		const dismissed = await editor.post(`/api/v1/documents/${doc.json.id}/checks/dismissals`, {
			key: pr7.key,
			reason: 'Full cost recovery is in our grants policy.'
		});
		expect(dismissed.status).toBe(201);
		const now = await checks();
		expect(now.findings.find((f: { key: string }) => f.key === pr7.key).dismissed).toEqual({
			reason: 'Full cost recovery is in our grants policy.'
		});
		expect(now.counts.dismissed).toBe(1);
		expect(now.counts.W).toBe(after.counts.W - 1);

		// A version keeps the results as they were, with the dismissed finding and its reason.
		const v = await editor.post(`/api/v1/documents/${doc.json.id}/versions`, { name: 'For the panel' });
		expect(v.status).toBe(201);
		const { getVersion } = await import('../../src/lib/server/documents/repository.ts');
		const stored = JSON.parse((await getVersion(db, doc.json.id, v.json.id))!.checks!);
		expect(stored).toMatchObject({ counts: now.counts, off: now.off, config: { maxPaymentDays: 14 } });
		expect(stored.findings.filter((f: { dismissed: unknown }) => f.dismissed)).toEqual([
			expect.objectContaining({
				key: pr7.key,
				dismissed: { reason: 'Full cost recovery is in our grants policy.' }
			})
		]);
		expect(JSON.stringify(stored)).not.toContain(orgs[0].delegate.id);

		// Taken back, it counts again.
		const undo = await editor.delete(
			`/api/v1/documents/${doc.json.id}/checks/dismissals/${encodeURIComponent(pr7.key)}`
		);
		expect(undo.status).toBe(204);
		expect((await checks()).counts.dismissed).toBe(0);
	});
});

describe('results on votes, decisions and the register', () => {
	it('the vote page, the decision and the register entry say what the checks found on the text, dismissals with reasons, never who', async () => {
		const { workspace, orgs, facilitator } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = apiClient(server, { cookie: orgs[0].delegate.cookie });
		const lead = apiClient(server, { cookie: facilitator.cookie });
		const doc = await editor.post(`/api/v1/workspaces/${workspace.id}/documents`, {
			title: 'Involvement payments',
			kind: 'reimbursement'
		});
		const found = (await editor.get(`/api/v1/documents/${doc.json.id}/checks`)).json;
		const inv7 = found.findings.find((f: { check: string }) => f.check === 'INV7');
		const reason = 'Adjustments are in our accessibility charter.';
		expect(
			(await editor.post(`/api/v1/documents/${doc.json.id}/checks/dismissals`, { key: inv7.key, reason }))
				.status
		).toBe(201);
		const counts = (await editor.get(`/api/v1/documents/${doc.json.id}/checks`)).json.counts;
		const { checksSentence } = await import('../../src/lib/domain/checks/words.ts');
		const sentence = checksSentence(counts);
		expect(sentence).toMatch(/^2 must-fix findings and 4 to consider \(1 dismissed, with reasons\)$/);

		const vote = await lead.post(`/api/v1/workspaces/${workspace.id}/votes`, {
			question: 'Adopt the involvement policy?',
			opensAt: '2100-01-01T09:00:00Z',
			closesAt: '2100-01-02T09:00:00Z',
			documentId: doc.json.id,
			electorate: orgs.map((o) => o.org.id)
		});
		expect(vote.status).toBe(201);
		expect((await lead.post(`/api/v1/votes/${vote.json.id}/open`, {})).status).toBe(200);
		const page = await lead.get(`/w/${workspace.slug}/votes/${vote.json.id}`);
		expect(page.text).toContain(`Put to the vote with ${sentence}.`);
		expect(page.text).toContain(reason);

		for (const o of orgs)
			expect(
				(
					await apiClient(server, { cookie: o.delegate.cookie }).post(
						`/api/v1/votes/${vote.json.id}/ballots`,
						{
							organisationId: o.org.id,
							choice: 'for'
						}
					)
				).status
			).toBe(201);
		expect(
			(await lead.post(`/api/v1/votes/${vote.json.id}/close`, { reason: 'Everyone has voted' })).status
		).toBe(200);
		const decision = await lead.post(`/api/v1/workspaces/${workspace.id}/decisions`, {
			method: 'vote',
			voteId: vote.json.id,
			title: 'Involvement policy adopted',
			rationale: 'Both chambers agreed.',
			decidedWhere: 'Partnership board, online'
		});
		expect(decision.status).toBe(201);
		const decided = await lead.get(`/w/${workspace.slug}/decisions/${decision.json.id}`);
		expect(decided.text).toContain(`The text was put to the vote with ${sentence}.`);

		const entries = (await lead.get(`/api/v1/workspaces/${workspace.id}/register`)).json.entries as {
			type: string;
			payload: { document: { checks: unknown } };
		}[];
		const entry = entries.find((e) => e.type === 'decision.published')!;
		expect(entry.payload.document.checks).toEqual({
			version: expect.any(String),
			counts: { E: counts.E, W: counts.W, I: counts.I },
			dismissed: [{ finding: inv7.key, reason }]
		});
		expect(JSON.stringify(entry.payload.document.checks)).not.toContain(orgs[0].delegate.id);
	});
});

describe('the drafting checks settings page', () => {
	it('lets a facilitator turn a check off with a reason and set a number, without JavaScript', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const path = `/w/${p.workspace.slug}/settings/checks`;
		const page = await apiClient(server, { cookie: p.facilitator.cookie }).get(path);
		expect(page.status).toBe(200);
		expect(page.text).toContain('Save SV1');

		// Off without a reason: refused, nothing changed.
		const bare = await postForm(
			server,
			`${path}?/configure`,
			{ check: 'PR4', off: 'on', reason: '' },
			{ cookie: p.facilitator.cookie }
		);
		expect(bare.status).toBe(422);
		expect(bare.text).toContain('Say why the check is turned off');
		const off = await postForm(
			server,
			`${path}?/configure`,
			{ check: 'PR4', off: 'on', reason: 'We use grants, not contracts' },
			{ cookie: p.facilitator.cookie }
		);
		expect(off.status).toBe(200);
		const numbered = await postForm(
			server,
			`${path}?/configure`,
			{ check: 'SV1', value: '15', reason: '' },
			{ cookie: p.facilitator.cookie }
		);
		expect(numbered.status).toBe(200);
		const tooMuch = await postForm(
			server,
			`${path}?/configure`,
			{ check: 'SV1', value: '150', reason: '' },
			{ cookie: p.facilitator.cookie }
		);
		expect(tooMuch.status).toBe(422);

		const settings = await apiClient(server, { cookie: p.orgs[0].delegate.cookie }).get(
			`/api/v1/workspaces/${p.workspace.id}/checks`
		);
		expect(settings.json.off).toEqual([{ check: 'PR4', reason: 'We use grants, not contracts' }]);
		expect(settings.json.config.minWeighting).toBe(15);

		// Only facilitators may.
		const member = await postForm(
			server,
			`${path}?/configure`,
			{ check: 'PR4', off: '' },
			{ cookie: p.orgs[0].delegate.cookie }
		);
		expect(member.status).toBe(403);
		expect((await apiClient(server, { cookie: p.orgs[0].delegate.cookie }).get(path)).status).toBe(403);
	});
});

describe('checks for a document of kind other', () => {
	it('runs none until a facilitator picks a set, on the settings page without JavaScript or through the API', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = apiClient(server, { cookie: p.orgs[0].delegate.cookie });
		const lead = apiClient(server, { cookie: p.facilitator.cookie });
		const doc = await editor.post(`/api/v1/workspaces/${p.workspace.id}/documents`, {
			title: 'Terms of reference',
			kind: 'other'
		});
		const policy = await editor.post(`/api/v1/workspaces/${p.workspace.id}/documents`, {
			title: 'Social value',
			kind: 'social_value'
		});
		const none = await editor.get(`/api/v1/documents/${doc.json.id}/checks`);
		expect(none.json).toMatchObject({ kind: 'other', families: [], checks: [], findings: [] });
		expect((await editor.get(`/api/v1/documents/${policy.json.id}/checks`)).json.families).toBeNull();

		// The settings page lists the document; a facilitator ticks the representation checks (G) there.
		const path = `/w/${p.workspace.slug}/settings/checks`;
		expect((await lead.get(path)).text).toContain('Save checks for Terms of reference');
		const saved = await postForm(
			server,
			`${path}?/checkSet`,
			{ document: doc.json.id, title: 'Terms of reference', 'family-G': 'on' },
			{ cookie: p.facilitator.cookie }
		);
		expect(saved.status).toBe(200);
		expect(saved.text).toContain('The checks for “Terms of reference” are set.');
		const some = await editor.get(`/api/v1/documents/${doc.json.id}/checks`);
		expect(some.json.families).toEqual(['G']);
		expect(some.json.checks).toEqual(['G1', 'G2', 'G3']);
		expect(some.json.findings.map((f: { check: string }) => f.check)).toContain('G1');

		// The API too; the set is kept with a named version.
		const both = await lead.put(`/api/v1/documents/${doc.json.id}/checks/set`, { families: ['PR', 'G'] });
		expect(both.status).toBe(200);
		expect(both.json).toEqual({ documentId: doc.json.id, families: ['PR', 'G'] });
		expect((await editor.get(`/api/v1/documents/${doc.json.id}/checks`)).json.checks).toContain('PR10');
		const version = await editor.post(`/api/v1/documents/${doc.json.id}/versions`, { name: 'Draft' });
		expect(version.status).toBe(201);
		const [row] = await db
			.select({ checks: documentVersions.checks })
			.from(documentVersions)
			.where(eq(documentVersions.id, version.json.id));
		expect(JSON.parse(row.checks!).families).toEqual(['PR', 'G']);

		// Refused: an editor (403), a document whose kind sets its checks, an unknown family (422), another
		// workspace's document (404); nothing changed.
		expect((await editor.put(`/api/v1/documents/${doc.json.id}/checks/set`, { families: [] })).status).toBe(
			403
		);
		const forKind = await lead.put(`/api/v1/documents/${policy.json.id}/checks/set`, { families: ['PR'] });
		expect(forKind.status).toBe(422);
		expect(forKind.json.error.message).toContain('follow its kind');
		expect((await lead.put(`/api/v1/documents/${doc.json.id}/checks/set`, { families: ['XX'] })).status).toBe(
			422
		);
		const elsewhere = await createPartnership(db, { vcse: 1, statutory: 1 });
		expect(
			(
				await apiClient(server, { cookie: elsewhere.facilitator.cookie }).put(
					`/api/v1/documents/${doc.json.id}/checks/set`,
					{ families: [] }
				)
			).status
		).toBe(404);
		const member = await postForm(
			server,
			`${path}?/checkSet`,
			{ document: doc.json.id, title: 'Terms of reference' },
			{ cookie: p.orgs[0].delegate.cookie }
		);
		expect(member.status).toBe(403);
		expect((await editor.get(`/api/v1/documents/${doc.json.id}/checks`)).json.families).toEqual(['PR', 'G']);
	});
});
