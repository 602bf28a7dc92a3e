// Three real Parity processes on one PostgreSQL database and one Redis (REDIS_URL, so the server lease lets them
// share it): the background jobs run in one process at a time (jobs/leader.ts) and the work is claimed, so a vote
// closes once and a reminder is sent once; 50 ballots at once for one organisation, spread over the processes,
// leave one ballot; a rate limit is one limit across processes (limiter.ts, in Redis); and when the process
// running the jobs is killed, another takes them over. Runs only where PostgreSQL and Redis are given
// (scripts/test.sh starts both).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { closeDatabase, type DB } from '../../src/lib/server/db/index.ts';
import {
	ballotChanges,
	ballots,
	decisions,
	mailPreferences,
	registerEntries,
	votes
} from '../../src/lib/server/db/schema/index.ts';
import {
	createPartnership,
	createUser,
	openTestDb,
	TEST_PASSWORD,
	type TestUser
} from '../fixtures/factory.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { newPostgresDatabase, startServer, stopAllServers, type TestServer } from '../fixtures/server.ts';
import { startSmtp, type SmtpSink } from '../fixtures/smtp.ts';
import { mailEnv } from '../fixtures/suite.ts';

const POSTGRES = process.env.PARITY_TEST_POSTGRES;
const REDIS = process.env.PARITY_TEST_REDIS;
const LEADS = 'this process runs the background jobs';

let smtp: SmtpSink;
let servers: TestServer[];
let db: DB;
let p: Awaited<ReturnType<typeof createPartnership>>;

const as = (server: TestServer, user: TestUser) => apiClient(server, { cookie: user.cookie });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` gives a value other than undefined (polling the database, never a page). */
async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > end) throw new Error(`timed out: ${what}`);
		await sleep(100);
	}
}

async function newVote(
	server: TestServer,
	closesInMs: number,
	question = `Adopt policy ${randomBytes(3).toString('hex')}?`
) {
	const res = await as(server, p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/votes`, {
		question,
		opensAt: new Date(Date.now()).toISOString(),
		closesAt: new Date(Date.now() + closesInMs).toISOString()
	});
	expect(res.status, res.text).toBe(201);
	return res.json.id as string;
}

async function voteRow(id: string) {
	return (await db.select().from(votes).where(eq(votes.id, id)))[0];
}

