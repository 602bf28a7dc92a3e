// Decisions pin the text they adopt: a vote pins its document's text at the opening, an approved decision
// sets the live text to the adopted version through the live room, and a decided document is read-only until
// a facilitator starts a revision. Real server, real WebsocketProvider clients.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { createPartnership, type TestUser } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { connect, seedDocument, until, type Client } from '../fixtures/collab-client.ts';
import { contentHash, renderText } from '../../src/lib/domain/content.ts';
import { documents } from '../../src/lib/server/db/schema/index.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let db: DB;

const suite = useServer({}, (s) => ({ server, db } = s));

const HOUR = 3600_000;
const as = (user: TestUser) => apiClient(server, { cookie: user.cookie });

function addParagraph(client: Client, text: string) {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	client.doc.getXmlFragment('default').push([p]);
}

/** Resolves once the server has confirmed everything this client wrote. */
async function confirmed(client: Client) {
	await until(
		() =>
			client.saved.length > 0 &&
			Y.decodeStateVector(client.saved.at(-1)!).get(client.doc.clientID) ===
				Y.getState(client.doc.store, client.doc.clientID),
		'the server to confirm the edit'
	);
}

const versionsOf = async (user: TestUser, documentId: string) =>
	(await as(user).get(`/api/v1/documents/${documentId}/versions`)).json.versions as {
		id: string;
		name: string;
		hash: string;
	}[];

describe('a vote on a document with no saved version', () => {
	it('pins the text at the opening, adopts it live on approval and keeps the document read-only until a revision', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const fac = p.facilitator;
		const editor = p.orgs[0].delegate;
		const docId = await seedDocument(server, db, p.workspace.id, { cookie: editor.cookie }, [
			['heading', 'Social value policy'],
			['paragraph', 'Every tender weights social value at ten per cent.']
		]);
		expect(await versionsOf(editor, docId)).toEqual([]);

		const created = await as(fac).post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
			question: 'Adopt the social value policy?',
			documentId: docId,
			opensAt: new Date(Date.now() + HOUR).toISOString(),
			closesAt: new Date(Date.now() + 2 * HOUR).toISOString()
		});
		expect(created.status, created.text).toBe(201);
		const voteId: string = created.json.id;
		const opened = await as(fac).post(`/api/v1/votes/${voteId}/open`);
		expect(opened.status, opened.text).toBe(200);

		// The opening saved the text as "As put to the vote" and pinned it.
		const atOpening = await versionsOf(editor, docId);
		expect(atOpening.map((v) => v.name)).toEqual(['As put to the vote']);
		const pinned = atOpening[0];
		expect(opened.json.documentVersionId).toBe(pinned.id);
		const current = await as(editor).get(`/api/v1/documents/${docId}`);
		expect(pinned.hash).toBe(current.json.content.hash);
		const page = await fetch(`${server.url}/w/${p.workspace.slug}/votes/${voteId}`, {
			headers: { cookie: editor.cookie }
		});
		const html = await page.text();
		expect(html).toContain(`href="/w/${p.workspace.slug}/documents/${docId}/versions/${pinned.id}"`);
		expect(html).toContain(pinned.hash);

		// Editing continues while the vote is open.
		const live = connect(server, docId, { cookie: editor.cookie }, { ack: true });
		await live.synced();
		addParagraph(live, 'Edited while the vote was open.');
		await confirmed(live);

		for (const { org, delegate } of p.orgs)
			expect(
				(
					await as(delegate).post(`/api/v1/votes/${voteId}/ballots`, {
						organisationId: org.id,
						choice: 'for'
					})
				).status
			).toBe(201);
		expect(
			(await as(fac).post(`/api/v1/votes/${voteId}/close`, { reason: 'Everyone has voted' })).status
		).toBe(200);
		const published = await as(fac).post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'vote',
			voteId,
			title: 'Social value policy adopted',
			rationale: 'Both chambers supported it.',
			decidedWhere: 'Partnership board'
		});
		expect(published.status, published.text).toBe(201);
		expect(published.json.outcome).toBe('approved');
		expect(published.json.document).toMatchObject({
			id: docId,
			versionId: pinned.id,
			versionHash: pinned.hash
		});

		// The edits were saved first; the live text, as a connected client sees it, is the adopted version.
		await until(() => !renderText(live.doc).includes('Edited while'), 'the adopted text to reach the client');
		expect(contentHash(live.doc)).toBe(pinned.hash);
		const after = await versionsOf(editor, docId);
		expect(after.map((v) => v.name).sort()).toEqual(['As put to the vote', 'Edits during the vote']);
		const edits = after.find((v) => v.name === 'Edits during the vote')!;
		const editsText = await as(editor).get(`/api/v1/documents/${docId}/versions/${edits.id}`);
		expect(editsText.json.text).toContain('Edited while the vote was open.');

		// The register entry carries the version's id and SHA-256.
		const register = await as(fac).get(`/api/v1/workspaces/${p.workspace.id}/register`);
		const entry = register.json.entries.find((e: { type: string }) => e.type === 'decision.published');
		expect(entry.payload.document.version).toEqual({
			id: pinned.id,
			name: 'As put to the vote',
			hash: pinned.hash
		});

		// Decided: read-only over the socket and the API.
		const doc = await as(editor).get(`/api/v1/documents/${docId}`);
		expect(doc.json).toMatchObject({ status: 'decided', adoptedVersionId: pinned.id });
		const patched = await as(editor).patch(`/api/v1/documents/${docId}`, { title: 'A new title' });
		expect(patched.status).toBe(409);
		expect(patched.json.error.message).toMatch(/decided/);
		const restore = await postForm(
			server,
			`/w/${p.workspace.slug}/documents/${docId}/versions/${edits.id}?/restore`,
			{},
			{ cookie: editor.cookie }
		);
		expect(restore.status).toBe(409);
		addParagraph(live, 'Typed after the decision.');
		expect(await live.closed()).toBe(4403);
		live.destroy();
		const late = connect(server, docId, { cookie: editor.cookie }, { ack: true });
		await late.synced();
		addParagraph(late, 'Typed by someone who joined later.');
		expect(await late.closed()).toBe(4403);
		late.destroy();
		expect((await as(editor).get(`/api/v1/documents/${docId}`)).json.content.hash).toBe(pinned.hash);

		// The document page says so and links the adopted version; only a facilitator is offered a revision.
		const pageFor = async (user: TestUser) =>
			(
				await fetch(`${server.url}/w/${p.workspace.slug}/documents/${docId}`, {
					headers: { cookie: user.cookie }
				})
			).text();
		const editorPage = await pageFor(editor);
		expect(editorPage).toContain('Decided: read-only');
		expect(editorPage).toContain(`href="/w/${p.workspace.slug}/documents/${docId}/versions/${pinned.id}"`);
		expect(editorPage).not.toContain('Start a revision');
		expect(await pageFor(fac)).toContain('Start a revision');

		// A facilitator (only) starts a revision: under review, and editable again.
		expect((await as(editor).post(`/api/v1/documents/${docId}/revision`)).status).toBe(403);
		const revised = await as(fac).post(`/api/v1/documents/${docId}/revision`);
		expect(revised.status, revised.text).toBe(200);
		expect(revised.json).toMatchObject({ status: 'under_review', adoptedVersionId: pinned.id });
		expect((await as(fac).post(`/api/v1/documents/${docId}/revision`)).status).toBe(409);
		const again = connect(server, docId, { cookie: editor.cookie }, { ack: true });
		await again.synced();
		addParagraph(again, 'The next revision starts here.');
		await confirmed(again);
		again.destroy();
		expect((await as(editor).get(`/api/v1/documents/${docId}`)).json.content.text).toContain(
			'The next revision starts here.'
		);
	});
});

