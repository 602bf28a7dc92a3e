// What counts as a change to a document, through the real server and real WebsocketProvider clients: a
// person who only opens a document (one that ends in a list, a blank one, a decided one) changes nothing
// that others see — no logged change, nothing "since your last visit", no digest line, "Last changed" stays,
// also once the idle room has been folded into its snapshot; a real edit shows, credited to its author, and
// "Last changed" follows it. And every viewer sees a person in the same colour as that person does.
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { and, count, eq } from 'drizzle-orm';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { setDb, type DB } from '../../src/lib/server/db/index.ts';
import { collabSnapshots, collabUpdates, documents } from '../../src/lib/server/db/schema/index.ts';
import { activitySince } from '../../src/lib/server/activity.ts';
import { mailConfig } from '../../src/lib/server/mail/config.ts';
import { digestSource } from '../../src/lib/server/mail/digest-source.ts';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import { colourFor } from '../../src/lib/collab/session.ts';
import { addMember, createUser, createWorkspace, type TestUser } from '../fixtures/factory.ts';
import { apiClient } from '../fixtures/http.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { connect, until, type Client } from '../fixtures/collab-client.ts';

let server: TestServer;
let db: DB;
let workspaceId: string;
let overview: string;
let fran: TestUser;
let amara: TestUser;
let ben: TestUser;
let cara: TestUser;

// Idle rooms are folded into their snapshot soon after the last socket leaves.
useServer({ env: { COLLAB_IDLE_EVICT_MS: '200' } }, (s) => ({ server, db } = s));

beforeAll(async () => {
	setDb(db); // activitySince reads documents through the registry's database fallback here
	fran = await createUser(db, { name: 'Fran Facilitator' });
	amara = await createUser(db, { name: 'Amara Okoye' });
	ben = await createUser(db, { name: 'Ben Reader' });
	cara = await createUser(db, { name: 'Cara Observer' });
	const ws = await createWorkspace(db, { facilitatorId: fran.id });
	workspaceId = ws.id;
	overview = `${server.url}/w/${ws.slug}`;
	await addMember(db, workspaceId, amara.id, { role: 'editor' });
	await addMember(db, workspaceId, ben.id, { role: 'editor' });
	await addMember(db, workspaceId, cara.id, { role: 'observer' });
});

async function createDoc(title: string, template?: string): Promise<string> {
	const r = await apiClient(server, { cookie: fran.cookie }).post(
		`/api/v1/workspaces/${workspaceId}/documents`,
		{
			title,
			kind: 'social_value',
			...(template ? { template } : {})
		}
	);
	expect(r.status).toBe(201);
	return r.json.id as string;
}

const row = (id: string) => db.select().from(documents).where(eq(documents.id, id)).get()!;
const logged = (id: string, changesContent?: boolean) =>
	db
		.select({ n: count() })
		.from(collabUpdates)
		.where(
			and(
				eq(collabUpdates.documentId, id),
				changesContent === undefined ? undefined : eq(collabUpdates.changesContent, changesContent)
			)
		)
		.get()!.n;

/** Whether the server confirmed that it has stored everything this client wrote. */
const allSaved = (c: Client) =>
	c.saved.length > 0 &&
	(Y.decodeStateVector(c.saved.at(-1)!).get(c.doc.clientID) ?? 0) >= Y.getState(c.doc.store, c.doc.clientID);

/** Opens a document as `user`, lets the editor do what it does on opening, and leaves once that is saved. */
async function openAndLeave(id: string, user: TestUser, editor: (doc: Y.Doc) => void = () => {}) {
	const c = connect(server, id, { cookie: user.cookie }, { ack: true });
	await c.synced();
	editor(c.doc);
	await until(() => allSaved(c), 'what the opener’s editor wrote to be saved');
	c.destroy();
}

/** What Tiptap's editor wrote on opening a document ending in a list: the document with an empty paragraph after it. */
function trailingParagraph(doc: Y.Doc) {
	const fragment = doc.getXmlFragment('default');
	const schema = documentSchema();
	const shown = yXmlFragmentToProseMirrorRootNode(fragment, schema);
	updateYFragment(doc, fragment, shown.copy(shown.content.addToEnd(schema.nodes.paragraph.create())), {
		mapping: new Map(),
		isOMark: new Map()
	});
}

async function folded(id: string) {
	await until(() => logged(id) === 0, 'the idle room to be folded into its snapshot');
}

const config = mailConfig({ ORIGIN: 'https://parity.example', PARITY_MAIL_BATCH_MS: '0' });
async function editedLines(userId: string, since: number) {
	const sections = await digestSource(config)(db, workspaceId, userId, since, Date.now());
	return sections.find((s) => s.title === 'Edited')!.items.map((i) => `${i.title}: ${i.detail}`);
}

