// A suggestion from a person who came through a public consultation link, once accepted, is credited to that
// person in the update log and in "Since your last visit" — not to the system, and not to whoever accepted it.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { desc, eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { collabUpdates, consultationGuests } from '../../src/lib/server/db/schema/index.ts';
import { createPartnership } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import type { TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { connect, createDocument, until } from '../fixtures/collab-client.ts';

let server: TestServer;
let db: DB;

useServer({}, (s) => ({ server, db } = s));

describe('credit for an accepted suggestion from a consultation link', () => {
	it('names the person from the link in the update log and the overview', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 1 });
		const editor = p.orgs[0].delegate;
		const reader = p.orgs[1].delegate;
		const doc = await createDocument(db, p.workspace.id, p.facilitator.id);
		const seed = connect(server, doc, { cookie: editor.cookie }, { ack: true });
		await seed.synced();
		seed.doc.transact(() => {
			for (const text of ['Principles', 'Invoices are paid within 60 days of receipt.']) {
				const el = new Y.XmlElement('paragraph');
				el.insert(0, [new Y.XmlText(text)]);
				seed.doc.getXmlFragment('default').push([el]);
			}
		});
		await until(() => seed.saved.length > 0, 'the document to be saved');
		seed.destroy();

		const fran = apiClient(server, { cookie: p.facilitator.cookie });
		const opened = await fran.post(`/api/v1/documents/${doc}/consultations`, {
			closesAt: '2099-06-01T17:00',
			audience: 'public',
			questions: ['Does this work for you?']
		});
		expect(opened.status).toBe(201);
		const link = opened.json.publicLink as string;
		const joined = await postForm(server, `${link}?/join`, {
			name: 'Rita Resident',
			email: 'rita@example.org',
			organisation: 'Riverside Mutual Aid',
			sector: 'vcse'
		});
		expect(joined.status).toBe(200);
		const cookie = joined.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('parity_consult='))!;

		const overview = `/w/${p.workspace.slug}`;
		await fetch(server.url + overview, { headers: { cookie: reader.cookie } }); // the reader's last visit
		await new Promise((r) => setTimeout(r, 5));

		const suggested = await postForm(
			server,
			`${link}?/suggest`,
			{ block: '1', find: '60 days', replacement: '30 days' },
			{ cookie }
		);
		expect(suggested.status).toBe(200);
		const eddie = apiClient(server, { cookie: editor.cookie });
		const [s] = (await eddie.get(`/api/v1/documents/${doc}/suggestions`)).json.suggestions;
		expect(s).toMatchObject({ author: { name: 'Rita Resident (via consultation link)', guest: true } });
		const accepted = await eddie.post(`/api/v1/suggestions/${s.id}/accept`);
		expect(accepted.status).toBe(200);
		expect((await eddie.get(`/api/v1/documents/${doc}?format=md`)).text).toContain('within 30 days');

		const guest = db
			.select()
			.from(consultationGuests)
			.where(eq(consultationGuests.name, 'Rita Resident'))
			.get()!;
		const last = db
			.select()
			.from(collabUpdates)
			.where(eq(collabUpdates.documentId, doc))
			.orderBy(desc(collabUpdates.id))
			.get();
		expect(last?.userId).toBe(`guest:${guest.id}`);

		const html = await (await fetch(server.url + overview, { headers: { cookie: reader.cookie } })).text();
		expect(html).toMatch(/by Rita Resident \(via consultation link\) \(1 change/);
		expect(html).toMatch(/Rita Resident \(via consultation link\)’s suggestion on “60 days”.*: accepted/s);
	});
});