describe('status moves by events only', () => {
	it('adopting by consensus pins the text, closes the open consultation; a correction that rejects it returns the document to review', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1, visibility: 'public' });
		const fac = p.facilitator;
		const docId = await seedDocument(server, db, p.workspace.id, { cookie: fac.cookie }, [
			['paragraph', 'Expenses are paid within 30 days.']
		]);
		const consultation = await as(fac).post(`/api/v1/documents/${docId}/consultations`, {
			closesAt: '2099-01-01T12:00',
			audience: 'members',
			questions: ['Is 30 days right?']
		});
		expect(consultation.status, consultation.text).toBe(201);
		expect((await as(fac).get(`/api/v1/documents/${docId}`)).json.status).toBe('consultation');
		// An edit after the consultation opened: the decision pins the text as it is when it is recorded.
		const live = connect(server, docId, { cookie: fac.cookie }, { ack: true });
		await live.synced();
		addParagraph(live, 'Advance payment on request.');
		await confirmed(live);
		live.destroy();

		const consensus = {
			method: 'consensus',
			title: 'Expenses policy adopted',
			question: 'Adopt the expenses policy?',
			outcome: 'approved',
			decidedAt: new Date(Date.now() - 60_000).toISOString(),
			decidedWhere: 'Partnership board',
			organisations: p.orgs.map((o) => o.org.id),
			rationale: 'Agreed after consultation.',
			documentId: docId
		};
		const decided = await as(fac).post(`/api/v1/workspaces/${p.workspace.id}/decisions`, consensus);
		expect(decided.status, decided.text).toBe(201);
		const versions = await versionsOf(fac, docId);
		const asDecided = versions.find((v) => v.name === 'As decided')!;
		expect(asDecided).toBeDefined();
		expect(decided.json.document).toMatchObject({ versionId: asDecided.id, versionHash: asDecided.hash });
		const doc = await as(fac).get(`/api/v1/documents/${docId}`);
		expect(doc.json).toMatchObject({ status: 'decided', adoptedVersionId: asDecided.id });
		expect(doc.json.content.text).toContain('Advance payment on request.');
		const closed = await as(fac).get(`/api/v1/consultations/${consultation.json.id}`);
		expect(closed.json.open).toBe(false);
		// In a public workspace anyone reads the adopted version, and only that one.
		const visitor = apiClient(server);
		const adopted = await visitor.get(`/api/v1/documents/${docId}/versions/${asDecided.id}`);
		expect(adopted.status, adopted.text).toBe(200);
		expect(adopted.json).toMatchObject({ hash: asDecided.hash });
		expect(adopted.json.text).toContain('Advance payment on request.');
		const draft = versions.find((v) => v.name !== 'As decided')!;
		expect((await visitor.get(`/api/v1/documents/${docId}/versions/${draft.id}`)).status).toBe(401);

		const corrected = await as(fac).post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			...consensus,
			title: 'Expenses policy not adopted',
			outcome: 'rejected',
			rationale: 'The earlier record was wrong: the board did not agree.',
			supersedes: decided.json.id,
			supersedeReason: 'Minutes corrected'
		});
		expect(corrected.status, corrected.text).toBe(201);
		expect((await as(fac).get(`/api/v1/documents/${docId}`)).json).toMatchObject({
			status: 'under_review',
			adoptedVersionId: null
		});
		// The first record stays published, and the version it adopted stays readable.
		expect((await visitor.get(`/api/v1/documents/${docId}/versions/${asDecided.id}`)).status).toBe(200);
	});

	it('refuses a status sent by hand, through the API and the page', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const docId = await seedDocument(server, db, p.workspace.id, { cookie: editor.cookie }, [
			['paragraph', 'Draft.']
		]);
		const res = await as(editor).patch(`/api/v1/documents/${docId}`, { status: 'decided' });
		expect(res.status).toBe(422);
		expect(res.json.error.message).toMatch(/status is not set by hand/);
		expect((await as(p.facilitator).patch(`/api/v1/documents/${docId}`, { status: 'decided' })).status).toBe(
			422
		);
		expect((await as(editor).get(`/api/v1/documents/${docId}`)).json.status).toBe('drafting');
		const form = await fetch(`${server.url}/w/${p.workspace.slug}/documents/${docId}?/status`, {
			method: 'POST',
			headers: {
				cookie: editor.cookie,
				origin: server.url,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html'
			},
			body: 'status=decided'
		});
		expect(form.status).toBeGreaterThanOrEqual(400);
		expect(form.status).toBeLessThan(500);
		expect((await as(editor).get(`/api/v1/documents/${docId}`)).json.status).toBe('drafting');
	});

	it('on upgrade, a document marked decided by hand goes back to review with its text saved as a version', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const docId = await seedDocument(server, db, p.workspace.id, { cookie: editor.cookie }, [
			['paragraph', 'Marked decided by hand.']
		]);
		await db.update(documents).set({ status: 'decided' }).where(eq(documents.id, docId));
		// As the demo was before: marked decided by hand, and an approved record names exactly its text.
		const demoId = await seedDocument(server, db, p.workspace.id, { cookie: editor.cookie }, [
			['paragraph', 'Agreed at the partnership board.']
		]);
		const saved = await as(editor).post(`/api/v1/documents/${demoId}/versions`, { name: 'Agreed' });
		const record = await as(p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
			method: 'consensus',
			title: 'Policy adopted',
			question: 'Adopt the policy?',
			outcome: 'approved',
			decidedAt: new Date(Date.now() - 60_000).toISOString(),
			decidedWhere: 'Partnership board',
			organisations: [p.orgs[0].org.id],
			rationale: 'Agreed.',
			documentId: demoId,
			documentVersionId: saved.json.id
		});
		expect(record.status, record.text).toBe(201);
		await db.update(documents).set({ adoptedVersionId: null }).where(eq(documents.id, demoId));
		await suite.restart();
		const doc = await as(editor).get(`/api/v1/documents/${docId}`);
		expect(doc.json).toMatchObject({ status: 'under_review', adoptedVersionId: null });
		const versions = await versionsOf(editor, docId);
		expect(versions.map((v) => v.name)).toEqual(['Text when its status was set by hand']);
		expect(versions[0].hash).toBe(doc.json.content.hash);
		expect((await as(editor).get(`/api/v1/documents/${demoId}`)).json).toMatchObject({
			status: 'decided',
			adoptedVersionId: saved.json.id
		});
	});
});