describe('opening a document', () => {
	it('changes nothing that others see, also after the idle room is folded into its snapshot', async () => {
		const policy = await createDoc('Social value policy', 'social_value');
		const blank = await createDoc('Blank page');
		const decided = await createDoc('Decided policy', 'social_value');
		db.update(documents).set({ status: 'decided' }).where(eq(documents.id, decided)).run();
		const lastChanged = new Map([policy, blank, decided].map((id) => [id, row(id).updatedAt]));
		const since = Date.now();

		await openAndLeave(policy, amara, trailingParagraph);
		// The editor's empty paragraph is stored (Amara's client holds it) but is no change of hers.
		expect(logged(policy, false)).toBeGreaterThan(0);
		await openAndLeave(blank, amara);
		await openAndLeave(decided, amara);
		await openAndLeave(policy, ben);
		for (const id of [policy, blank, decided]) {
			expect(row(id).updatedAt, 'Last changed').toBe(lastChanged.get(id));
			await folded(id);
			expect(row(id).updatedAt, 'Last changed after folding').toBe(lastChanged.get(id));
		}
		const news = await activitySince(db, workspaceId, cara.id, since);
		expect(news.edited).toEqual([]);
		expect(await editedLines(cara.id, since)).toEqual([]);
	});

	it('a real edit shows, credited to its author, and "Last changed" follows it', async () => {
		const policy = await createDoc('Reimbursement policy', 'social_value');
		await fetch(overview, { headers: { cookie: ben.cookie } }); // Ben's last visit
		const since = Date.now();
		const c = connect(server, policy, { cookie: amara.cookie }, { ack: true });
		await c.synced();
		const first = c.doc
			.getXmlFragment('default')
			.toArray()
			.find((b) => b instanceof Y.XmlElement && b.nodeName === 'paragraph') as Y.XmlElement;
		(first.get(0) as Y.XmlText).insert(0, 'Agreed: ');
		await until(() => allSaved(c), 'the edit to be saved');
		const editedAt = row(policy).updatedAt;
		expect(editedAt).toBeGreaterThan(since);
		expect(row(policy).contentChangedBy).toBe(amara.id);

		const live = await activitySince(db, workspaceId, cara.id, since);
		expect(live.edited).toMatchObject([{ documentId: policy, editors: ['Amara Okoye'], changes: 1 }]);
		// Her own edit is no news to her.
		expect((await activitySince(db, workspaceId, amara.id, since)).edited).toEqual([]);

		c.destroy();
		await folded(policy);
		expect(row(policy).updatedAt).toBe(editedAt);
		const later = await activitySince(db, workspaceId, cara.id, since);
		expect(later.edited).toMatchObject([{ documentId: policy, editors: ['Amara Okoye'], lastAt: editedAt }]);
		expect(await editedLines(cara.id, since)).toEqual(['Reimbursement policy: By Amara Okoye']);
		const page = await (await fetch(overview, { headers: { cookie: ben.cookie } })).text();
		expect(page).toMatch(/Reimbursement policy<\/a>.{0,20}by Amara Okoye \(last change/);
		// With a space between the sentences (comments are hydration markers).
		expect(page).toMatch(/Times are shown in [\w/]+\. (<!--[^>]*-->)*Your last visit: /);
	});
	it('opened again from its snapshot: a reader changes nothing, and a returning writer may first delete', async () => {
		const policy = await createDoc('Procurement principles', 'social_value');
		const amaraDoc = new Y.Doc();
		const firstText = () =>
			(
				amaraDoc
					.getXmlFragment('default')
					.toArray()
					.find((b) => b instanceof Y.XmlElement && b.nodeName === 'paragraph') as Y.XmlElement
			).get(0) as Y.XmlText;
		const a = connect(server, policy, { cookie: amara.cookie }, { ack: true, doc: amaraDoc });
		await a.synced();
		firstText().insert(0, 'Draft: ');
		await until(() => allSaved(a), 'the edit to be saved');
		a.destroy();
		await folded(policy);
		// The snapshot carries its state vector, so the room answers its first sync without decoding the state.
		const snapshot = db.select().from(collabSnapshots).where(eq(collabSnapshots.documentId, policy)).get()!;
		expect(new Uint8Array(snapshot.stateVector!)).toEqual(Y.encodeStateVectorFromUpdate(snapshot.data));
		const lastChanged = row(policy).updatedAt;

		// A reader opens the room from the snapshot: the whole document, and no change.
		const b = connect(server, policy, { cookie: ben.cookie }, { ack: true });
		await b.synced();
		expect(b.doc.getXmlFragment('default').toString()).toBe(amaraDoc.getXmlFragment('default').toString());
		await until(() => b.saved.length > 0, 'the reader to be told what is saved');
		expect(logged(policy)).toBe(0);
		// Amara comes back with what she holds, and her first change deletes text the snapshot holds.
		const again = connect(server, policy, { cookie: amara.cookie }, { ack: true, doc: amaraDoc });
		await again.synced();
		firstText().delete(0, 'Draft: '.length);
		await until(() => allSaved(again) && logged(policy, true) === 1, 'the deletion to be stored');
		await until(
			() => b.doc.getXmlFragment('default').toString() === amaraDoc.getXmlFragment('default').toString(),
			'the reader to see the deletion'
		);
		expect(b.doc.getXmlFragment('default').toString()).not.toContain('Draft: ');
		expect(row(policy).updatedAt).toBeGreaterThanOrEqual(lastChanged);
		expect(row(policy).contentChangedBy).toBe(amara.id);
		again.destroy();
		b.destroy();
	});
});

describe('colours', () => {
	it('every viewer sees a person in the colour that person’s own editor uses', async () => {
		const id = await createDoc('Colours');
		const viewers = [ben, cara].map((u) => connect(server, id, { cookie: u.cookie }));
		await Promise.all(viewers.map((v) => v.synced()));
		const writer = connect(
			server,
			id,
			{ cookie: amara.cookie },
			{ awareness: { user: { color: '#000000' } } }
		);
		const seen = (v: (typeof viewers)[number]) =>
			[...v.provider.awareness.getStates().values()]
				.map((s) => s.user as { name: string; color: string } | undefined)
				.find((u) => u?.name === 'Amara Okoye')?.color;
		await until(() => viewers.every((v) => seen(v) !== undefined), 'both viewers to see Amara');
		expect(viewers.map(seen)).toEqual([colourFor(amara.id), colourFor(amara.id)]);
		writer.destroy();
		for (const v of viewers) v.destroy();
	});
});
