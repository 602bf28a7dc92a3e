// Email against a real SMTP server (smtp-server) and the real Parity server: invitations, password resets,
// mentions, digests, one-click unsubscribe, privacy, and a queue that survives the SMTP server and Parity
// both going away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { closeDatabase, type DB } from '../../src/lib/server/db/index.ts';
import {
	mailMessages,
	mailPreferences,
	notifications,
	workspaceMembers
} from '../../src/lib/server/db/schema/index.ts';
import {
	addMember,
	createPartnership,
	createUser,
	openTestDb,
	TEST_PASSWORD,
	type TestUser
} from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { startServer, type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { startSmtp, type Received, type SmtpSink } from '../fixtures/smtp.ts';
import { seedDocument, sleep, until } from '../fixtures/collab-client.ts';

let smtp: SmtpSink;
let server: TestServer;
let db: DB;
let facilitator: TestUser;
let editor: TestUser;
let commenter: TestUser;
let workspace: { id: string; slug: string; name: string };
let orgId: string;
let documentId: string;

const env = () => ({
	SMTP_URL: smtp.url,
	MAIL_FROM: 'Parity <parity@test.example>',
	PARITY_MAIL_INTERVAL_MS: '200',
	PARITY_MAIL_BACKOFF_MS: '200',
	PARITY_MAIL_BATCH_MS: '300'
});

/** A header as sent (unfolded), read from the raw message. */
function header(m: Received, name: string): string | undefined {
	const head = m.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
	const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
	return line?.slice(name.length + 1).trim();
}

const to = (address: string) => (m: Received) => m.to.includes(address);
const linkIn = (m: Received, pattern: RegExp) => {
	const found = pattern.exec(m.mail.text ?? '');
	if (!found) throw new Error(`no link matching ${pattern} in:\n${m.mail.text}`);
	return found[0];
};

async function choose(user: TestUser, mode: 'immediate' | 'daily' | 'weekly' | 'none') {
	const res = await postForm(
		server,
		'/settings?/email',
		{ [`mode-${workspace.id}`]: mode },
		{ cookie: user.cookie }
	);
	expect(res.status).toBe(200);
}

beforeAll(async () => {
	smtp = await startSmtp();
});
const suite = useServer(
	() => ({ env: env() }),
	(s) => ({ server, db } = s)
);

beforeAll(async () => {
	const p = await createPartnership(db, { vcse: 1, statutory: 1 });
	facilitator = p.facilitator;
	workspace = p.workspace;
	orgId = p.orgs[0].org.id;
	editor = p.orgs[0].delegate;
	commenter = await createUser(db, { name: 'Cora Commenter' });
	await addMember(db, workspace.id, commenter.id, { role: 'commenter', organisationId: orgId });
	// A document with one paragraph, written through the live room.
	documentId = await seedDocument(
		server,
		db,
		workspace.id,
		{ cookie: editor.cookie },
		[['paragraph', 'Involvement payments are made within ten working days.']],
		facilitator.id
	);
});

afterAll(async () => {
	await smtp?.stop();
});

describe('email through a real SMTP server', () => {
	it('emails an invitation whose link works, with text and HTML parts and an unsubscribe header', async () => {
		const api = apiClient(server, { cookie: facilitator.cookie });
		const res = await api.post(`/api/v1/workspaces/${workspace.id}/invitations`, {
			email: 'newcomer@example.org',
			role: 'commenter',
			organisationId: orgId
		});
		expect(res.status).toBe(201);
		const m = await smtp.waitFor(to('newcomer@example.org'), 'invitation');
		expect(m.mail.subject).toBe(`Fran Facilitator invited you to ${workspace.name} on Parity`);
		expect(m.mail.from?.text).toContain('parity@test.example');
		expect(m.mail.html).toContain('Accept the invitation');
		expect(m.mail.text).toContain('The link works once');
		expect(header(m, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
		expect(header(m, 'List-Unsubscribe')).toMatch(/^<http:\/\/[^>]+\/unsubscribe\/one-click\/[^>]+>/);
		const link = linkIn(m, /http:\/\/[^/\s]+\/invite\/[a-z2-7]+/);
		const page = await fetch(link);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain(workspace.name);
		// Sent messages keep no body (it held the invitation's secret).
		const row = (await db.select().from(mailMessages).where(eq(mailMessages.to, 'newcomer@example.org')))[0]!;
		expect(row).toMatchObject({ status: 'sent', text: '', html: '' });
	});

	it('resets a password through a single-use link, with the same answer for unknown addresses', async () => {
		const person = await createUser(db, { name: 'Rita Reset', email: 'rita@example.org' });
		const unknown = await postForm(server, '/forgot', { email: 'nobody-here@example.org' });
		const known = await postForm(server, '/forgot', { email: 'rita@example.org' });
		expect(known.status).toBe(unknown.status);
		// The pages differ only in the address typed and the Content-Security-Policy nonce of each response.
		const strip = (html: string) =>
			html
				.replace(/nobody-here@example\.org|rita@example\.org/g, 'ADDRESS')
				.replace(/nonce="[^"]*"/g, 'nonce=""');
		expect(strip(known.text)).toBe(strip(unknown.text));

		const m = await smtp.waitFor(to('rita@example.org'), 'password reset');
		expect(m.mail.subject).toBe('Reset your Parity password');
		expect(smtp.messages.some(to('nobody-here@example.org'))).toBe(false);
		expect(
			await db.select().from(mailMessages).where(eq(mailMessages.to, 'nobody-here@example.org'))
		).toHaveLength(0);
		const path = new URL(linkIn(m, /http:\/\/[^/\s]+\/reset\/[a-z2-7]+/)).pathname;

		// A weak password changes nothing and leaves the link usable.
		const weak = await postForm(server, path, { password: 'short', password_again: 'short' });
		expect(weak.status).toBe(400);
		const done = await postForm(server, path, {
			password: 'a brand new passphrase',
			password_again: 'a brand new passphrase'
		});
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/settings?reset=1');
		// The old session has ended; the new password signs in; the old one does not.
		expect((await apiClient(server, { cookie: person.cookie }).get('/api/v1/me')).status).toBe(401);
		const signIn = await postForm(server, '/login', {
			email: 'rita@example.org',
			password: 'a brand new passphrase'
		});
		expect(signIn.status).toBe(303);
		const old = await postForm(server, '/login', { email: 'rita@example.org', password: TEST_PASSWORD });
		expect(old.status).toBe(400);
		// The link works once.
		const again = await postForm(server, path, {
			password: 'another new passphrase',
			password_again: 'another new passphrase'
		});
		expect(again.status).toBe(410);
		expect(await (await fetch(server.url + path)).text()).toContain('expired or has already been used');
	});

	it('mails a mention to a member who chose “straight away”, batching a burst into one message', async () => {
		await choose(editor, 'immediate');
		const cora = apiClient(server, { cookie: commenter.cookie });
		const first = await cora.post(`/api/v1/documents/${documentId}/comments`, {
			quote: 'ten working days',
			body: `@${editor.name} is ten days realistic for small groups?`
		});
		expect(first.status).toBe(201);
		const second = await cora.post(`/api/v1/comments/${first.json.id}/replies`, {
			body: `@${editor.name} and does it include travel?`
		});
		expect(second.status).toBe(201);
		const m = await smtp.waitFor(to(editor.email), 'mention');
		// Both mentions in one thread went in one message, linking to the thread.
		expect(m.mail.text).toContain('is ten days realistic for small groups?');
		expect(m.mail.text).toContain('and does it include travel?');
		expect(m.mail.text).toMatch(
			new RegExp(`/w/${workspace.slug}/documents/${documentId}/comments#t-${first.json.id}`)
		);
		expect(m.mail.subject).toContain(workspace.name);
		expect(header(m, 'List-Unsubscribe')).toMatch(/\/unsubscribe\/one-click\//);
		await sleep(600);
		expect(smtp.messages.filter(to(editor.email))).toHaveLength(1);
	});

	it('sends a digest of what changed to a member on a daily digest, and one-click unsubscribe stops it', async () => {
		const reader = await createUser(db, { name: 'Dee Digest' });
		await addMember(db, workspace.id, reader.id, { role: 'commenter', organisationId: orgId });
		await choose(reader, 'daily');
		const cora = apiClient(server, { cookie: commenter.cookie });
		const thread = await cora.post(`/api/v1/documents/${documentId}/comments`, {
			quote: 'Involvement payments',
			body: 'Digest-worthy: please add the hourly rate.'
		});
		expect(thread.status).toBe(201);
		// A day has passed since the last digest.
		await db
			.update(mailPreferences)
			.set({ lastDigestAt: Date.now() - 25 * 60 * 60_000 })
			.where(and(eq(mailPreferences.userId, reader.id), eq(mailPreferences.workspaceId, workspace.id)));
		const m = await smtp.waitFor(to(reader.email), 'digest');
		expect(m.mail.subject).toMatch(new RegExp(`^${workspace.name}: \\d+ changes? since your last visit$`));
		expect(m.mail.text).toContain('Cora Commenter commented on “Involvement payments”');
		expect(m.mail.text).toContain(`#t-${thread.json.id}`);

		// One click from the mail program: no session, no Origin.
		const url = /<([^>]+)>/.exec(header(m, 'List-Unsubscribe')!)![1];
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(res.status).toBe(200);
		const pref = (
			await db
				.select()
				.from(mailPreferences)
				.where(and(eq(mailPreferences.userId, reader.id), eq(mailPreferences.workspaceId, workspace.id)))
		)[0];
		expect(pref?.mode).toBe('none');
		// A forged token does nothing.
		const forged = await fetch(url.replace(/.{4}$/, 'AAAA'), {
			method: 'POST',
			body: 'List-Unsubscribe=One-Click'
		});
		expect(forged.status).toBe(404);

		// Nothing more reaches them: a mention is dropped, not mailed.
		const count = smtp.messages.filter(to(reader.email)).length;
		await cora.post(`/api/v1/comments/${thread.json.id}/replies`, { body: `@${reader.name} over to you` });
		await until(
			async () =>
				(await db.select().from(notifications).where(eq(notifications.userId, reader.id))).every(
					(n) => n.handledAt !== null
				),
			'the mention to be handled'
		);
		expect(smtp.messages.filter(to(reader.email))).toHaveLength(count);
	});

	it('the unsubscribe page works without signing in', async () => {
		const person = await createUser(db, { name: 'Paige Page' });
		await addMember(db, workspace.id, person.id, { role: 'observer', organisationId: orgId });
		await choose(person, 'immediate');
		const cora = apiClient(server, { cookie: commenter.cookie });
		await cora.post(`/api/v1/documents/${documentId}/comments`, {
			quote: 'working days',
			body: `@${person.name} have a look`
		});
		const m = await smtp.waitFor(to(person.email), 'mention for the page test');
		const page = linkIn(m, /http:\/\/[^/\s]+\/unsubscribe\/[A-Za-z0-9_.-]+/);
		const path = new URL(page).pathname;
		const shown = await fetch(server.url + path);
		expect(await shown.text()).toContain(`email about “${workspace.name}”`);
		const res = await postForm(server, path, {}, {});
		expect(res.status).toBe(200);
		expect(res.text).toContain('will not send');
		const row = (
			await db
				.select()
				.from(mailPreferences)
				.where(and(eq(mailPreferences.userId, person.id), eq(mailPreferences.workspaceId, workspace.id)))
		)[0];
		expect(row?.mode).toBe('none');
	});

	it('never sends a private workspace’s content to a non-member', async () => {
		const outsider = await createUser(db, { name: 'Otto Outsider', email: 'otto@example.org' });
		const leaver = await createUser(db, { name: 'Lee Leaver' });
		await addMember(db, workspace.id, leaver.id, { role: 'commenter', organisationId: orgId });
		await choose(leaver, 'immediate');
		const cora = apiClient(server, { cookie: commenter.cookie });
		const res = await cora.post(`/api/v1/documents/${documentId}/comments`, {
			quote: 'Involvement',
			body: `Secret draft: @${outsider.name} @otto@example.org @${leaver.name}`
		});
		expect(res.status).toBe(201);
		// The leaver is removed before the message is made (the batch wait is 300 ms).
		await db
			.delete(workspaceMembers)
			.where(and(eq(workspaceMembers.workspaceId, workspace.id), eq(workspaceMembers.userId, leaver.id)));
		await until(
			async () =>
				(await db.select().from(notifications).where(eq(notifications.userId, leaver.id))).every(
					(n) => n.handledAt !== null
				),
			'the leaver’s notice to be dropped'
		);
		await sleep(500);
		expect(await db.select().from(notifications).where(eq(notifications.userId, outsider.id))).toHaveLength(
			0
		);
		for (const address of [outsider.email, leaver.email]) {
			expect(smtp.messages.some(to(address))).toBe(false);
			expect(await db.select().from(mailMessages).where(eq(mailMessages.to, address))).toHaveLength(0);
		}
		expect(smtp.messages.some((m) => (m.mail.text ?? '').includes('Secret draft'))).toBe(false);
	});

	it('keeps messages queued while the SMTP server is down, across a restart, and delivers them after', async () => {
		await smtp.stop();
		const api = apiClient(server, { cookie: facilitator.cookie });
		const res = await api.post(`/api/v1/workspaces/${workspace.id}/invitations`, {
			email: 'patient@example.org',
			role: 'observer',
			organisationId: orgId
		});
		expect(res.status).toBe(201);
		const row = async () =>
			(await db.select().from(mailMessages).where(eq(mailMessages.to, 'patient@example.org')))[0];
		await until(async () => ((await row())?.attempts ?? 0) >= 1, 'a failed attempt');
		expect(await row()).toMatchObject({ status: 'queued' });
		expect((await row())!.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);

		// Parity restarts while the SMTP server is still down: a clear warning, and the message waits.
		await suite.restart(env());
		await until(() => /cannot reach the SMTP server/.test(server.output()), 'a start-up warning');
		expect(await row()).toMatchObject({ status: 'queued' });

		await smtp.start();
		const m = await smtp.waitFor(to('patient@example.org'), 'the queued invitation', 30_000);
		expect(m.mail.subject).toContain('invited you');
		await until(async () => (await row())?.status === 'sent', 'the message to be marked sent');
		expect(smtp.messages.filter(to('patient@example.org'))).toHaveLength(1);
	});
});

describe('without SMTP', () => {
	it('keeps messages in the outbox for administrators, and warns clearly about a bad SMTP_URL', async () => {
		const outbox = await startServer({ env: { SMTP_URL: '', PARITY_MAIL_INTERVAL_MS: '200' } });
		const odb = openTestDb(outbox.dbFile);
		try {
			const admin = await createUser(odb, { name: 'Ada Admin', isAdmin: true });
			const p = await createPartnership(odb, { vcse: 1, statutory: 1 });
			const res = await postForm(outbox, '/forgot', { email: p.orgs[0].delegate.email });
			expect(res.status).toBe(200);
			await until(
				async () =>
					(await odb.select().from(mailMessages).where(eq(mailMessages.status, 'outbox'))).length === 1,
				'the message in the outbox'
			);
			const list = await fetch(`${outbox.url}/admin/mail`, { headers: { cookie: admin.cookie } });
			expect(list.status).toBe(200);
			expect(await list.text()).toContain('Reset your Parity password');
			const id = (await odb.select().from(mailMessages))[0]!.id;
			const one = await fetch(`${outbox.url}/admin/mail/${id}`, { headers: { cookie: admin.cookie } });
			expect(await one.text()).toMatch(/\/reset\/[a-z2-7]+/);
			const notAdmin = await fetch(`${outbox.url}/admin/mail/${id}`, {
				headers: { cookie: p.orgs[0].delegate.cookie }
			});
			expect(notAdmin.status).toBe(403);
			expect(await notAdmin.text()).not.toMatch(/\/reset\/[a-z2-7]+/);
		} finally {
			await closeDatabase(odb);
			await outbox.stop();
			outbox.cleanup();
		}

		const bad = await startServer({
			env: { SMTP_URL: 'http://mail.example.org', PARITY_MAIL_INTERVAL_MS: '200' }
		});
		const bdb = openTestDb(bad.dbFile);
		try {
			await until(() => bad.output().includes('SMTP_URL must start with smtp:// or smtps://'), 'a warning');
			const user = await createUser(bdb, { email: 'waiting@example.org' });
			await postForm(bad, '/forgot', { email: user.email });
			await sleep(600);
			expect((await bdb.select().from(mailMessages))[0]).toMatchObject({ status: 'queued', attempts: 0 });
		} finally {
			await closeDatabase(bdb);
			await bad.stop();
			bad.cleanup();
		}
	});
});
