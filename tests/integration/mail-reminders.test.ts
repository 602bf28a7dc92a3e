// Reminders, immediate notices and digests, in process against a real SQLite file: who hears about what
// (votes, consultations, decisions, actions), each person's choice of immediate, digest or nothing, the
// per-thread gap, and times written in the workspace's time zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, isNull, like } from 'drizzle-orm';
import { closeDb, setDb, transaction, type DB } from '../../src/lib/server/db/index.ts';
import { newId } from '../../src/lib/server/db/ids.ts';
import {
	actions,
	ballots,
	consultationResponses,
	consultations,
	decisions,
	mailMessages,
	mailPreferences,
	notifications,
	users,
	votes,
	workspaceMembers,
	workspaces
} from '../../src/lib/server/db/schema/index.ts';
import { DEFAULT_RULE } from '../../src/lib/domain/vote-rule.ts';
import { todayIn } from '../../src/lib/domain/action-dates.ts';
import { mailConfig } from '../../src/lib/server/mail/config.ts';
import { digestSource } from '../../src/lib/server/mail/digest-source.ts';
import { dispatchNotifications, notify, runDigests } from '../../src/lib/server/mail/notify.ts';
import { setMode } from '../../src/lib/server/mail/preferences.ts';
import { runReminders } from '../../src/lib/server/mail/reminders.ts';
import {
	addMember,
	createOrganisation,
	createPartnership,
	createUser,
	createWorkspace,
	type TestUser
} from '../fixtures/factory.ts';
import { createDocument } from '../fixtures/collab-client.ts';
import { reasonOf } from '../../src/lib/server/log.ts';
import { allowUpdates, openFreshDatabase, refuseUpdates } from '../fixtures/engine.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// A fixed instant after everything the factory makes (it stamps rows with the real clock): 15 January next
// year, 17:30 UTC, which is 12:30 in New York (EST, UTC−5).
const YEAR = new Date().getUTCFullYear() + 1;
const NOW = Date.UTC(YEAR, 0, 15, 17, 30);
const ZONE = 'America/New_York';

const config = mailConfig({ ORIGIN: 'https://parity.example', PARITY_MAIL_BATCH_MS: '0' });

let dir: string;
let db: DB;
let ws: { id: string; slug: string; name: string };
let other: { id: string; slug: string; name: string };
let people: Record<
	| 'facilitator'
	| 'delegateA'
	| 'commenterA'
	| 'observerA'
	| 'demoA'
	| 'delegateB'
	| 'delegateC'
	| 'outsider'
	| 'otherFacilitator'
	| 'otherOrgmate',
	TestUser
>;
let voteId: string;
let consultationId: string;
let decisionId: string;
let dueActionId: string;
let overdueActionId: string;
let dueDate: string;
let overdueDate: string;

const nameOf = (id: string) => Object.entries(people).find(([, p]) => p.id === id)?.[0] ?? id;

/** Who has a notice with this key, by fixture name, sorted. */
async function recipients(key: string): Promise<string[]> {
	return (
		await db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.key, key))
	)
		.map((r) => nameOf(r.userId))
		.sort();
}

async function noticesOf(user: TestUser) {
	return await db.select().from(notifications).where(eq(notifications.userId, user.id));
}

