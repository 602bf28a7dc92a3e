// Reminders to vote, through the real server, its mail worker and a real SMTP server: facilitators see who
// has not voted and email those organisations' voting delegates, at most once a day per organisation (the
// limit is kept in the database); everyone else is refused; bad input changes nothing. The overview shows the
// waiting vote to the delegates who have to cast it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/index.ts';
import { mailMessages, mailPreferences, voteReminders } from '../../src/lib/server/db/schema/index.ts';
import { addMember, createPartnership, createUser, type TestUser } from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { type TestServer } from '../fixtures/server.ts';
import { useServer } from '../fixtures/suite.ts';
import { startSmtp, type SmtpSink } from '../fixtures/smtp.ts';
import { sleep } from '../fixtures/collab-client.ts';

const HOUR = 3600_000;
const QUESTION = 'Adopt the involvement payments policy?';

let smtp: SmtpSink;
let server: TestServer;
let db: DB;
let facilitator: TestUser;
let workspace: { id: string; slug: string };
let voteId: string;
let people: Record<
	'delegateA' | 'secondA' | 'observerA' | 'commenterA' | 'delegateB' | 'delegateC' | 'delegateD',
	TestUser
>;
let org: Record<'A' | 'B' | 'C' | 'D', { id: string; name: string }>;

const env = () => ({
	SMTP_URL: smtp.url,
	MAIL_FROM: 'Parity <parity@test.example>',
	PARITY_MAIL_INTERVAL_MS: '200',
	PARITY_MAIL_BACKOFF_MS: '200'
});
const as = (user: TestUser) => apiClient(server, { cookie: user.cookie });
const path = () => `/api/v1/votes/${voteId}/reminders`;
const reminderRows = async () => await db.select().from(voteReminders);
/** A page's HTML without Svelte's hydration markers and with spaces collapsed, as it reads. */
const readable = (html: string) => html.replace(/<!--[^]*?-->/g, '').replace(/\s+/g, ' ');
const queued = async () =>
	await db.select({ to: mailMessages.to, subject: mailMessages.subject }).from(mailMessages);

beforeAll(async () => {
	smtp = await startSmtp();
});
useServer(
	() => ({ env: env() }),
	(s) => ({ server, db } = s)
);

beforeAll(async () => {
	// VCSE A, B, C and statutory D, each with a voting delegate.
	const p = await createPartnership(db, { vcse: 3, statutory: 1 });
	facilitator = p.facilitator;
	workspace = p.workspace;
	const [a, b, c, d] = p.orgs;
	org = { A: a.org, B: b.org, C: c.org, D: d.org };
	// A has a second delegate, an observer marked as a delegate and a commenter who is not one.
	const secondA = await createUser(db, { name: 'Second Delegate of A' });
	await addMember(db, workspace.id, secondA.id, {
		role: 'commenter',
		organisationId: a.org.id,
		votingDelegate: true
	});
	const observerA = await createUser(db, { name: 'Observer of A' });
	await addMember(db, workspace.id, observerA.id, {
		role: 'observer',
		organisationId: a.org.id,
		votingDelegate: true
	});
	const commenterA = await createUser(db, { name: 'Commenter of A' });
	await addMember(db, workspace.id, commenterA.id, { role: 'commenter', organisationId: a.org.id });
	// B's only delegate chose no email from this workspace.
	await db
		.insert(mailPreferences)
		.values({ userId: b.delegate.id, workspaceId: workspace.id, mode: 'none', updatedAt: Date.now() });
	people = {
		delegateA: a.delegate,
		secondA,
		observerA,
		commenterA,
		delegateB: b.delegate,
		delegateC: c.delegate,
		delegateD: d.delegate
	};

	const created = await as(facilitator).post(`/api/v1/workspaces/${workspace.id}/votes`, {
		question: QUESTION,
		opensAt: new Date(Date.now() + HOUR).toISOString(),
		closesAt: new Date(Date.now() + 48 * HOUR).toISOString()
	});
	expect(created.status, created.text).toBe(201);
	voteId = created.json.id;
	const opened = await as(facilitator).post(`/api/v1/votes/${voteId}/open`);
	expect(opened.status, opened.text).toBe(200);
	// D has voted.
	const cast = await as(d.delegate).post(`/api/v1/votes/${voteId}/ballots`, {
		organisationId: d.org.id,
		choice: 'for'
	});
	expect(cast.status, cast.text).toBe(201);
});

