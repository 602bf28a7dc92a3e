// Comments, suggestions and consultations against the real server (built handler + collaboration server),
// with real WebsocketProvider clients where the live document matters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { desc, eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import {
	collabUpdates,
	consultationGuests,
	consultations,
	mailMessages
} from '../../src/lib/server/db/schema/index.ts';
import { deleteOldGuestDetails } from '../../src/lib/server/consultations/retention.ts';
import { addMember, createPartnership, createUser, type TestUser } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import {
	connect,
	createDocument,
	kindOf,
	raw,
	until,
	type Client,
	type Raw
} from '../fixtures/collab-client.ts';

let server: TestServer;
let db: DB;
let facilitator: TestUser;
let editor: TestUser;
let editor2: TestUser;
let commenter: TestUser;
let observer: TestUser;
let workspace: { id: string; slug: string };
const clients: Client[] = [];

const PARAGRAPHS = [
	'Principles',
	'Small groups carry real weight in every decision.',
	'Invoices are paid within 60 days of receipt.'
];

function textOf(doc: Y.Doc): string {
	return doc
		.getXmlFragment('default')
		.toArray()
		.map((el) => ((el as Y.XmlElement).get(0) as Y.XmlText).toString())
		.join('\n');
}

/**
 * Waits until the server has confirmed (saved) the client's own changes; what it holds of others' came from the
 * server, which stores before it sends.
 */
async function savedAll(c: Client) {
	await until(() => {
		const last = c.saved.at(-1);
		if (!last) return false;
		const own = Y.getState(c.doc.store, c.doc.clientID);
		return (Y.decodeStateVector(last).get(c.doc.clientID) ?? 0) >= own;
	}, 'save confirmation');
}

function live(user: TestUser, documentId: string): Client {
	const c = connect(server, documentId, { cookie: user.cookie }, { ack: true });
	clients.push(c);
	return c;
}

/** A document with three blocks, written by an editor through the live room. */
async function seededDocument(): Promise<string> {
	const id = await createDocument(db, workspace.id, facilitator.id);
	const c = live(editor, id);
	await c.synced();
	c.doc.transact(() => {
		PARAGRAPHS.forEach((p, i) => {
			const el = new Y.XmlElement(i === 0 ? 'heading' : 'paragraph');
			if (i === 0) el.setAttribute('level', '2');
			el.insert(0, [new Y.XmlText(p)]);
			c.doc.getXmlFragment('default').push([el]);
		});
	});
	await savedAll(c);
	c.destroy();
	return id;
}

const paragraph = (doc: Y.Doc, i: number) =>
	(doc.getXmlFragment('default').get(i) as Y.XmlElement).get(0) as Y.XmlText;

useServer({}, (s) => ({ server, db } = s));

beforeAll(async () => {
	const p = await createPartnership(db, { vcse: 2, statutory: 1 });
	facilitator = p.facilitator;
	workspace = p.workspace;
	editor = p.orgs[0].delegate;
	editor2 = p.orgs[1].delegate;
	commenter = await createUser(db, { name: 'Cora Commenter' });
	await addMember(db, workspace.id, commenter.id, { role: 'commenter', organisationId: p.orgs[0].org.id });
	observer = await createUser(db, { name: 'Olly Observer' });
	await addMember(db, workspace.id, observer.id, { role: 'observer', organisationId: p.orgs[2].org.id });
});

afterAll(async () => {
	for (const c of clients) c.provider.destroy();
});

