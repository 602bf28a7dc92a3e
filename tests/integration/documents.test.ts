import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { addMember, createPartnership, createUser, openTestDb } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { connect, seedDocument, until } from '../fixtures/collab-client.ts';
import { renderText, renderHtml } from '../../src/lib/domain/content.ts';
import { sha256Hex } from '../../src/lib/domain/secrets.ts';
import { closeDatabase } from '../../src/lib/server/db/index.ts';

let server: TestServer;

useServer({}, (s) => ({ server } = s));

describe('documents API and versions through the live room', () => {
	it('creates from a template, reads in three formats, changes the title, saves and restores versions live', async () => {
		const db = openTestDb(server.dbFile);
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = orgs[0].delegate;
		const commenter = await createUser(db, { name: 'Cora Commenter' });
		await addMember(db, workspace.id, commenter.id, { role: 'commenter', organisationId: orgs[1].org.id });
		const stranger = await createUser(db, { name: 'Sam Stranger' });
		await closeDatabase(db);
		const asEditor = apiClient(server, { cookie: editor.cookie });
		const asCommenter = apiClient(server, { cookie: commenter.cookie });
		const base = `/api/v1/workspaces/${workspace.id}/documents`;

		// Create: editors only, with a known template and kind.
		expect((await asCommenter.post(base, { title: 'Nope', kind: 'other' })).status).toBe(403);
		expect((await apiClient(server, { cookie: stranger.cookie }).get(base)).status).toBe(404);
		const bad = await asEditor.post(base, { title: 'Payments', kind: 'other', template: 'novel' });
		expect(bad.status).toBe(422);
		const created = await asEditor.post(base, {
			title: 'Involvement payments',
			kind: 'reimbursement',
			template: 'reimbursement'
		});
		expect(created.status).toBe(201);
		const id: string = created.json.id;
		expect((await asCommenter.get(base)).json.documents.map((d: { id: string }) => d.id)).toEqual([id]);

		// A live client sees the template.
		const live = connect(server, id, { cookie: editor.cookie }, { ack: true });
		await live.synced();
		const fragment = live.doc.getXmlFragment('default');
		expect(renderText(live.doc)).toMatch(/^Involvement and reimbursement policy\n/);

		// Formats.
		const md = await asCommenter.get(`/api/v1/documents/${id}?format=md`);
		expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
		expect(md.text).toMatch(/^# Involvement and reimbursement policy\n/);
		expect(md.text).toMatch(/\n\| Level \| Example activity \|/);
		const html = await asCommenter.get(`/api/v1/documents/${id}?format=html`);
		// The HTML export runs no script: its policy starts from nothing allowed and never adds scripts.
		expect(html.headers.get('content-security-policy')).toMatch(/^default-src 'none';/);
		expect(html.headers.get('content-security-policy')).not.toContain('script-src');
		expect(html.text).toContain('<h1>Involvement and reimbursement policy</h1>');
		const json = await asCommenter.get(`/api/v1/documents/${id}`);
		expect(json.json.content.hash).toBe(sha256Hex(json.json.content.html));
		expect((await asCommenter.get(`/api/v1/documents/${id}?format=odt`)).status).toBe(422);

		// Title: editors change it, commenters cannot. The status is never set by hand (see adoption.test.ts).
		expect((await asCommenter.patch(`/api/v1/documents/${id}`, { title: 'Renamed' })).status).toBe(403);
		expect((await asEditor.patch(`/api/v1/documents/${id}`, { status: 'consultation' })).status).toBe(422);
		const patched = await asEditor.patch(`/api/v1/documents/${id}`, { title: 'Involvement payments policy' });
		expect(patched.status).toBe(200);
		expect(patched.json).toMatchObject({ title: 'Involvement payments policy', status: 'drafting' });

		// A live edit, confirmed by the server, is in the next version.
		const para = new Y.XmlElement('paragraph');
		para.insert(0, [new Y.XmlText('Agreed at the March board.')]);
		fragment.push([para]);
		await until(
			() =>
				live.saved.length > 0 && Y.decodeStateVector(live.saved.at(-1)!).get(live.doc.clientID) !== undefined,
			'save confirmation'
		);
		expect((await asCommenter.post(`/api/v1/documents/${id}/versions`, { name: 'x' })).status).toBe(403);
		const v1 = await asEditor.post(`/api/v1/documents/${id}/versions`, { name: 'Board draft' });
		expect(v1.status).toBe(201);
		expect(v1.json.authorName).toBe(editor.name);
		const read = await asCommenter.get(`/api/v1/documents/${id}/versions/${v1.json.id}`);
		expect(read.json.text).toContain('Agreed at the March board.');
		expect(read.json.hash).toBe(sha256Hex(read.json.html));
		expect(read.json.html).toBe(renderHtml(live.doc));

		// The paragraph is deleted live, then the version is restored through the page's form: the live
		// client receives the restore as an edit, and the content hash is the version's again.
		fragment.delete(fragment.length - 1, 1);
		await until(() => !renderText(live.doc).includes('March board'), 'the deletion');
		const afterDelete = await asCommenter.get(`/api/v1/documents/${id}`);
		expect(afterDelete.json.content.text).not.toContain('March board');
		expect(
			(
				await postForm(
					server,
					`/w/${workspace.slug}/documents/${id}/versions/${v1.json.id}?/restore`,
					{},
					{ cookie: commenter.cookie }
				)
			).status
		).toBe(403);
		const restored = await postForm(
			server,
			`/w/${workspace.slug}/documents/${id}/versions/${v1.json.id}?/restore`,
			{},
			{ cookie: editor.cookie }
		);
		expect(restored.status).toBe(303);
		await until(
			() => renderText(live.doc).includes('Agreed at the March board.'),
			'the restore to reach the live client'
		);
		expect((await asCommenter.get(`/api/v1/documents/${id}`)).json.content.hash).toBe(v1.json.hash);

		const list = await asCommenter.get(`/api/v1/documents/${id}/versions`);
		expect(list.json.versions.map((v: { name: string }) => v.name)).toEqual(['Board draft']);
		live.destroy();
	});
});

describe('addresses that can name nothing', () => {
	it('refuses a NUL character in a path or query with 400, on pages and in the API', async () => {
		const db = openTestDb(server.dbFile);
		const { workspace, facilitator } = await createPartnership(db, { vcse: 1, statutory: 0 });
		await closeDatabase(db);
		const api = apiClient(server, { cookie: facilitator.cookie });
		for (const path of [
			'/api/v1/documents/a%00b',
			'/api/v1/documents/a%00b/versions',
			`/api/v1/workspaces/${workspace.id}/documents?status=%00`
		]) {
			const res = await api.get(path);
			expect(res.status, path).toBe(400);
			expect(res.json.error.message, path).toMatch(/NUL character/);
		}
		expect((await api.post('/api/v1/workspaces/%00/documents', { title: 'x', kind: 'other' })).status).toBe(
			400
		);
		for (const path of [`/w/%00`, `/w/${workspace.slug}/documents/%00`, `/w/${workspace.slug}/votes/a%00`]) {
			const res = await fetch(server.url + path, { headers: { cookie: facilitator.cookie } });
			expect(res.status, path).toBe(400);
		}
	});
});

describe('a NUL character typed into a live document', () => {
	it('is kept out of what is stored from the text: versions and quotes hold U+FFFD instead', async () => {
		const db = openTestDb(server.dbFile);
		const { workspace, orgs } = await createPartnership(db, { vcse: 1, statutory: 0 });
		const editor = orgs[0].delegate;
		const id = await seedDocument(server, db, workspace.id, { cookie: editor.cookie }, [
			['paragraph', 'Plain words.'],
			['paragraph', 'A stray\u0000character.']
		]);
		await closeDatabase(db);
		const api = apiClient(server, { cookie: editor.cookie });
		const version = await api.post(`/api/v1/documents/${id}/versions`, { name: 'With a stray character' });
		expect(version.status).toBe(201);
		const read = await api.get(`/api/v1/documents/${id}/versions/${version.json.id}`);
		expect(read.json.text).toContain('A stray\uFFFDcharacter.');
		const comment = await api.post(`/api/v1/documents/${id}/comments`, { block: 1, body: 'What is this?' });
		expect(comment.status).toBe(201);
		expect(comment.json.quote).toBe('A stray\uFFFDcharacter.');
	});
});