async function mailTo(user: TestUser) {
	return await db
		.select()
		.from(mailMessages)
		.where(eq(mailMessages.to, user.email))
		.orderBy(mailMessages.createdAt);
}

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-mail-reminders-'));
	({ db } = await openFreshDatabase(dir));
	setDb(db);

	// The partnership: organisations A and B (VCSE) and C (statutory), each with a voting delegate.
	const p = await createPartnership(db, { vcse: 2, statutory: 1 });
	await db.update(workspaces).set({ timeZone: ZONE }).where(eq(workspaces.id, p.workspace.id));
	ws = p.workspace;
	const [a, b, c] = p.orgs;
	const commenterA = await createUser(db, { name: 'Cora Commenter' });
	await addMember(db, ws.id, commenterA.id, { role: 'commenter', organisationId: a.org.id });
	const observerA = await createUser(db, { name: 'Otis Observer' });
	await addMember(db, ws.id, observerA.id, { role: 'observer', organisationId: a.org.id });
	const demoA = await createUser(db, { name: 'Demo Dora' });
	await db.update(users).set({ isDemo: true }).where(eq(users.id, demoA.id));
	await addMember(db, ws.id, demoA.id, { role: 'editor', organisationId: a.org.id });
	const outsider = await createUser(db, { name: 'Otto Outsider' });

	// Another workspace, in which organisation A also has a member.
	const otherFacilitator = await createUser(db, { name: 'Felix Elsewhere' });
	other = await createWorkspace(db, { name: 'Elsewhere', facilitatorId: otherFacilitator.id });
	const otherOrgmate = await createUser(db, { name: 'Orla Orgmate' });
	await addMember(db, other.id, otherOrgmate.id, {
		role: 'editor',
		organisationId: a.org.id,
		votingDelegate: true
	});

	people = {
		facilitator: p.facilitator,
		delegateA: a.delegate,
		commenterA,
		observerA,
		demoA,
		delegateB: b.delegate,
		delegateC: c.delegate,
		outsider,
		otherFacilitator,
		otherOrgmate
	};

	// An open vote for organisations A and B, closing in 24 hours; B has voted.
	voteId = newId();
	const entry = (o: typeof a.org) => ({
		organisationId: o.id,
		name: o.name,
		sector: o.sector,
		grassroots: false,
		byAndFor: false,
		weight: '1'
	});
	await db.insert(votes).values({
		id: voteId,
		workspaceId: ws.id,
		question: 'Adopt the payment policy?',
		opensAt: NOW - HOUR,
		closesAt: NOW + DAY,
		status: 'open',
		rule: DEFAULT_RULE,
		electorate: [entry(a.org), entry(b.org)],
		openedAt: NOW - HOUR,
		createdAt: NOW - 2 * HOUR,
		updatedAt: NOW - HOUR
	});
	await db.insert(ballots).values({
		id: newId(),
		voteId,
		organisationId: b.org.id,
		choice: 'for',
		castBy: b.delegate.id,
		createdAt: NOW - 30 * MIN,
		updatedAt: NOW - 30 * MIN
	});

	// A consultation opened two hours ago, closing in 30 hours; B's delegate has answered.
	const documentId = await createDocument(db, ws.id, p.facilitator.id);
	consultationId = newId();
	await db.insert(consultations).values({
		id: consultationId,
		workspaceId: ws.id,
		documentId,
		title: 'Payments consultation',
		contentHash: '0'.repeat(64),
		audience: 'members',
		questions: ['Is ten days realistic?'],
		openedAt: NOW - 2 * HOUR,
		closesAt: NOW + 30 * HOUR,
		createdAt: NOW - 2 * HOUR
	});
	await db.insert(consultationResponses).values({
		id: newId(),
		consultationId,
		respondentKey: `u:${b.delegate.id}`,
		userId: b.delegate.id,
		organisationId: b.org.id,
		answers: ['Yes'],
		createdAt: NOW - HOUR,
		updatedAt: NOW - HOUR
	});

	// A decision published now.
	decisionId = newId();
	await db.insert(decisions).values({
		id: decisionId,
		workspaceId: ws.id,
		title: 'Involvement payments policy',
		question: 'Adopt it?',
		outcome: 'approved',
		method: 'consensus',
		rationale: 'Agreed at the meeting.',
		decidedAt: NOW - HOUR,
		decidedWhere: 'Partnership meeting',
		registerSeq: 1,
		createdAt: NOW
	});

	// Actions: C's due in three days, A's overdue by two; one done, one far off (neither is mentioned).
	const day = (offset: number) => todayIn(ZONE, NOW + offset * DAY);
	dueDate = day(3);
	overdueDate = day(-2);
	const action = async (owner: string, due: string, status: 'planned' | 'done' = 'planned') => {
		const id = newId();
		await db.insert(actions).values({
			id,
			workspaceId: ws.id,
			ownerOrganisationId: owner,
			description: `Action due ${due} (${status})`,
			dueDate: due,
			status,
			registerSeq: 2,
			createdAt: NOW - 10 * DAY,
			updatedAt: NOW - 10 * DAY
		});
		return id;
	};
	dueActionId = await action(c.org.id, dueDate);
	overdueActionId = await action(a.org.id, overdueDate);
	await action(a.org.id, day(-5), 'done');
	await action(b.org.id, day(10));

	// In the other workspace: a vote opened five days ago for an organisation with no members there,
	// closing in ten days.
	const lone = await createOrganisation(db, { name: 'Lone org' });
	await db.insert(votes).values({
		id: newId(),
		workspaceId: other.id,
		question: 'Elsewhere question',
		opensAt: NOW - 5 * DAY,
		closesAt: NOW + 10 * DAY,
		status: 'open',
		rule: DEFAULT_RULE,
		electorate: [entry(lone)],
		openedAt: NOW - 5 * DAY,
		createdAt: NOW - 6 * DAY,
		updatedAt: NOW - 5 * DAY
	});

	// Choices: straight away for A's delegate, the facilitator and the demo account; nothing for A's
	// commenter; a weekly digest for B's delegate. The observer and C's delegate keep the default (daily).
	await setMode(db, people.delegateA.id, ws.id, 'immediate', NOW - DAY);
	await setMode(db, people.facilitator.id, ws.id, 'immediate', NOW - DAY);
	await setMode(db, people.demoA.id, ws.id, 'immediate', NOW - DAY);
	await setMode(db, people.commenterA.id, ws.id, 'none', NOW - DAY);
	await setMode(db, people.delegateB.id, ws.id, 'weekly', NOW - DAY);
	// Elsewhere: the facilitator had a digest 25 hours ago; the organisation's member chose nothing.
	await setMode(db, people.otherFacilitator.id, other.id, 'daily', NOW - 25 * HOUR);
	await setMode(db, people.otherOrgmate.id, other.id, 'none', NOW - DAY);
});