describe('comment threads', () => {
	it('keeps a thread on the same words while two clients insert text before it at once', async () => {
		const doc = await seededDocument();
		const api = apiClient(server, { cookie: commenter.cookie });
		const created = await api.post(`/api/v1/documents/${doc}/comments`, {
			quote: 'carry real weight',
			body: 'Say how, please.'
		});
		expect(created.status).toBe(201);
		expect(created.json.position).toMatchObject({ status: 'ok', text: 'carry real weight' });

		const a = live(editor, doc);
		const b = live(editor2, doc);
		await Promise.all([a.synced(), b.synced()]);
		// Both type before the anchored words without seeing each other's change first.
		paragraph(a.doc, 1).insert(0, 'In this partnership, ');
		paragraph(b.doc, 1).insert(6, 'and grassroots ');
		paragraph(b.doc, 0).insert(0, 'Our ');
		await Promise.all([savedAll(a), savedAll(b)]);
		await until(() => textOf(a.doc) === textOf(b.doc), 'clients to converge');
		expect(textOf(a.doc)).toContain('grassroots');
		expect(textOf(a.doc)).toContain('In this partnership, ');

		const list = await api.get(`/api/v1/documents/${doc}/comments`);
		expect(list.status).toBe(200);
		expect(list.json.threads).toHaveLength(1);
		const t = list.json.threads[0];
		expect(t.position).toMatchObject({ status: 'ok', text: 'carry real weight' });
		expect(t.quote).toBe('carry real weight');
		// The author is named with the organisation they act for in the workspace.
		expect(t.comments[0]).toMatchObject({
			body: 'Say how, please.',
			author: { name: 'Cora Commenter', organisation: 'VCSE org 1' }
		});

		// When the words are deleted, the thread stays with its quote and says so.
		const at = paragraph(a.doc, 1).toString().indexOf('carry real weight');
		paragraph(a.doc, 1).delete(at, 'carry real weight'.length);
		await savedAll(a);
		const after = await api.get(`/api/v1/documents/${doc}/comments`);
		expect(after.json.threads[0]).toMatchObject({
			quote: 'carry real weight',
			position: { status: 'deleted' }
		});
	});

	it('replies, resolves, reopens, edits with history, deletes own only, and records mentions', async () => {
		const doc = await seededDocument();
		const cora = apiClient(server, { cookie: commenter.cookie });
		const eddie = apiClient(server, { cookie: editor.cookie });
		const t = (
			await cora.post(`/api/v1/documents/${doc}/comments`, { block: 2, body: 'Too slow for small groups.' })
		).json;
		expect(t.quote).toBe(PARAGRAPHS[2]);
		const r = await eddie.post(`/api/v1/comments/${t.id}/replies`, {
			body: `Agreed, @${commenter.name}: 30 days?`
		});
		expect(r.status).toBe(201);
		expect(r.json.comments[1]).toMatchObject({ mentions: ['Cora Commenter'] });
		const mentioning = await cora.get(`/api/v1/documents/${doc}/comments?filter=mentions`);
		expect(mentioning.json.threads.map((x: { id: string }) => x.id)).toEqual([t.id]);

		expect((await eddie.patch(`/api/v1/comments/${t.id}`, { status: 'resolved' })).json.status).toBe(
			'resolved'
		);
		expect((await cora.get(`/api/v1/documents/${doc}/comments?filter=open`)).json.threads).toHaveLength(0);
		expect((await cora.patch(`/api/v1/comments/${t.id}`, { status: 'open' })).json.status).toBe('open');

		const edited = await cora.patch(`/api/v1/comments/${t.comments[0].id}`, {
			body: 'Far too slow for small groups.'
		});
		expect(edited.status).toBe(200);
		expect(edited.json.comments[0]).toMatchObject({
			body: 'Far too slow for small groups.',
			edits: [{ body: 'Too slow for small groups.' }]
		});
		const notMine = await eddie.patch(`/api/v1/comments/${t.comments[0].id}`, { body: 'Hijack' });
		expect(notMine.status).toBe(403);
		expect(notMine.json.error.message).toMatch(/your own comments/);
		expect((await eddie.delete(`/api/v1/comments/${t.comments[0].id}`)).status).toBe(403);
		expect((await cora.delete(`/api/v1/comments/${t.comments[0].id}`)).status).toBe(204);
		const gone = (await cora.get(`/api/v1/comments/${t.id}`)).json;
		expect(gone.comments[0]).toMatchObject({ deleted: true, body: '' });
		expect(gone.comments).toHaveLength(2);
	});

	it('refuses empty and oversized comments with clear messages', async () => {
		const doc = await seededDocument();
		const cora = apiClient(server, { cookie: commenter.cookie });
		const post = (body: string) => cora.post(`/api/v1/documents/${doc}/comments`, { block: 1, body });
		const empty = await post('   ');
		expect(empty.status).toBe(422);
		expect(empty.json.error.message).toMatch(/empty/);
		const long = await post('x'.repeat(10_001));
		expect(long.status).toBe(422);
		expect(long.json.error.message).toMatch(/too long: at most 10,000 characters/);
		const nowhere = await cora.post(`/api/v1/documents/${doc}/comments`, {
			quote: 'not in the text',
			body: 'Hi'
		});
		expect(nowhere.status).toBe(422);
		expect(nowhere.json.error.message).toMatch(/not in the document/);
		// Angle brackets in ordinary text are fine, and come back as text.
		const ok = await post('Costs < benefits & "quotes"');
		expect(ok.status).toBe(201);
		expect(ok.json.comments[0].body).toBe('Costs < benefits & "quotes"');
	});

	it('lets observers read but not comment, and hides the document from non-members', async () => {
		const doc = await seededDocument();
		const olly = apiClient(server, { cookie: observer.cookie });
		expect((await olly.get(`/api/v1/documents/${doc}/comments`)).status).toBe(200);
		const refused = await olly.post(`/api/v1/documents/${doc}/comments`, { block: 1, body: 'Observing' });
		expect(refused.status).toBe(403);
		expect(refused.json.error.message).toMatch(/commenter role/);
		const suggest = await olly.post(`/api/v1/documents/${doc}/suggestions`, {
			quote: '60',
			replacement: '30'
		});
		expect(suggest.status).toBe(403);
		const stranger = await createUser(db);
		const s = apiClient(server, { cookie: stranger.cookie });
		expect((await s.get(`/api/v1/documents/${doc}/comments`)).status).toBe(404);
		expect((await apiClient(server).get(`/api/v1/documents/${doc}/comments`)).status).toBe(404);
	});
});

