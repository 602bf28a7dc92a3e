// A guest's way in, on a real server with a real SMTP server: the invitation email carries a personal link that
// makes a guest account for exactly the invited address, once; the guest then sees their meeting and nothing
// else of the workspace (pages and API); an existing account signs in and is linked; a wrong, used, expired or
// cancelled link is a 4xx; a guest with an account is reminded the day before unless they opt out.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useServerWithMail } from '../fixtures/suite.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { createPartnership, createUser } from '../fixtures/factory.ts';
import type { SmtpSink } from '../fixtures/smtp.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';
import { meetingInvitations, meetings, users } from '../../src/lib/server/db/schema/index.ts';
import { hashSecret } from '../../src/lib/domain/secrets.ts';
import { runReminders } from '../../src/lib/server/mail/reminders.ts';

let server: TestServer;
let db: DB;
let smtp: SmtpSink;

useServerWithMail((s) => ({ server, db, smtp } = s));

const DAY = 86_400_000;

/** Opens a page as a browser would (no redirects followed), with a session cookie if given. */
const open = (path: string, cookie?: string) =>
	fetch(server.url + path, {
		redirect: 'manual',
		headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }
	});

/** The session cookie a response sets, ready for a Cookie header. */
const sessionOf = (res: { headers: Headers }) =>
	res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('parity_session='))!;