afterAll(() => {
	closeDb();
	rmSync(dir, { recursive: true, force: true });
});

describe('reminders', () => {
	it('tells exactly the right people about votes, consultations, decisions and actions', async () => {
		const made = await runReminders(db, NOW);

		// The vote: every non-observer member of an organisation in its electorate (demo accounts are
		// skipped later, when messages are made); "has not voted" only to A, whose organisation has not.
		expect(await recipients(`vote.opened:${voteId}`)).toEqual([
			'commenterA',
			'delegateA',
			'delegateB',
			'demoA'
		]);
		expect(await recipients(`vote.closing:${voteId}`)).toEqual(['commenterA', 'delegateA', 'demoA']);

		// The consultation: every member but observers; "closing soon" to those who have not answered.
		expect(await recipients(`consultation.opened:${consultationId}`)).toEqual([
			'commenterA',
			'delegateA',
			'delegateB',
			'delegateC',
			'demoA',
			'facilitator'
		]);
		expect(await recipients(`consultation.closing:${consultationId}`)).toEqual([
			'commenterA',
			'delegateA',
			'delegateC',
			'demoA',
			'facilitator'
		]);

		// The decision: every member, observers included.
		expect(await recipients(`decision:${decisionId}`)).toEqual([
			'commenterA',
			'delegateA',
			'delegateB',
			'delegateC',
			'demoA',
			'facilitator',
			'observerA'
		]);

		// Actions: the owning organisation's members, observers excepted.
		expect(await recipients(`action.due:${dueActionId}:${dueDate}`)).toEqual(['delegateC']);
		expect(await recipients(`action.overdue:${overdueActionId}:${overdueDate}`)).toEqual([
			'commenterA',
			'delegateA',
			'demoA'
		]);

		// Nothing else, and nothing for people outside the workspace.
		expect(await db.select().from(notifications)).toHaveLength(made);
		expect(made).toBe(4 + 3 + 6 + 5 + 7 + 1 + 3);
		for (const p of ['outsider', 'otherFacilitator', 'otherOrgmate'] as const)
			expect(await noticesOf(people[p]), p).toHaveLength(0);
		expect(await db.select().from(notifications).where(eq(notifications.workspaceId, other.id))).toHaveLength(
			0
		);
	});

	it('writes times in the workspace’s time zone', async () => {
		const opened = (await noticesOf(people.delegateA)).find((n) => n.key === `vote.opened:${voteId}`)!;
		expect(opened).toMatchObject({
			kind: 'vote',
			threadKey: `vote:${voteId}`,
			title: 'Vote open: Adopt the payment policy?',
			body: `Your organisation can vote until 16 Jan ${YEAR}, 12:30 GMT-5.`,
			path: `/w/${ws.slug}/votes/${voteId}`
		});
		const closing = (await noticesOf(people.delegateC)).find(
			(n) => n.key === `consultation.closing:${consultationId}`
		)!;
		expect(closing.body).toBe(
			`The consultation on “Test policy” closes at 16 Jan ${YEAR}, 18:30 GMT-5. Comments after that are not accepted.`
		);
		const decided = (await noticesOf(people.observerA)).find((n) => n.key === `decision:${decisionId}`)!;
		expect(decided.body).toBe(`Decided 15 January ${YEAR} (Partnership meeting).`);
	});

	it('sends nothing twice when run again', async () => {
		const before = (await db.select().from(notifications)).length;
		expect(await runReminders(db, NOW)).toBe(0);
		expect(await runReminders(db, NOW + 5 * MIN)).toBe(0);
		expect(await db.select().from(notifications)).toHaveLength(before);
	});
});