describe('suggestions', () => {
	it("applies a commenter's suggestion accepted by an editor, live, credited to the commenter", async () => {
		const doc = await seededDocument();
		const cora = apiClient(server, { cookie: commenter.cookie });
		const eddie = apiClient(server, { cookie: editor.cookie });
		const s = await cora.post(`/api/v1/documents/${doc}/suggestions`, {
			quote: '60 days',
			replacement: '30 days',
			note: 'Small groups cannot wait two months.'
		});
		expect(s.status).toBe(201);
		expect(s.json).toMatchObject({ kind: 'replace', status: 'open', author: { name: 'Cora Commenter' } });
		// A suggestion is a row, not a change to the document.
		const watcher = live(editor2, doc);
		await watcher.synced();
		expect(textOf(watcher.doc)).toContain('60 days');

		expect((await cora.post(`/api/v1/suggestions/${s.json.id}/accept`)).status).toBe(403);
		const accepted = await eddie.post(`/api/v1/suggestions/${s.json.id}/accept`);
		expect(accepted.status).toBe(200);
		expect(accepted.json).toMatchObject({ status: 'accepted', decidedBy: editor.id });
		await until(
			() => textOf(watcher.doc).includes('within 30 days'),
			'the connected client to see the change'
		);
		const last = (
			await db
				.select()
				.from(collabUpdates)
				.where(eq(collabUpdates.documentId, doc))
				.orderBy(desc(collabUpdates.id))
		)[0];
		expect(last?.userId).toBe(commenter.id);
		const again = await eddie.post(`/api/v1/suggestions/${s.json.id}/accept`);
		expect(again.status).toBe(409);
	});

	it('marks a suggestion outdated when its text changed, and will not accept it', async () => {
		const doc = await seededDocument();
		const cora = apiClient(server, { cookie: commenter.cookie });
		const eddie = apiClient(server, { cookie: editor.cookie });
		const s = (
			await cora.post(`/api/v1/documents/${doc}/suggestions`, { quote: '60 days', replacement: '14 days' })
		).json;
		const a = live(editor, doc);
		await a.synced();
		const t = paragraph(a.doc, 2);
		t.insert(t.toString().indexOf('days'), 'working ');
		await savedAll(a);
		const listed = await cora.get(`/api/v1/documents/${doc}/suggestions`);
		expect(listed.json.suggestions[0]).toMatchObject({ status: 'outdated' });
		const refused = await eddie.post(`/api/v1/suggestions/${s.id}/accept`);
		expect(refused.status).toBe(409);
		expect(refused.json.error.message).toMatch(/outdated.*edited since/);
		expect(textOf(a.doc)).toContain('60 working days');
		const after = await cora.get(`/api/v1/documents/${doc}/suggestions`);
		expect(after.json.suggestions[0]).toMatchObject({
			status: 'outdated',
			reason: expect.stringMatching(/edited/)
		});
	});

	it('rejects with a reason, and inserts and deletes as well as replaces', async () => {
		const doc = await seededDocument();
		const cora = apiClient(server, { cookie: commenter.cookie });
		const eddie = apiClient(server, { cookie: editor.cookie });
		const del = (await cora.post(`/api/v1/documents/${doc}/suggestions`, { quote: 'real ', replacement: '' }))
			.json;
		expect(del.kind).toBe('delete');
		const noReason = await eddie.post(`/api/v1/suggestions/${del.id}/reject`, { reason: '' });
		expect(noReason.status).toBe(422);
		const rejected = await eddie.post(`/api/v1/suggestions/${del.id}/reject`, {
			reason: 'The weight is real.'
		});
		expect(rejected.json).toMatchObject({ status: 'rejected', reason: 'The weight is real.' });
		const at = 'Principles\nSmall groups'.length;
		const ins = (
			await cora.post(`/api/v1/documents/${doc}/suggestions`, {
				range: { from: at, to: at },
				replacement: ' and networks'
			})
		).json;
		expect(ins.kind).toBe('insert');
		expect((await eddie.post(`/api/v1/suggestions/${ins.id}/accept`)).status).toBe(200);
		const after = await eddie.get(`/api/v1/documents/${doc}/comments`);
		expect(after.status).toBe(200);
		const c = live(editor2, doc);
		await c.synced();
		expect(textOf(c.doc)).toContain('Small groups and networks carry real weight');
	});
});

describe('consultations', () => {
	it('opens a consultation, takes answers, and refuses comments after the close with a clear message', async () => {
		const doc = await seededDocument();
		const fran = apiClient(server, { cookie: facilitator.cookie });
		const cora = apiClient(server, { cookie: commenter.cookie });
		expect(
			(
				await cora.post(`/api/v1/documents/${doc}/consultations`, {
					closesAt: '2099-01-01T12:00',
					audience: 'members',
					questions: ['Q?']
				})
			).status
		).toBe(403);
		const opened = await fran.post(`/api/v1/documents/${doc}/consultations`, {
			closesAt: '2099-01-01T12:00',
			audience: 'members',
			questions: ['Is 30 days right?', '', 'What else?']
		});
		expect(opened.status).toBe(201);
		expect(opened.json).toMatchObject({
			open: true,
			closesAt: '2099-01-01T12:00:00.000Z',
			questions: ['Is 30 days right?', 'What else?']
		});
		expect(opened.json.contentHash).toMatch(/^[0-9a-f]{64}$/);
		const c = opened.json.id;

		expect(
			(await cora.post(`/api/v1/consultations/${c}/responses`, { answers: ['Yes', 'Faster payment'] })).status
		).toBe(201);
		const t = await cora.post(`/api/v1/documents/${doc}/comments`, { quote: '60 days', body: 'Too long.' });
		expect(t.json.consultationId).toBe(c);
		const summary = await fran.get(`/api/v1/consultations/${c}/summary`);
		expect(summary.json.groups[0]).toMatchObject({ sector: 'vcse', organisations: [{ name: 'VCSE org 1' }] });
		const md = await fran.get(`/api/v1/consultations/${c}/summary?format=md`);
		expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
		expect(md.text).toContain('### VCSE org 1');
		expect(md.text).toContain('> 60 days');
		const csv = await fran.get(`/api/v1/consultations/${c}/summary?format=csv`);
		expect(csv.text.split('\r\n')[0]).toBe(
			'sector,organisation,organisation_verified,person,person_email_confirmed,kind,question,passage,text,at_utc'
		);
		expect(csv.text).toContain('vcse,VCSE org 1,yes,Cora Commenter,yes,answer,Is 30 days right?,,Yes,');

		// The closing time passes.
		await db
			.update(consultations)
			.set({ closesAt: Date.now() - 1000 })
			.where(eq(consultations.id, c));
		const late = await cora.post(`/api/v1/documents/${doc}/comments`, {
			quote: '60 days',
			body: 'One more thing.'
		});
		expect(late.status).toBe(409);
		expect(late.json.error).toMatchObject({ code: 'consultation_closed' });
		expect(late.json.error.message).toMatch(
			/consultation closed on .*\(Europe\/London\)\. Comments and suggestions are no longer accepted/
		);
		const lateReply = await cora.post(`/api/v1/comments/${t.json.id}/replies`, { body: 'And this.' });
		expect(lateReply.status).toBe(409);
		const lateSuggestion = await cora.post(`/api/v1/documents/${doc}/suggestions`, {
			quote: '60',
			replacement: '30'
		});
		expect(lateSuggestion.status).toBe(409);
		const lateAnswer = await cora.post(`/api/v1/consultations/${c}/responses`, { answers: ['No', 'x'] });
		expect(lateAnswer.status).toBe(409);
	});
});

