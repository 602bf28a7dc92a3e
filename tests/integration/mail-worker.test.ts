// The mail worker in process, against a real SMTP server and a real SQLite file whose writes are made to fail
// (a trigger stands in for a full disk or a locked database): a message the SMTP server accepted is never
// sent twice, and a database error is logged instead of ending the process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeDb, setDb, type DB } from '../../src/lib/server/db/index.ts';
import { mailMessages, workspaceMembers } from '../../src/lib/server/db/schema/index.ts';
import { addMember, createUser, createWorkspace } from '../fixtures/factory.ts';
import { mailConfig } from '../../src/lib/server/mail/config.ts';
import { claimMessage, enqueue } from '../../src/lib/server/mail/queue.ts';
import { startMailer, stopMailer } from '../../src/lib/server/mail/worker.ts';
import { startSmtp, type Received, type SmtpSink } from '../fixtures/smtp.ts';
import { until } from '../fixtures/collab-client.ts';
import { allowUpdates, openFreshDatabase, refuseUpdates } from '../fixtures/engine.ts';

let dir: string;
let db: DB;
let smtp: SmtpSink;
const logs: string[] = [];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

const to = (address: string) => (m: Received) => m.to.includes(address);
const row = async (id: string) => (await db.select().from(mailMessages).where(eq(mailMessages.id, id)))[0]!;
const logged = (text: string) => logs.filter((l) => l.includes(text)).length;

async function queue(address: string, subject: string): Promise<string> {
	return (await enqueue(db, {
		to: address,
		kind: 'invitation',
		subject,
		text: `${subject}\n`,
		html: `<p>${subject}</p>`
	}))!;
}

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-mail-worker-'));
	({ db } = await openFreshDatabase(dir));
	setDb(db);
	smtp = await startSmtp({ refuse: (address) => (address === 'busy@example.org' ? 450 : null) });
	process.on('unhandledRejection', onRejection);
	startMailer(db, {
		config: mailConfig({
			SMTP_URL: smtp.url,
			ORIGIN: 'http://parity.test',
			PARITY_MAIL_INTERVAL_MS: '50',
			PARITY_MAIL_BACKOFF_MS: '50',
			PARITY_MAIL_BATCH_MS: '0'
		}),
		log: (m) => logs.push(m)
	});
});

afterAll(async () => {
	await stopMailer();
	process.off('unhandledRejection', onRejection);
	await smtp?.stop();
	closeDb();
	rmSync(dir, { recursive: true, force: true });
});

/** Runs SQL on the writer in turn with the server's own transactions (the mail worker runs here too). */

describe('mail worker', () => {
	it('never sends a message twice when the SMTP server took it but recording that failed', async () => {
		await refuseUpdates(db, 'test_sent_fails', 'mail_messages', 'simulated disk error', {
			column: 'status',
			when: "NEW.status = 'sent'"
		});
		const id = await queue('once@example.org', 'Only once');
		await smtp.waitFor(to('once@example.org'), 'the message');
		// Several rounds go by while the database refuses to record it (or a second copy arrives).
		const copies = () => smtp.messages.filter(to('once@example.org')).length;
		await until(
			() => logged(`message ${id} was sent but could not be recorded yet`) >= 3 || copies() > 1,
			'three rounds'
		);
		expect((await row(id)).status).toBe('queued');
		expect(smtp.messages.filter(to('once@example.org'))).toHaveLength(1);

		await allowUpdates(db, 'test_sent_fails', 'mail_messages');
		await until(async () => (await row(id)).status === 'sent', 'the message recorded as sent');
		expect(await row(id)).toMatchObject({ text: '', html: '', lastError: null });
		expect(smtp.messages.filter(to('once@example.org'))).toHaveLength(1);
		expect(rejections).toEqual([]);
	});

	it('logs a database error while the SMTP server is down, keeps going, and sends once both are back', async () => {
		await smtp.stop();
		await refuseUpdates(db, 'test_updates_fail', 'mail_messages', 'simulated disk error');
		const before = logs.length;
		const id = await queue('later@example.org', 'Eventually');
		await until(
			() =>
				logs.slice(before).filter((l) => l.includes('simulated disk error')).length >= 2 ||
				rejections.length > 0,
			'the error logged in two rounds'
		);
		expect(rejections).toEqual([]);
		expect(await row(id)).toMatchObject({ status: 'queued', attempts: 0 });

		await allowUpdates(db, 'test_updates_fail', 'mail_messages');
		await smtp.start();
		await smtp.waitFor(to('later@example.org'), 'the message after recovery');
		await until(async () => (await row(id)).status === 'sent', 'the message recorded as sent');
		expect(smtp.messages.filter(to('later@example.org'))).toHaveLength(1);
		expect(rejections).toEqual([]);
	});

	it('keeps sending to others while one recipient is refused for now (4xx)', async () => {
		const busy = await queue('busy@example.org', 'Refused for now');
		const other = await queue('free@example.org', 'Goes through');
		await smtp.waitFor(to('free@example.org'), 'the other message');
		await until(async () => (await row(busy)).attempts >= 1, 'an attempt at the refused one');
		expect(await row(busy)).toMatchObject({ status: 'queued' });
		expect((await row(busy)).lastError).toContain('450');
		expect((await row(other)).status).toBe('sent');
	});

	it('does not send a workspace message to someone who left the workspace while it waited', async () => {
		const user = await createUser(db, { email: 'left@example.org' });
		const ws = await createWorkspace(db);
		await addMember(db, ws.id, user.id, { role: 'commenter' });
		await smtp.stop();
		const id = (await enqueue(db, {
			to: user.email,
			userId: user.id,
			workspaceId: ws.id,
			kind: 'mention',
			subject: 'Private words',
			text: 'Private words\n',
			html: '<p>Private words</p>'
		}))!;
		await db.delete(workspaceMembers).where(eq(workspaceMembers.userId, user.id));
		await smtp.start();
		await until(async () => (await row(id)).status === 'failed', 'the message to be dropped');
		expect((await row(id)).lastError).toContain('no longer a member');
		expect(smtp.messages.some(to(user.email))).toBe(false);
	});

	it('lets only one process claim a due message', async () => {
		// Queued for later, so this process's worker leaves it alone; two claims at its time: one wins.
		const later = Date.now() + 60 * 60_000;
		const id = (await enqueue(
			db,
			{ to: 'x@example.org', kind: 'invitation', subject: 's', text: 't', html: 'h' },
			later
		))!;
		expect(await claimMessage(db, id, later - 1)).toBe(false);
		expect(await claimMessage(db, id, later)).toBe(true);
		expect(await claimMessage(db, id, later)).toBe(false);
		expect((await row(id)).nextAttemptAt).toBeGreaterThan(later);
	});
});