describe('immediate messages', () => {
	it('queues one message per person who chose “straight away”, drops “no email”, leaves digests waiting', async () => {
		expect(await dispatchNotifications(db, config, NOW)).toBe(2);

		// A's delegate: one message with all six notices, each linking into Parity.
		const [toA] = await mailTo(people.delegateA);
		expect(await mailTo(people.delegateA)).toHaveLength(1);
		expect(toA).toMatchObject({ userId: people.delegateA.id, workspaceId: ws.id, status: 'queued' });
		expect(toA.subject).toBe(`6 updates in ${ws.name}`);
		expect(toA.text).toContain('Vote open: Adopt the payment policy?');
		expect(toA.text).toContain(`Your organisation can vote until 16 Jan ${YEAR}, 12:30 GMT-5.`);
		expect(toA.text).toContain('Your organisation has not voted: Adopt the payment policy?');
		expect(toA.text).toContain('Decision published: Involvement payments policy');
		expect(toA.text).toContain(`Overdue: Action due ${overdueDate} (planned)`);
		expect(toA.text).toContain(`https://parity.example/w/${ws.slug}/votes/${voteId}`);
		expect(toA.text).toContain('https://parity.example/settings#email');
		expect(toA.unsubscribeUrl).toMatch(/^https:\/\/parity\.example\/unsubscribe\/one-click\/[\w-]+\.[\w-]+$/);
		expect(
			(await noticesOf(people.delegateA)).every((n) => n.handledAt === NOW && n.messageId === toA.id)
		).toBe(true);

		// The facilitator: consultation opened, closing, and the decision.
		expect(await mailTo(people.facilitator)).toHaveLength(1);
		expect((await mailTo(people.facilitator))[0].subject).toBe(`3 updates in ${ws.name}`);

		// "No email", and demo accounts: handled without a message.
		for (const p of ['commenterA', 'demoA'] as const) {
			expect(await mailTo(people[p]), p).toHaveLength(0);
			expect(
				(await noticesOf(people[p])).every((n) => n.handledAt === NOW && n.messageId === null),
				p
			).toBe(true);
		}

		// Daily and weekly: waiting for the digest.
		for (const p of ['observerA', 'delegateB', 'delegateC'] as const) {
			expect(await mailTo(people[p]), p).toHaveLength(0);
			expect((await noticesOf(people[p])).length, p).toBeGreaterThan(0);
			expect(
				(await noticesOf(people[p])).every((n) => n.handledAt === null),
				p
			).toBe(true);
		}
		expect(await db.select().from(mailMessages)).toHaveLength(2);

		// Nothing new: nothing more.
		expect(await dispatchNotifications(db, config, NOW + MIN)).toBe(0);
	});

	it('holds back a second message in the same thread for ten minutes, but not one in another thread', async () => {
		const base = {
			workspaceId: ws.id,
			kind: 'vote' as const,
			threadKey: `vote:${voteId}`,
			title: 'The vote’s explanation changed',
			body: 'See the vote.',
			path: `/w/${ws.slug}/votes/${voteId}`
		};
		await notify(db, [people.delegateA.id], { ...base, key: `test.vote-note:${voteId}` }, NOW + 3 * MIN);
		await notify(
			db,
			[people.delegateA.id],
			{
				...base,
				kind: 'mention',
				key: 'test.mention:1',
				threadKey: 'thread:t1',
				title: 'Fran mentioned you',
				path: `/w/${ws.slug}/documents/d/comments#t-t1`
			},
			NOW + 3 * MIN
		);

		// Four minutes after the first message: only the other thread goes.
		expect(await dispatchNotifications(db, config, NOW + 4 * MIN)).toBe(1);
		const second = (await mailTo(people.delegateA))[1];
		expect(second.subject).toBe('Fran mentioned you');
		expect(second.text).not.toContain('explanation changed');
		const held = (await noticesOf(people.delegateA)).find((n) => n.key === `test.vote-note:${voteId}`)!;
		expect(held.handledAt).toBeNull();

		expect(await dispatchNotifications(db, config, NOW + 9 * MIN)).toBe(0);
		expect(await mailTo(people.delegateA)).toHaveLength(2);

		// Eleven minutes after the first vote message: it goes.
		expect(await dispatchNotifications(db, config, NOW + 11 * MIN)).toBe(1);
		const third = (await mailTo(people.delegateA))[2];
		expect(third.subject).toBe('The vote’s explanation changed');
		expect((await noticesOf(people.delegateA)).every((n) => n.handledAt !== null)).toBe(true);
	});

	it('waits for the batch time so that a burst goes in one message', async () => {
		const batching = mailConfig({ ORIGIN: 'https://parity.example', PARITY_MAIL_BATCH_MS: '60000' });
		const at = NOW + HOUR;
		const notice = (i: number) => ({
			workspaceId: ws.id,
			kind: 'mention' as const,
			key: `test.burst:${i}`,
			threadKey: `thread:burst${i}`,
			title: `Burst ${i}`,
			body: 'Hello.',
			path: `/w/${ws.slug}`
		});
		await notify(db, [people.facilitator.id], notice(1), at);
		expect(await dispatchNotifications(db, batching, at + 30_000)).toBe(0);
		await notify(db, [people.facilitator.id], notice(2), at + 40_000);
		expect(await dispatchNotifications(db, batching, at + 60_000)).toBe(1);
		const last = (await mailTo(people.facilitator)).at(-1)!;
		expect(last.subject).toBe(`2 updates in ${ws.name}`);
		expect(last.text).toContain('Burst 1');
		expect(last.text).toContain('Burst 2');
	});

	it('queues nothing when its notices cannot be marked handled, and exactly one message once they can', async () => {
		const at = NOW + 90 * MIN;
		await notify(
			db,
			[people.facilitator.id],
			{
				workspaceId: ws.id,
				kind: 'mention',
				key: 'test.atomic',
				threadKey: 'thread:atomic',
				title: 'Once only',
				body: 'Hello.',
				path: `/w/${ws.slug}`
			},
			at
		);
		const before = (await mailTo(people.facilitator)).length;
		await refuseUpdates(db, 'test_handled_fails', 'notifications', 'simulated disk error', {
			column: 'handled_at'
		});
		try {
			// (On PostgreSQL the failed query's error carries the trigger's as its cause.)
			const failed = await dispatchNotifications(db, config, at + MIN).then(
				() => null,
				(e: unknown) => e
			);
			expect(reasonOf(failed)).toContain('simulated disk error');
		} finally {
			await allowUpdates(db, 'test_handled_fails', 'notifications');
		}
		expect(await mailTo(people.facilitator)).toHaveLength(before);
		expect(await dispatchNotifications(db, config, at + 2 * MIN)).toBe(1);
		expect(await mailTo(people.facilitator)).toHaveLength(before + 1);
		expect((await mailTo(people.facilitator)).at(-1)!.subject).toBe('Once only');
	});

	it('is not starved by a large backlog of notices waiting for digests', async () => {
		// Two thousand notices for someone on a daily digest, all older than a new one for someone on
		// "straight away".
		const at = NOW + 2 * HOUR;
		await transaction(db, async () => {
			for (let i = 0; i < 2100; i++)
				await notify(
					db,
					[people.delegateC.id],
					{
						workspaceId: ws.id,
						kind: 'reply',
						key: `test.backlog:${i}`,
						threadKey: `thread:backlog${i}`,
						title: `Backlog ${i}`,
						body: 'Old news.',
						path: `/w/${ws.slug}`
					},
					at
				);
		});
		await notify(
			db,
			[people.facilitator.id],
			{
				workspaceId: ws.id,
				kind: 'mention',
				key: 'test.after-backlog',
				threadKey: 'thread:after-backlog',
				title: 'After the backlog',
				body: 'Hello.',
				path: `/w/${ws.slug}`
			},
			at + MIN
		);
		try {
			expect(await dispatchNotifications(db, config, at + 2 * MIN)).toBe(1);
			expect((await mailTo(people.facilitator)).at(-1)!.subject).toBe('After the backlog');
		} finally {
			// The backlog would wait for C's digest; clear it so the digest below stays readable.
			await db.delete(notifications).where(like(notifications.key, 'test.backlog:%'));
		}
	});
});