describe('pages without JavaScript', () => {
	it('takes a comment on a section from a plain form post, and refuses an observer', async () => {
		const doc = await seededDocument();
		const page = `/w/${workspace.slug}/documents/${doc}/comments`;
		const html = await (await fetch(server.url + page, { headers: { cookie: commenter.cookie } })).text();
		expect(html).toContain('Small groups carry real weight in every decision.');
		expect(html).toContain('name="block" value="1"');
		const posted = await postForm(
			server,
			`${page}?/comment`,
			{ block: '1', body: 'Plain <b>form</b> comment' },
			{ cookie: commenter.cookie }
		);
		expect(posted.status).toBe(200);
		const after = await (await fetch(server.url + page, { headers: { cookie: editor.cookie } })).text();
		expect(after).toContain('Plain &lt;b>form&lt;/b> comment');
		expect(after).not.toContain('<b>form</b>');
		const empty = await postForm(
			server,
			`${page}?/comment`,
			{ block: '1', body: ' ' },
			{ cookie: commenter.cookie }
		);
		expect(empty.status).toBe(422);
		expect(empty.text).toContain('The comment is empty');
		const refused = await postForm(
			server,
			`${page}?/comment`,
			{ block: '1', body: 'Observer here' },
			{ cookie: observer.cookie }
		);
		expect(refused.status).toBe(403);
		// The document page itself carries the panel, with a form per section for browsers without JavaScript;
		// each posts to the comments page and comes back to its own place there.
		const docPage = await (
			await fetch(`${server.url}/w/${workspace.slug}/documents/${doc}`, {
				headers: { cookie: commenter.cookie }
			})
		).text();
		expect(docPage).toContain('Comment on a section');
		expect(docPage).toContain(
			`action="/w/${workspace.slug}/documents/${doc}/comments?/comment#comment-form-1"`
		);
		expect(docPage).toContain('Plain &lt;b>form&lt;/b> comment');
		const observerPage = await (
			await fetch(`${server.url}/w/${workspace.slug}/documents/${doc}`, {
				headers: { cookie: observer.cookie }
			})
		).text();
		expect(observerPage).not.toContain('Comment on a section');
		const list = await apiClient(server, { cookie: editor.cookie }).get(`/api/v1/documents/${doc}/comments`);
		expect(list.json.threads.map((t: { comments: { body: string }[] }) => t.comments[0].body)).toEqual([
			'Plain <b>form</b> comment'
		]);
	});
});

describe('suggesting without JavaScript', () => {
	it('finds the words to change anywhere in the section, as copied from the page, and keeps a refused form', async () => {
		const doc = await seededDocument();
		const page = `/w/${workspace.slug}/documents/${doc}/comments`;
		// From the heading's form, words of the paragraph under it, with the line break a copy may carry.
		const words = PARAGRAPHS[1].split(' ').slice(1, 4);
		const posted = await postForm(
			server,
			`${page}?/suggest`,
			{
				block: '0',
				find: `  ${words[0]}\n${words[1]}  ${words[2]} `,
				replacement: 'changed',
				where: 'suggest-form-0'
			},
			{ cookie: commenter.cookie }
		);
		expect(posted.status).toBe(200);
		const [s] = (
			await apiClient(server, { cookie: editor.cookie }).get(`/api/v1/documents/${doc}/suggestions`)
		).json.suggestions;
		expect(s.quote).toBe(words.join(' '));
		// Words that are not in the section: refused beside the form, with what was typed.
		const refused = await postForm(
			server,
			`${page}?/suggest`,
			{ block: '0', find: 'not in the text', replacement: 'mine', note: 'why', where: 'suggest-form-0' },
			{ cookie: commenter.cookie }
		);
		expect(refused.status).toBe(422);
		expect(refused.text).toContain('That text is not in this part of the document');
		expect(refused.text).toMatch(/<details[^>]*open[^>]*><summary[^>]*>Suggest a change to this section/);
		expect(refused.text).toContain('value="not in the text"');
		expect(refused.text).toContain('>mine</textarea>');
	});
});