afterAll(async () => {
	await smtp?.stop();
});

describe('reminders to vote', () => {
	it('shows the waiting vote on the overview to the delegates who have to cast it, and to nobody else', async () => {
		const overview = async (u: TestUser) => {
			const res = await fetch(`${server.url}/w/${workspace.slug}`, { headers: { cookie: u.cookie } });
			expect(res.status).toBe(200);
			return readable(await res.text());
		};
		const forA = await overview(people.delegateA);
		expect(forA).toContain('Waiting for you');
		expect(forA).toContain(`href="/w/${workspace.slug}/votes/${voteId}">Vote: ${QUESTION}</a>`);
		expect(forA).toContain(`${org.A.name} has not voted yet.`);
		for (const u of [people.delegateD, people.commenterA, people.observerA, facilitator]) {
			const page = await overview(u);
			expect(page).toContain('Waiting for you');
			expect(page).not.toContain(`Vote: ${QUESTION}`);
		}
		expect(await overview(facilitator)).toContain('Nothing is waiting for you.');
	});

	it('refuses anyone but a facilitator, through the API and the form, and records nothing', async () => {
		for (const u of [people.delegateA, people.commenterA, people.observerA]) {
			expect((await as(u).get(path())).status).toBe(403);
			const res = await as(u).post(path(), {});
			expect(res.status, res.text).toBe(403);
			expect(res.json.error.message).toContain('Only facilitators');
			const form = await postForm(
				server,
				`/w/${workspace.slug}/votes/${voteId}?/remind`,
				{},
				{ cookie: u.cookie }
			);
			expect(form.status).toBe(403);
		}
		const stranger = await createUser(db, { name: 'Stranger' });
		expect((await as(stranger).post(path(), {})).status).toBe(404);
		expect((await apiClient(server).post(path(), {})).status).toBe(404);
		expect(await reminderRows()).toEqual([]);
		expect(await queued()).toEqual([]);
	});

	it('answers bad input with a 4xx and changes nothing', async () => {
		const f = as(facilitator);
		for (const body of [
			{ organisationIds: 'everyone' },
			{ organisationIds: [] },
			{ organisationIds: [''] },
			{ organisationIds: ['no-such-organisation'] },
			{ organisationIds: [org.A.id], extra: true },
			[org.A.id]
		]) {
			const res = await f.post(path(), body);
			expect(res.status, JSON.stringify(body)).toBe(422);
			expect(res.json.error.message.length).toBeGreaterThan(10);
		}
		expect((await f.post(path(), '{"organisationIds": [')).status).toBe(400);
		// An organisation that has voted is not reminded.
		const voted = await f.post(path(), { organisationIds: [org.D.id] });
		expect(voted.status).toBe(409);
		expect(voted.json.error.message).toContain(`${org.D.name} has already voted.`);
		expect((await f.post('/api/v1/votes/no-such-vote/reminders', {})).status).toBe(404);
		const form = await postForm(
			server,
			`/w/${workspace.slug}/votes/${voteId}?/remind`,
			{ organisationId: 'x'.repeat(200) },
			{ cookie: facilitator.cookie }
		);
		expect(form.status).toBe(400);
		expect(await reminderRows()).toEqual([]);
		expect(await queued()).toEqual([]);
	});

	it('emails the voting delegates of each organisation that has not voted, once a day', async () => {
		const f = as(facilitator);
		const before = await f.get(path());
		expect(before.status).toBe(200);
		expect(
			before.json.organisations.map((o: { name: string; delegates: number }) => [o.name, o.delegates])
		).toEqual([
			[org.A.name, 2],
			[org.B.name, 0],
			[org.C.name, 1]
		]);

		const sent = await f.post(path(), {});
		expect(sent.status, sent.text).toBe(201);
		expect(sent.json.reminded).toEqual([
			{ organisationId: org.A.id, name: org.A.name, recipients: 2 },
			{ organisationId: org.C.id, name: org.C.name, recipients: 1 }
		]);
		expect(sent.json.skipped).toEqual([
			{ organisationId: org.B.id, name: org.B.name, reason: 'no_delegate', nextReminderAt: null }
		]);

		// The mail worker sends them through the SMTP server.
		const received = await Promise.all(
			[people.delegateA, people.secondA, people.delegateC].map((u) =>
				smtp.waitFor((m) => m.to.includes(u.email), `reminder to ${u.name}`)
			)
		);
		for (const m of received) {
			expect(m.mail.subject).toContain(`has not voted on “${QUESTION}”`);
			expect(m.mail.text).toContain(`${server.url}/w/${workspace.slug}/votes/${voteId}`);
			expect(m.mail.text).toContain('Fran Facilitator');
		}
		expect(received[0].mail.subject).toBe(`Reminder: ${org.A.name} has not voted on “${QUESTION}”`);
		// Nobody else: not the observer, the commenter, B's delegate who chose no email, or D's who voted.
		await sleep(500);
		const addressed = smtp.messages.flatMap((m) => m.to).sort();
		expect(addressed).toEqual([people.delegateA.email, people.secondA.email, people.delegateC.email].sort());

		// A second reminder the same day is refused with the reason, through the API and the form.
		const again = await f.post(path(), { organisationIds: [org.A.id] });
		expect(again.status).toBe(429);
		expect(again.json.error.message).toMatch(
			new RegExp(`${org.A.name} was reminded less than a day ago; the next reminder can be sent from \\d`)
		);
		const form = await postForm(
			server,
			`/w/${workspace.slug}/votes/${voteId}?/remind`,
			{ organisationId: org.C.id },
			{ cookie: facilitator.cookie }
		);
		expect(form.status).toBe(429);
		expect(readable(form.text)).toContain(`${org.C.name} was reminded less than a day ago`);
		// Reminding everyone again finds nobody to remind.
		expect((await f.post(path(), {})).status).toBe(429);

		expect(smtp.messages).toHaveLength(3);

		// The page shows when each was reminded and by whom, and when the next reminder can go.
		const page = await fetch(`${server.url}/w/${workspace.slug}/votes/${voteId}`, {
			headers: { cookie: facilitator.cookie }
		});
		const html = readable(await page.text());
		expect(html).toContain('3 of 4 organisations have not voted.');
		expect(html).toMatch(/Reminded <time[^>]*>[^<]+<\/time> by Fran Facilitator/);
		expect(html).toContain('Next reminder possible from');
		expect(html).not.toContain(`Remind ${org.A.name}</button>`);

		// The limit is read from the database on every request, never held in memory, so it holds across a
		// restart: once A's last reminder there is a day old, A can be reminded again (from the page, without
		// JavaScript).
		await db
			.update(voteReminders)
			.set({ lastSentAt: Date.now() - 25 * HOUR })
			.where(eq(voteReminders.organisationId, org.A.id));
		const next = await postForm(
			server,
			`/w/${workspace.slug}/votes/${voteId}?/remind`,
			{ organisationId: org.A.id },
			{ cookie: facilitator.cookie }
		);
		expect(next.status).toBe(200);
		expect(readable(next.text)).toContain(`Reminder sent to ${org.A.name} (2 voting delegates).`);
		const row = (await reminderRows()).find((r) => r.organisationId === org.A.id)!;
		expect(row).toMatchObject({ times: 2, recipients: 2, lastSentBy: facilitator.id });
		await smtp.waitFor(() => smtp.messages.length === 5, 'the second reminder to both of A’s delegates');
	});
});