async function meetingWithGuest(email: string, startsAt = Date.now() + 10 * DAY) {
	const p = await createPartnership(db, { vcse: 1, statutory: 0 });
	const fac = apiClient(server, { cookie: p.facilitator.cookie });
	const schedule = async (title: string) =>
		(
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/meetings`, {
				title,
				startsAt,
				endsAt: startsAt + 2 * 3600_000
			})
		).json as { id: string };
	const m = await schedule('Lived experience panel');
	const other = await schedule('Finance sub-group');
	const invited = await fac.post(`/api/v1/meetings/${m.id}/invitations`, { name: 'Gita Guest', email });
	expect(invited.status).toBe(201);
	// The API never shows the link's secret or its hash.
	expect(invited.text).not.toMatch(/link/i);
	const mail = await smtp.waitFor((x) => x.to.includes(email), `the invitation to ${email}`);
	const secret = /\/guest\/([a-z2-7]{32})/.exec(mail.mail.text ?? '')?.[1];
	if (!secret) throw new Error('no guest link in the invitation');
	return { p, fac, m, other, mail, secret, path: `/guest/${secret}` };
}

describe('a guest’s invitation link', () => {
	it('makes a guest account for the invited address once, and the guest sees their meeting only', async () => {
		const { p, fac, m, other, mail, secret, path } = await meetingWithGuest('gita@example.org');
		// The email is the calendar invitation with the link; only the secret's hash is stored.
		expect(mail.mail.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);
		expect(mail.mail.text).toContain('Open your invitation');
		const row = (
			await db.select().from(meetingInvitations).where(eq(meetingInvitations.meetingId, m.id))
		)[0]!;
		expect(row.linkHash).toBe(hashSecret(secret));
		expect(JSON.stringify(row)).not.toContain(secret);

		expect((await open('/guest/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
		expect((await open('/guest/not-a-link')).status).toBe(404);
		const form = await open(path);
		expect(form.status).toBe(200);
		expect(form.headers.get('cache-control')).toBe('no-store');
		const html = await form.text();
		expect(html).toContain('Set up your guest account');
		expect(html).toContain('value="gita@example.org"');
		expect(html).toContain('value="Gita Guest"');

		// Bad input re-renders the form; the address cannot be changed by posting another.
		const mismatch = await postForm(server, `${path}?/join`, {
			name: 'Gita',
			password: 'a long enough password',
			confirm: 'another long password'
		});
		expect(mismatch.status).toBe(422);
		expect(mismatch.text).toContain('The passwords do not match.');
		const joined = await postForm(server, `${path}?/join`, {
			email: 'someone-else@example.org',
			name: 'Gita G.',
			password: 'a long enough password',
			confirm: 'a long enough password'
		});
		expect(joined.status).toBe(303);
		expect(joined.headers.get('location')).toBe(`/meetings/${m.id}`);
		const cookie = sessionOf(joined);
		const user = (await db.select().from(users).where(eq(users.email, 'gita@example.org')))[0]!;
		expect(user.name).toBe('Gita G.');
		expect(
			(await db.select().from(users).where(eq(users.email, 'someone-else@example.org')))[0]
		).toBeUndefined();
		expect(
			(await db.select().from(meetingInvitations).where(eq(meetingInvitations.id, row.id)))[0]
		).toMatchObject({ userId: user.id, linkUsedAt: expect.any(Number) });

		// Used: a second account cannot be made, and the link says so; its owner is sent to the meeting.
		const again = await postForm(server, `${path}?/join`, {
			name: 'Mallory',
			password: 'a long enough password',
			confirm: 'a long enough password'
		});
		expect(again.status).toBe(410);
		const used = await open(path);
		expect(used.status).toBe(410);
		expect(await used.text()).toContain('This link has been used already.');
		const mine = await open(path, cookie);
		expect(mine.status).toBe(303);
		expect(mine.headers.get('location')).toBe(`/meetings/${m.id}`);

		// Their meeting, and nothing else of the (private) workspace.
		const page = await open(`/meetings/${m.id}`, cookie);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Lived experience panel');
		const doc = (
			await fac.post(`/api/v1/workspaces/${p.workspace.id}/documents`, {
				title: 'Draft strategy',
				kind: 'other',
				template: null
			})
		).json as { id: string };
		const ws = `/w/${p.workspace.slug}`;
		for (const where of [
			ws,
			`${ws}/documents`,
			`${ws}/documents/${doc.id}`,
			`${ws}/votes`,
			`${ws}/decisions`,
			`${ws}/members`,
			`${ws}/meetings`,
			`${ws}/meetings/${m.id}`,
			`/register/${p.workspace.slug}`,
			`/meetings/${other.id}`
		])
			expect([where, (await open(where, cookie)).status]).toEqual([where, 404]);
		const guest = apiClient(server, { cookie });
		const api = `/api/v1/workspaces/${p.workspace.id}`;
		for (const where of [
			api,
			`${api}/documents`,
			`/api/v1/documents/${doc.id}`,
			`${api}/votes`,
			`${api}/decisions`,
			`${api}/members`,
			`${api}/meetings`,
			`/api/v1/meetings/${other.id}`
		])
			expect([where, (await guest.get(where)).status]).toEqual([where, 404]);
		expect((await guest.get(`/api/v1/meetings/${m.id}`)).status).toBe(200);
		expect((await guest.get(`/api/v1/meetings/${m.id}/invitations`)).status).toBe(403);
		expect((await guest.get('/api/v1/me')).json.workspaces).toEqual([]);

		// Their calendar feed, from their settings, lists their meeting only, at its own page.
		const settings = await open('/settings', cookie);
		expect(await settings.text()).toContain('Make my calendar address');
		const made = await postForm(server, '/settings?/feed', {}, { cookie });
		expect(made.status).toBe(200);
		const feedUrl = /(http[^"<\s]+\/calendar\/[a-z2-7]+\.ics)/.exec(made.text)?.[1];
		expect(feedUrl).toBeDefined();
		const ics = await (await fetch(feedUrl!)).text();
		expect(ics).toContain('SUMMARY:Lived experience panel');
		expect(ics).not.toContain('Finance sub-group');
		expect(ics.replace(/\r\n[ \t]/g, '')).toContain(`URL:${new URL(server.url).origin}/meetings/${m.id}`);
	});

	it('asks an existing account to sign in, then links it; refuses a cancelled or long-past meeting', async () => {
		const { fac, m, path } = await meetingWithGuest('olu@example.org');
		const olu = await createUser(db, { email: 'olu@example.org', name: 'Olu' });
		const someoneElse = await createUser(db, { email: 'sam@example.org' });

		const anonymous = await open(path);
		expect(anonymous.status).toBe(200);
		const html = await anonymous.text();
		expect(html).toContain('Sign in to open the meeting');
		expect(html).toContain(`/login?next=${encodeURIComponent(path)}`);
		expect(html).not.toContain('Set up your guest account');
		const join = await postForm(server, `${path}?/join`, {
			name: 'Olu',
			password: 'a long enough password',
			confirm: 'a long enough password'
		});
		expect(join.status).toBe(409);

		// Someone else signed in is told whose invitation it is, and nothing is linked.
		const wrong = await open(path, someoneElse.cookie);
		expect(wrong.status).toBe(200);
		expect(await wrong.text()).toContain('You are signed in as sam@example.org');
		// Back from signing in as the invited address: linked, and on to the meeting.
		const back = await open(path, olu.cookie);
		expect(back.status).toBe(303);
		expect(back.headers.get('location')).toBe(`/meetings/${m.id}`);
		const row = (
			await db.select().from(meetingInvitations).where(eq(meetingInvitations.meetingId, m.id))
		)[0]!;
		expect(row.userId).toBe(olu.id);
		expect((await open(`/meetings/${m.id}`, olu.cookie)).status).toBe(200);

		// Long past: the link expires 30 days after the meeting ends.
		const second = await meetingWithGuest('pat@example.org');
		await db
			.update(meetings)
			.set({ startsAt: Date.now() - 32 * DAY, endsAt: Date.now() - 31 * DAY })
			.where(eq(meetings.id, second.m.id));
		const expired = await open(second.path);
		expect(expired.status).toBe(410);
		expect(await expired.text()).toContain('This link has expired');
		// Cancelled.
		expect((await fac.post(`/api/v1/meetings/${m.id}/cancel`)).status).toBe(200);
		const third = await meetingWithGuest('quinn@example.org');
		await apiClient(server, { cookie: third.p.facilitator.cookie }).post(
			`/api/v1/meetings/${third.m.id}/cancel`
		);
		const cancelled = await open(third.path);
		expect(cancelled.status).toBe(410);
		expect(await cancelled.text()).toContain('has been cancelled');
	});

	it('reminds a guest with an account the day before, once, unless they opt out', async () => {
		const now = Date.now();
		const { m, path } = await meetingWithGuest('rita@example.org', now + 20 * 3600_000);
		const joined = await postForm(server, `${path}?/join`, {
			name: 'Rita',
			password: 'a long enough password',
			confirm: 'a long enough password'
		});
		const cookie = sessionOf(joined);
		// (The server looks for reminders on its own timer too: each is sent once, whoever finds it first.)
		await runReminders(db);
		await runReminders(db);
		const reminder = await smtp.waitFor(
			(x) => x.to.includes('rita@example.org') && x.mail.subject!.startsWith('Tomorrow:'),
			'the guest’s reminder'
		);
		expect(reminder.mail.text).toContain(`/meetings/${m.id}`);
		expect(reminder.mail.attachments).toEqual([]);
		const unsubscribe = /\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(reminder.mail.text ?? '')![0];

		// Opting out through the email's link: the page says what stops, and a moved meeting does not remind.
		const confirm = await open(unsubscribe);
		expect(await confirm.text()).toContain('reminders of meetings you are invited to as a guest');
		expect((await postForm(server, unsubscribe, {})).status).toBe(200);
		expect(await (await open('/settings', cookie)).text()).toMatch(/name="reminders"(?![^>]*checked)/);
		await db
			.update(meetings)
			.set({ startsAt: now + 21 * 3600_000 })
			.where(eq(meetings.id, m.id));
		await runReminders(db);
		const remindedFor = async () =>
			(await db.select().from(meetingInvitations).where(eq(meetingInvitations.meetingId, m.id)))[0]!
				.remindedFor;
		expect(await remindedFor()).toBe(now + 20 * 3600_000);
		// Back on from settings: the moved meeting reminds again.
		expect((await postForm(server, '/settings?/reminders', { reminders: 'on' }, { cookie })).status).toBe(
			200
		);
		await runReminders(db);
		await smtp.waitFor(
			(x) => x.to.includes('rita@example.org') && x.mail.subject!.startsWith('Tomorrow:') && x !== reminder,
			'the reminder of the moved meeting'
		);
		const reminders = smtp.messages.filter(
			(x) => x.to.includes('rita@example.org') && x.mail.subject!.startsWith('Tomorrow:')
		);
		expect(reminders).toHaveLength(2);
	});
});