describe('consultation pages', () => {
	it('opens a consultation from the form with a closing time in the workspace zone, and shows its summary', async () => {
		const doc = await seededDocument();
		const base = `/w/${workspace.slug}/consultations`;
		const refused = await postForm(
			server,
			`${base}?/open`,
			{ documentId: doc, closesAt: '2099-03-01T09:00', audience: 'members', question1: 'Q?' },
			{ cookie: editor.cookie }
		);
		expect(refused.status).toBe(403);
		const past = await postForm(
			server,
			`${base}?/open`,
			{ documentId: doc, closesAt: '2020-03-01T09:00', audience: 'members', question1: 'Q?' },
			{ cookie: facilitator.cookie }
		);
		expect(past.status).toBe(422);
		expect(past.text).toContain('must be in the future');
		const opened = await postForm(
			server,
			`${base}?/open`,
			{
				documentId: doc,
				title: 'Payment terms',
				closesAt: '2099-07-01T09:00',
				audience: 'members',
				question1: 'Fair?'
			},
			{ cookie: facilitator.cookie }
		);
		expect(opened.status).toBe(200);
		const c = (
			await apiClient(server, { cookie: commenter.cookie }).get(`/api/v1/documents/${doc}/consultations`)
		).json.consultations[0];
		// 09:00 in London in July is 08:00 UTC; a named version was saved.
		expect(c).toMatchObject({ title: 'Payment terms', closesAt: '2099-07-01T08:00:00.000Z', open: true });
		expect(c.versionId).toBeTruthy();
		const list = await (await fetch(server.url + base, { headers: { cookie: commenter.cookie } })).text();
		expect(list).toContain('Payment terms');
		await apiClient(server, { cookie: commenter.cookie }).post(`/api/v1/consultations/${c.id}/responses`, {
			answers: ['=SUM(A1)']
		});
		const page = await (
			await fetch(`${server.url}${base}/${c.id}`, { headers: { cookie: commenter.cookie } })
		).text();
		expect(page).toContain('VCSE org 1');
		expect(page).toContain('=SUM(A1)');
		const csv = await fetch(`${server.url}${base}/${c.id}/summary.csv`, {
			headers: { cookie: commenter.cookie }
		});
		expect(csv.headers.get('content-disposition')).toContain('.csv');
		expect(await csv.text()).toContain("'=SUM(A1)");
	});
});