describe('digests', () => {
	const at = NOW + 3 * HOUR;

	it('sends a due daily digest with what changed and the waiting notices, and marks them handled', async () => {
		const sent = await runDigests(db, config, digestSource(config), at);

		// C's delegate: due (never had a digest), with four notices waiting.
		const [digest] = await mailTo(people.delegateC);
		expect(await mailTo(people.delegateC)).toHaveLength(1);
		expect(digest.kind).toBe('digest');
		expect(digest.subject).toMatch(new RegExp(`^${ws.name}: \\d+ changes since your last visit$`));
		expect(digest.text).toContain('For you: Consultation open: Payments consultation');
		expect(digest.text).toContain(`For you: Due soon: Action due ${dueDate} (planned)`);
		expect(digest.text).toContain('Decision: Involvement payments policy');
		expect(digest.text).toContain('Vote: Adopt the payment policy?');
		expect(digest.text).toContain(`Open until 16 Jan ${YEAR}, 12:30 GMT-5.`);
		expect(digest.text).toContain(`Closes 16 Jan ${YEAR}, 18:30 GMT-5.`);
		expect(digest.text).toContain(`https://parity.example/w/${ws.slug}/decisions/${decisionId}`);
		expect(digest.text).toContain('You get this daily digest');
		expect(digest.html).toContain('Stop these emails');
		expect(await noticesOf(people.delegateC)).toHaveLength(4);
		expect(
			(await noticesOf(people.delegateC)).every((n) => n.handledAt === at && n.messageId === digest.id)
		).toBe(true);

		// The observer (default daily) too, with the decision notice.
		const [observed] = await mailTo(people.observerA);
		expect(observed.text).toContain('For you: Decision published: Involvement payments policy');
		expect((await noticesOf(people.observerA)).every((n) => n.messageId === observed.id)).toBe(true);

		// B's delegate chose weekly a day ago: not due, notices still waiting.
		expect(await mailTo(people.delegateB)).toHaveLength(0);
		expect((await noticesOf(people.delegateB)).every((n) => n.handledAt === null)).toBe(true);

		// Elsewhere, nothing changed since the facilitator's last digest (the open vote was already open
		// and is not closing soon): no message, but the digest counts as done.
		expect(await mailTo(people.otherFacilitator)).toHaveLength(0);
		const pref = (
			await db
				.select()
				.from(mailPreferences)
				.where(
					and(
						eq(mailPreferences.userId, people.otherFacilitator.id),
						eq(mailPreferences.workspaceId, other.id)
					)
				)
		)[0];
		expect(pref?.lastDigestAt).toBe(at);

		// Nobody on "straight away" or "no email", nobody outside, and no demo account got a digest.
		for (const p of ['delegateA', 'facilitator', 'commenterA', 'demoA', 'outsider', 'otherOrgmate'] as const)
			expect(
				(await mailTo(people[p])).filter((m) => m.kind === 'digest'),
				p
			).toHaveLength(0);
		expect(sent).toBe(2);
	});

	it('sends nothing again until the next period, and nothing when there is nothing to say', async () => {
		expect(await runDigests(db, config, digestSource(config), at + HOUR)).toBe(0);
		// The vote closes and the consultation ends; a day later, the vote's result is news once. After
		// that nothing changes, and the digest stays unsent.
		await db
			.update(votes)
			.set({ status: 'closed', closedAt: at + 2 * HOUR })
			.where(eq(votes.id, voteId));
		await db
			.update(consultations)
			.set({ closesAt: at + 2 * HOUR })
			.where(eq(consultations.id, consultationId));
		const before = (await mailTo(people.delegateC)).length;
		await runDigests(db, config, digestSource(config), at + DAY + MIN);
		const after = await mailTo(people.delegateC);
		expect(after).toHaveLength(before + 1);
		expect(after.at(-1)!.text).toContain('Vote: Adopt the payment policy?');
		expect(after.at(-1)!.text).toContain('Closed');
		await runDigests(db, config, digestSource(config), at + 2 * DAY + 2 * MIN);
		expect(await mailTo(people.delegateC)).toHaveLength(before + 1);
		expect(
			await db
				.select()
				.from(notifications)
				.where(and(eq(notifications.userId, people.delegateC.id), isNull(notifications.handledAt)))
		).toHaveLength(0);
	});
});