describe.skipIf(!POSTGRES || !REDIS)('several processes on one PostgreSQL database', () => {
	beforeAll(async () => {
		smtp = await startSmtp();
		const url = await newPostgresDatabase();
		const env = {
			...mailEnv(smtp),
			REDIS_URL: REDIS!,
			PARITY_MAIL_BATCH_MS: '0',
			PARITY_JOBS_RETRY_MS: '300',
			// Each test run limits its own made-up client address (the Redis may be shared).
			ADDRESS_HEADER: 'x-forwarded-for'
		};
		// The first one migrates the new database; the other two start together.
		const first = await startServer({ dbFile: url, env });
		servers = [first, ...(await Promise.all([1, 2].map(() => startServer({ dbFile: url, env }))))];
		db = openTestDb(url);
		p = await createPartnership(db, { vcse: 2, statutory: 1 });
	}, 60_000);

	afterAll(async () => {
		if (db) await closeDatabase(db);
		await stopAllServers();
		for (const s of servers ?? []) s.cleanup();
		await smtp?.stop();
	});

	it('runs the background jobs in exactly one process', () => {
		expect(servers.filter((s) => s.output().includes(LEADS))).toHaveLength(1);
	});

	it('leaves one ballot from 50 cast at once for one organisation over three processes', async () => {
		const voteId = await newVote(servers[0], 3_600_000);
		const { org, delegate } = p.orgs[0];
		const answers = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				as(servers[i % 3], delegate).post(`/api/v1/votes/${voteId}/ballots`, {
					organisationId: org.id,
					choice: i % 2 ? 'for' : 'against'
				})
			)
		);
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s === 201)).toHaveLength(1);
		expect(statuses.filter((s) => s === 200)).toHaveLength(49);
		const rows = await db
			.select()
			.from(ballots)
			.where(and(eq(ballots.voteId, voteId), eq(ballots.organisationId, org.id)));
		expect(rows).toHaveLength(1);
		const log = await db.select().from(ballotChanges).where(eq(ballotChanges.voteId, voteId));
		expect(log.filter((l) => l.action === 'cast')).toHaveLength(1);
		expect(log.filter((l) => l.action === 'changed')).toHaveLength(49);
	});

	it('closes a vote once at its time, sends its reminder once, and records its decision once', async () => {
		const sentBefore = smtp.messages.length;
		const waiting = [p.orgs[1].delegate, p.orgs[2].delegate];
		// They hear of the vote at once (not in a daily digest): one message each, whichever process looks.
		await db.insert(mailPreferences).values(
			waiting.map((d) => ({
				userId: d.id,
				workspaceId: p.workspace.id,
				mode: 'immediate' as const,
				updatedAt: Date.now()
			}))
		);
		// Created on a process that does not run the jobs (the one that does hears of it and opens it).
		const others = servers.filter((s) => !s.output().includes(LEADS));
		const question = 'Adopt the policy on involvement payments?';
		const voteId = await newVote(others[0], 4_000, question);
		const { org, delegate } = p.orgs[0];
		const cast = await as(others[1], delegate).post(`/api/v1/votes/${voteId}/ballots`, {
			organisationId: org.id,
			choice: 'for'
		});
		expect(cast.status, cast.text).toBe(201);

		// A facilitator's reminder pressed on every process at once goes once to each delegate who has not voted.
		const reminded = await Promise.all(
			servers.map((s) => as(s, p.facilitator).post(`/api/v1/votes/${voteId}/reminders`, {}))
		);
		expect(reminded.map((r) => r.status).sort()).toEqual([201, 429, 429]);
		for (const d of waiting) await smtp.waitFor((m) => m.to.includes(d.email), `reminder to ${d.name}`);

		// The vote closes by the clock, nobody visiting, at its closing time.
		const closed = await until(async () => {
			const v = await voteRow(voteId);
			return v.status === 'closed' ? v : undefined;
		}, 'the vote closing');
		expect(closed).toMatchObject({ closedReason: 'scheduled', closedBy: null, closedAt: closed.closesAt });

		// Recording the decision from the closed vote on every process at once: one register entry.
		const published = await Promise.all(
			servers.map((s) =>
				as(s, p.facilitator).post(`/api/v1/workspaces/${p.workspace.id}/decisions`, {
					method: 'vote',
					voteId,
					title: 'Policy adopted',
					rationale: 'The partnership voted for it.',
					decidedWhere: 'Online vote'
				})
			)
		);
		expect(published.map((r) => r.status).sort(), published.map((r) => r.text).join('\n')).toEqual([
			201, 409, 409
		]);
		expect(await db.select().from(decisions).where(eq(decisions.voteId, voteId))).toHaveLength(1);
		const entries = await db
			.select()
			.from(registerEntries)
			.where(eq(registerEntries.workspaceId, p.workspace.id));
		expect(entries.map((e) => [e.seq, e.type])).toEqual([[1, 'decision.published']]);

		await sleep(500); // time for a second copy of anything to arrive
		const sent = smtp.messages.slice(sentBefore);
		const reminders = sent.filter((m) => /^Reminder: /.test(m.mail.subject ?? ''));
		expect(reminders.map((m) => m.to).sort()).toEqual(waiting.map((d) => [d.email]).sort());
		// (The first test's vote, in a thread of its own, may come in a message of its own: only this one counts.)
		const notices = sent.filter((m) => m.mail.text?.includes(`Vote open: ${question}`));
		expect(notices.map((m) => m.to).sort()).toEqual(waiting.map((d) => [d.email]).sort());
		expect((await voteRow(voteId)).closedAt).toBe(closed.closedAt);
	});

	it('counts a rate limit once across processes', async () => {
		// Invitation lookups: 60 per address in 15 minutes (src/routes/invite/[token]).
		const ip = `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 250)).join('.')}`;
		const lookup = (s: TestServer) =>
			fetch(`${s.url}/invite/${randomBytes(16).toString('hex')}`, { headers: { 'x-forwarded-for': ip } });
		const first = await Promise.all(Array.from({ length: 60 }, (_, i) => lookup(servers[i % 2])));
		expect(first.map((r) => r.status)).toEqual(Array(60).fill(404));
		for (const s of servers) expect((await lookup(s)).status).toBe(429);
	});

	it('counts failed sign-ins once across processes, and a right password clears them', async () => {
		// In the database (login_throttle): the free failures, one on each process, then a wait on any.
		const headers = { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.1` };
		const user = await createUser(db);
		const signIn = (s: TestServer, password: string) =>
			postForm(s, '/login', { email: user.email, password }, { headers });
		for (const s of servers) expect((await signIn(s, 'a wrong guess')).status).toBe(400);
		expect((await signIn(servers[0], TEST_PASSWORD)).status).toBe(429);
		await sleep(1100);
		expect((await signIn(servers[1], TEST_PASSWORD)).status).toBe(303);
		expect((await signIn(servers[2], 'a wrong guess')).status).toBe(400);
	});

	it('hands the jobs to another process when the one running them is killed', async () => {
		const leader = servers.find((s) => s.output().includes(LEADS))!;
		const others = servers.filter((s) => s !== leader);
		await leader.kill('SIGKILL');
		const voteId = await newVote(others[0], 2_500);
		const next = await until(
			async () => others.find((s) => s.output().includes(LEADS)),
			'another process taking the jobs over'
		);
		expect(others).toContain(next);
		const closed = await until(async () => {
			const v = await voteRow(voteId);
			return v.status === 'closed' ? v : undefined;
		}, 'the second vote closing');
		expect(closed.closedReason).toBe('scheduled');
		expect(others.filter((s) => s.output().includes(LEADS))).toHaveLength(1);
	});
});