describe('since your last visit', () => {
	it('lists new comments, decided suggestions and edits by others on the workspace overview', async () => {
		const doc = await seededDocument();
		const overview = `/w/${workspace.slug}`;
		await fetch(server.url + overview, { headers: { cookie: editor2.cookie } }); // the last visit
		await new Promise((r) => setTimeout(r, 5));
		const cora = apiClient(server, { cookie: commenter.cookie });
		await cora.post(`/api/v1/documents/${doc}/comments`, {
			quote: 'every decision',
			body: 'Every single one?'
		});
		const s = (
			await cora.post(`/api/v1/documents/${doc}/suggestions`, {
				quote: 'Principles',
				replacement: 'Our principles'
			})
		).json;
		await apiClient(server, { cookie: editor.cookie }).post(`/api/v1/suggestions/${s.id}/accept`);
		const html = await (await fetch(server.url + overview, { headers: { cookie: editor2.cookie } })).text();
		expect(html).toContain('Since your last visit');
		expect(html).toMatch(/Cora Commenter\s+commented on/);
		expect(html).toContain('“every decision”');
		expect(html).toMatch(/Cora Commenter’s suggestion on “Principles”.*: accepted/s);
		expect(html).toMatch(/Documents edited/);
		// The accepted suggestion changed the heading; the change is credited to its author.
		expect(html).toMatch(/by Cora Commenter \(1 change/);
		expect(html).toContain('Sections: Our principles');
	});
});

describe('public consultation links', () => {
	/** A public consultation on a new document, opened by the facilitator. */
	const openPublic = async (question: string) =>
		(
			await apiClient(server, { cookie: facilitator.cookie }).post(
				`/api/v1/documents/${await seededDocument()}/consultations`,
				{ closesAt: '2099-06-01T17:00', audience: 'public', questions: [question] }
			)
		).json;
	const cookieFrom = (headers: Headers) =>
		headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('parity_consult='))!;

	it('lets a person from a link comment on that document only, until the link is revoked', async () => {
		const doc = await seededDocument();
		const other = await seededDocument();
		const fran = apiClient(server, { cookie: facilitator.cookie });
		const opened = await fran.post(`/api/v1/documents/${doc}/consultations`, {
			closesAt: '2099-06-01T17:00',
			audience: 'public',
			questions: ['Does this work for you?']
		});
		expect(opened.json.publicLink).toMatch(/^\/consult\/[a-z2-7]{32}$/);
		const link = opened.json.publicLink as string;
		const otherLink = (
			await fran.post(`/api/v1/documents/${other}/consultations`, {
				closesAt: '2099-06-01T17:00',
				audience: 'public',
				questions: ['Q?']
			})
		).json.publicLink as string;

		const first = await fetch(server.url + link);
		expect(first.status).toBe(200);
		// Reading needs nothing: the document, then the questions, then the form to respond.
		const firstHtml = await first.text();
		expect(firstHtml).toMatch(/Small groups carry real weight.*Does this work for you\?.*Send my response/s);
		expect(firstHtml).not.toContain('Send answers');
		const refusedBeforeJoin = await postForm(server, `${link}?/comment`, { block: '1', body: 'Hello' });
		expect(refusedBeforeJoin.status).toBe(403);

		const bad = await postForm(server, `${link}?/join`, {
			name: '',
			email: 'nope',
			organisation: 'Riverside Mutual Aid',
			sector: 'vcse'
		});
		expect(bad.status).toBe(400);
		const joined = await postForm(server, `${link}?/join`, {
			name: 'Rita Resident',
			email: 'rita@example.org',
			organisation: 'Riverside Mutual Aid',
			sector: 'vcse'
		});
		expect(joined.status).toBe(200);
		const cookie = cookieFrom(joined.headers);
		expect(cookie).toBeTruthy();
		const page = await (await fetch(server.url + link, { headers: { cookie } })).text();
		expect(page).toContain('Small groups carry real weight');

		const commented = await postForm(
			server,
			`${link}?/comment`,
			{ block: '2', body: 'Sixty days is too long for us.' },
			{ cookie }
		);
		expect(commented.status).toBe(200);
		const answered = await postForm(
			server,
			`${link}?/respond`,
			{ consultationId: opened.json.id, 'answer-0': 'Mostly.' },
			{ cookie }
		);
		expect(answered.status).toBe(200);
		const afterAnswer = await (await fetch(server.url + link, { headers: { cookie } })).text();
		expect(afterAnswer).toContain('Your answers were recorded');
		expect(afterAnswer).toContain('>Mostly.</textarea>');
		const threads = (await fran.get(`/api/v1/documents/${doc}/comments`)).json.threads;
		expect(threads).toHaveLength(1);
		expect(threads[0]).toMatchObject({
			consultationId: opened.json.id,
			comments: [
				{
					body: 'Sixty days is too long for us.',
					author: {
						name: 'Rita Resident (via consultation link)',
						organisation: 'Riverside Mutual Aid',
						guest: true
					}
				}
			]
		});
		const summary = (await fran.get(`/api/v1/consultations/${opened.json.id}/summary`)).json;
		expect(summary.groups[0].organisations[0]).toMatchObject({
			name: 'Riverside Mutual Aid',
			verified: false
		});

		// That document only: not another consultation's document, not the members' pages or the API.
		const elsewhere = await postForm(
			server,
			`${otherLink}?/comment`,
			{ block: '1', body: 'Sneaking in' },
			{ cookie }
		);
		expect(elsewhere.status).toBe(403);
		expect(
			(await fetch(`${server.url}/api/v1/documents/${doc}/comments`, { headers: { cookie } })).status
		).toBe(404);
		const membersPage = await fetch(`${server.url}/w/${workspace.slug}/documents/${doc}/comments`, {
			headers: { cookie },
			redirect: 'manual'
		});
		expect([303, 302, 404]).toContain(membersPage.status);
		expect((await fran.get(`/api/v1/documents/${other}/comments`)).json.threads).toHaveLength(0);

		// Revoked: a clear page, and nothing granted to new or returning people.
		const links = (await fran.get(`/api/v1/consultations/${opened.json.id}/links`)).json.links;
		expect((await fran.delete(`/api/v1/consultations/${opened.json.id}/links/${links[0].id}`)).status).toBe(
			204
		);
		const revoked = await fetch(server.url + link, { headers: { cookie } });
		expect(revoked.status).toBe(410);
		expect(await revoked.text()).toContain('This consultation link was withdrawn');
		const late = await postForm(
			server,
			`${link}?/comment`,
			{ block: '1', body: 'After revocation' },
			{ cookie }
		);
		expect(late.status).toBe(410);
		expect((await fran.get(`/api/v1/documents/${doc}/comments`)).json.threads).toHaveLength(1);
	});

	it('refuses a reply from a person from a link into a thread outside their consultation, as if it did not exist', async () => {
		const doc = await seededDocument();
		const cora = apiClient(server, { cookie: commenter.cookie });
		// A members' thread, from before the consultation.
		const members = await cora.post(`/api/v1/documents/${doc}/comments`, {
			body: 'Between us: the board wants 90 days.',
			block: 1
		});
		expect(members.status).toBe(201);
		expect(members.json.consultationId).toBeNull();
		const opened = await apiClient(server, { cookie: facilitator.cookie }).post(
			`/api/v1/documents/${doc}/consultations`,
			{ closesAt: '2099-06-01T17:00', audience: 'public', questions: ['Q?'] }
		);
		const link = opened.json.publicLink as string;
		const joined = await postForm(server, `${link}?/join`, {
			name: 'Pat Public',
			email: 'pat@example.org',
			organisation: 'Parkside Tenants',
			sector: 'vcse'
		});
		const cookie = cookieFrom(joined.headers);
		const page = await (await fetch(server.url + link, { headers: { cookie } })).text();
		expect(page).not.toContain('the board wants 90 days');

		const intruding = await postForm(
			server,
			`${link}?/reply`,
			{ threadId: members.json.id, body: 'I can see your thread.' },
			{ cookie }
		);
		expect(intruding.status).toBe(404);
		const thread = (await cora.get(`/api/v1/documents/${doc}/comments`)).json.threads.find(
			(t: { id: string }) => t.id === members.json.id
		);
		expect(thread.comments).toHaveLength(1);

		// Their own consultation's threads take replies as before.
		expect(
			(await postForm(server, `${link}?/comment`, { block: '2', body: 'Too long.' }, { cookie })).status
		).toBe(200);
		const own = (await cora.get(`/api/v1/documents/${doc}/comments`)).json.threads.find(
			(t: { consultationId: string | null }) => t.consultationId === opened.json.id
		);
		expect(
			(await postForm(server, `${link}?/reply`, { threadId: own.id, body: 'And again.' }, { cookie })).status
		).toBe(200);
		// Another person from the same link does not see that thread either.
		const other = await postForm(server, `${link}?/join`, {
			name: 'Quinn Quiet',
			email: 'quinn@example.org',
			organisation: 'Parkside Tenants',
			sector: 'vcse'
		});
		const otherCookie = cookieFrom(other.headers);
		expect(
			(
				await postForm(
					server,
					`${link}?/reply`,
					{ threadId: own.id, body: 'Me too.' },
					{ cookie: otherCookie }
				)
			).status
		).toBe(404);
		const after = (await cora.get(`/api/v1/documents/${doc}/comments`)).json.threads;
		expect(after.find((t: { id: string }) => t.id === own.id).comments).toHaveLength(2);
		expect(after.find((t: { id: string }) => t.id === members.json.id).comments).toHaveLength(1);
	});

	it('shows a person from a link what changed in the draft since the version before it', async () => {
		const doc = await seededDocument();
		const fran = apiClient(server, { cookie: facilitator.cookie });
		expect(
			(
				await apiClient(server, { cookie: editor.cookie }).post(`/api/v1/documents/${doc}/versions`, {
					name: 'Board draft'
				})
			).status
		).toBe(201);
		const c = live(editor, doc);
		await c.synced();
		paragraph(c.doc, 2).delete('Invoices are paid within '.length, '60'.length);
		paragraph(c.doc, 2).insert('Invoices are paid within '.length, '30');
		await savedAll(c);
		const opened = await fran.post(`/api/v1/documents/${doc}/consultations`, {
			closesAt: '2099-06-01T17:00',
			audience: 'public',
			questions: ['Is 30 days right?']
		});
		expect(opened.status).toBe(201);
		const link = opened.json.publicLink as string;
		const joined = await postForm(server, `${link}?/join`, {
			name: 'Vic Volunteer',
			email: 'vic@example.org',
			organisation: 'Hillside Lunch Club',
			sector: 'vcse'
		});
		const page = await (
			await fetch(server.url + link, { headers: { cookie: cookieFrom(joined.headers)! } })
		).text();
		expect(page).toContain('What changed in this draft');
		expect(page).toContain('1 word added and 1 removed since “Board draft”');
		expect(page).toMatch(/<del[^>]*><span class="visually-hidden">\[removed:\s*<\/span>60</);
		expect(page).toMatch(/<ins[^>]*><span class="visually-hidden">\[added:\s*<\/span>30</);
	});

	it('lets a resident read, respond with who they are, and confirm their email by a one-time link', async () => {
		const fran = apiClient(server, { cookie: facilitator.cookie });
		const opened = await openPublic('Is 60 days fair?');
		const link = opened.publicLink as string;
		const identity = {
			name: 'Rosa Resident',
			email: 'Rosa@Example.org',
			organisation: 'Brook Street Residents',
			sector: 'vcse'
		};
		// Answers are checked before anyone is recorded.
		const tooLong = await postForm(server, `${link}?/join`, { ...identity, 'answer-0': 'x'.repeat(10_001) });
		expect(tooLong.status).toBe(422);
		expect(
			await db.select().from(consultationGuests).where(eq(consultationGuests.consultationId, opened.id))
		).toEqual([]);
		const joined = await postForm(server, `${link}?/join`, { ...identity, 'answer-0': 'Too long for us.' });
		expect(joined.status).toBe(200);
		expect(joined.text).toContain('We sent a link to rosa@example.org');
		const cookie = cookieFrom(joined.headers);
		const page = await (await fetch(server.url + link, { headers: { cookie } })).text();
		expect(page).toContain('Your email is not confirmed yet');
		expect(page).toContain('>Too long for us.</textarea>');

		// Until confirmed, the answer is marked so in the API, the summary page and both downloads.
		const answerOf = async () =>
			(await fran.get(`/api/v1/consultations/${opened.id}/responses`)).json.contributions.find(
				(c: { kind: string }) => c.kind === 'answer'
			);
		expect(await answerOf()).toMatchObject({ person: 'Rosa Resident', confirmed: false });
		const summaryPage = `/w/${workspace.slug}/consultations/${opened.id}`;
		const html = await (
			await fetch(server.url + summaryPage, { headers: { cookie: facilitator.cookie } })
		).text();
		expect(html).toContain('1 of them not confirmed');
		expect(html).toMatch(/Rosa Resident(<!--[^>]*-->)*<span class="tag">email not confirmed/);
		const md = (await fran.get(`/api/v1/consultations/${opened.id}/summary?format=md`)).text;
		expect(md).toContain('by Rosa Resident (email not confirmed)');
		const csv = (await fran.get(`/api/v1/consultations/${opened.id}/summary?format=csv`)).text;
		expect(csv.split('\n')[0]).toContain('person,person_email_confirmed,kind');
		expect(csv).toContain('Rosa Resident,no,answer');

		// The email holds a one-time link; asked for again, a new one replaces it.
		const confirmLinks = async () =>
			(
				await db
					.select()
					.from(mailMessages)
					.where(eq(mailMessages.to, 'rosa@example.org'))
					.orderBy(mailMessages.createdAt)
			).map((m) => {
				expect(m.subject).toBe(`Confirm your email for “${opened.title}”`);
				return m.text.match(/\/consult\/confirm\/[^\s]+/)![0];
			});
		const [firstLink] = await confirmLinks();
		const resent = await postForm(server, `${link}?/resend`, { where: 'resend' }, { cookie });
		expect(resent.status).toBe(200);
		expect(resent.text).toContain('We sent a new link to your email');
		const confirmPath = (await confirmLinks())[1];
		expect(confirmPath).not.toBe(firstLink);
		expect((await postForm(server, firstLink, {})).status).toBe(404);

		// Opening the link confirms nothing; its button does, once.
		const shown = await fetch(server.url + confirmPath);
		expect(shown.status).toBe(200);
		expect(await shown.text()).toContain('Confirm my email');
		expect((await answerOf()).confirmed).toBe(false);
		const confirmed = await postForm(server, confirmPath, {});
		expect(confirmed.status).toBe(200);
		expect(confirmed.text).toContain('Your email is confirmed');
		expect(await answerOf()).toMatchObject({ person: 'Rosa Resident', confirmed: true });
		expect((await postForm(server, confirmPath, {})).status).toBe(404);
		expect((await postForm(server, '/consult/confirm/nonsense', {})).status).toBe(404);
		const again = await postForm(server, `${link}?/resend`, { where: 'resend' }, { cookie });
		expect(again.status).toBe(409);
		expect(again.text).toContain('Your email is confirmed already.');

		// An extension is listed, with its reason, in the summary's download.
		const extended = await fran.post(`/api/v1/consultations/${opened.id}/extend`, {
			closesAt: '2099-07-01T17:00',
			reason: 'Asked for by the tenants’ forum.'
		});
		expect(extended.status).toBe(200);
		expect((await fran.get(`/api/v1/consultations/${opened.id}`)).json.changes).toMatchObject([
			{ kind: 'extended', reason: 'Asked for by the tenants’ forum.' }
		]);
		expect((await fran.get(`/api/v1/consultations/${opened.id}/summary?format=md`)).text).toMatch(
			/Extended .*, from .* to 1 Jul 2099.*: Asked for by the tenants’ forum\./
		);

		// 12 months after the close the name and email go; the answer stays, under the organisation.
		await db
			.update(consultations)
			.set({ closesAt: Date.now() - 366 * 24 * 60 * 60_000 })
			.where(eq(consultations.id, opened.id));
		expect(await deleteOldGuestDetails(db)).toBeGreaterThanOrEqual(1);
		expect(await deleteOldGuestDetails(db)).toBe(0);
		const [guest] = await db
			.select()
			.from(consultationGuests)
			.where(eq(consultationGuests.consultationId, opened.id));
		expect(guest).toMatchObject({ name: 'Name deleted', email: '' });
		expect(await answerOf()).toMatchObject({
			person: 'Name deleted',
			organisation: 'Brook Street Residents',
			text: 'Too long for us.',
			confirmed: true
		});
	});

	it('shows a clear page for a link used after the close', async () => {
		const opened = await openPublic('Q?');
		await db
			.update(consultations)
			.set({ closesAt: Date.now() - 1 })
			.where(eq(consultations.id, opened.id));
		const res = await fetch(server.url + opened.publicLink);
		expect(res.status).toBe(410);
		const html = await res.text();
		expect(html).toContain('This consultation has closed');
		expect(html).toMatch(/closed on .*\(Europe\/London\)/);
		const join = await postForm(server, `${opened.publicLink}?/join`, {
			name: 'Late Person',
			email: 'late@example.org',
			organisation: 'Late Org',
			sector: 'vcse'
		});
		expect(join.status).toBe(410);
	});
});

describe('open editors hear about new comments and suggestions', () => {
	it('signals type 101 to Parity editors (ack=1) only, after a comment, a suggestion and a decision', async () => {
		const doc = await seededDocument();
		const parity = raw(server, doc, { cookie: editor.cookie }, '?ack=1');
		const plain = raw(server, doc, { cookie: editor2.cookie });
		await Promise.all([parity.open, plain.open]);
		const signals = (r: Raw) => r.messages.filter((m) => kindOf(m) === '101').length;
		const cora = apiClient(server, { cookie: commenter.cookie });

		const c = await cora.post(`/api/v1/documents/${doc}/comments`, { quote: 'real weight', body: 'Agreed.' });
		expect(c.status).toBe(201);
		await until(() => signals(parity) === 1, 'a signal after the comment');
		const s = await cora.post(`/api/v1/documents/${doc}/suggestions`, {
			quote: '60 days',
			replacement: '30 days'
		});
		expect(s.status).toBe(201);
		await until(() => signals(parity) === 2, 'a signal after the suggestion');
		const ok = await apiClient(server, { cookie: editor.cookie }).post(
			`/api/v1/suggestions/${s.json.id}/accept`
		);
		expect(ok.status).toBe(200);
		await until(() => signals(parity) === 3, 'a signal after the accept');
		// A y-websocket client that did not ask for Parity's messages never gets one.
		expect(signals(plain)).toBe(0);
		parity.ws.close();
		plain.ws.close();
	});
});