describe('a large workspace', () => {
	it('tells every one of 4,000 members about a decision', async () => {
		const big = await createWorkspace(db, { name: 'Big partnership' });
		const at = NOW + 4 * DAY;
		const created = Date.now();
		const members = Array.from({ length: 4000 }, (_, i) => ({ id: newId(), name: `Member ${i}` }));
		await transaction(db, async () => {
			for (let i = 0; i < members.length; i += 500) {
				const part = members.slice(i, i + 500);
				await db.insert(users).values(
					part.map((m) => ({
						id: m.id,
						email: `${m.id}@example.org`,
						name: m.name,
						passwordHash: 'x',
						createdAt: created
					}))
				);
				await db.insert(workspaceMembers).values(
					part.map((m) => ({
						workspaceId: big.id,
						userId: m.id,
						role: 'commenter' as const,
						createdAt: created
					}))
				);
			}
		});
		const decision = newId();
		await db.insert(decisions).values({
			id: decision,
			workspaceId: big.id,
			title: 'A decision for everyone',
			question: 'Adopt it?',
			outcome: 'approved',
			method: 'consensus',
			rationale: 'Agreed.',
			decidedAt: at,
			decidedWhere: 'Annual meeting',
			registerSeq: 1,
			createdAt: at
		});
		await runReminders(db, at);
		expect(
			await db
				.select()
				.from(notifications)
				.where(eq(notifications.key, `decision:${decision}`))
		).toHaveLength(4000);
		// Again: nothing new.
		await runReminders(db, at + MIN);
		expect(
			await db
				.select()
				.from(notifications)
				.where(eq(notifications.key, `decision:${decision}`))
		).toHaveLength(4000);
	});
});
