// The involvement ledger through its commands on a real database file: the policy and its history, claims drafted
// from attendance, the lifecycle and who may do what, receipts refused, batches never exported twice, figures,
// retention and erasure, the weekly overdue email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { closeDatabase, setDb, type DB } from '../../src/lib/server/db/index.ts';
import { isDomainError } from '../../src/lib/server/errors.ts';
import type { Actor } from '../../src/lib/server/policy/index.ts';
import * as meetingRepo from '../../src/lib/server/meetings/repository.ts';
import * as invites from '../../src/lib/server/meetings/invitations.ts';
import { recordAttendance } from '../../src/lib/server/meetings/commands.ts';
import * as claims from '../../src/lib/server/claims/commands.ts';
import * as q from '../../src/lib/server/claims/queries.ts';
import { batchCsv, exportBatch } from '../../src/lib/server/claims/batches.ts';
import {
	eraseClaimant,
	runOverdueNotices,
	runRetention,
	WEEK_MS,
	addYears
} from '../../src/lib/server/claims/retention.ts';
import { addDays, quarterOf, zonedDay } from '../../src/lib/domain/ledger.ts';
import { claimExpenses, claims as claimsTable, mailMessages } from '../../src/lib/server/db/schema/index.ts';
import { waitingFor } from '../../src/lib/server/waiting/queries.ts';
import { addMember, createPartnership, createUser, type TestUser } from '../fixtures/factory.ts';
import { openFreshDatabase } from '../fixtures/engine.ts';

let dir: string;
let db: DB;
let p: Awaited<ReturnType<typeof createPartnership>>;
let partner: TestUser; // a lived-experience partner, attending as an individual
let approver: TestUser; // a member given "approves claims"
let admin: TestUser;

const as = (u: TestUser, isAdmin = false): Actor => ({
	user: { id: u.id, email: u.email, name: u.name, isAdmin, isDemo: false },
	token: null
});

async function refusal(run: () => Promise<unknown>) {
	try {
		await run();
	} catch (e) {
		if (isDomainError(e)) return { kind: e.kind, message: e.message, code: e.code };
		throw e;
	}
	throw new Error('the command did what was asked');
}

const policy = (over: Record<string, unknown> = {}) => ({
	effectiveFrom: '2026-01-01',
	levels: [
		{
			key: 'l3',
			name: 'Level 3: working group',
			hourlyPence: 1385,
			halfDayPence: 7500,
			dayPence: 15000
		}
	],
	preparationMinutes: 60,
	halfDayUpToMinutes: 240,
	backfillHourlyPence: 2500,
	expenseCategories: [
		{ key: 'travel', name: 'Public transport', basis: 'at_cost', capPence: null },
		{ key: 'mileage', name: 'Mileage', basis: 'per_mile', ratePence: 45, capPence: 5000 }
	],
	timescaleDays: 14,
	...over
});

/** Paid today, in the workspace's zone (a payment date is never before the submission, nor in the future). */
const PAID = zonedDay(Date.now(), 'Europe/London');

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** A meeting that has ended, with the partner as an individual at level 3 and VCSE staff present. */
async function pastMeeting(startsAt: number, hours: number) {
	const meeting = await meetingRepo.insertMeeting(db, {
		workspaceId: p.workspace.id,
		title: `Board ${startsAt}`,
		startsAt,
		endsAt: startsAt + hours * 3600_000,
		createdAt: startsAt - 86_400_000,
		updatedAt: startsAt - 86_400_000
	});
	const inv = async (u: TestUser) =>
		invites.insertInvitation(db, {
			meetingId: meeting.id,
			userId: u.id,
			name: u.name,
			email: u.email,
			createdAt: startsAt
		});
	const ip = await inv(partner);
	const iv = await inv(p.orgs[0].delegate);
	const is = await inv(p.orgs[2].delegate);
	await recordAttendance(as(p.facilitator), meeting.id, {
		records: [
			{ invitationId: ip.id, status: 'present', organisationId: null, level: 'l3' },
			{ invitationId: iv.id, status: 'present', organisationId: p.orgs[0].org.id },
			{ invitationId: is.id, status: 'present', organisationId: p.orgs[2].org.id }
		]
	});
	return meeting;
}

async function myClaims(u: TestUser) {
	return (await q.claimsPage(as(u), p.workspace.slug)).claims;
}

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-claims-'));
	({ db } = await openFreshDatabase(dir));
	setDb(db);
	p = await createPartnership(db, { vcse: 2, statutory: 1 });
	partner = await createUser(db, { name: 'Lee Lived-Experience' });
	await addMember(db, p.workspace.id, partner.id, { role: 'commenter' });
	approver = await createUser(db, { name: 'Ana Approver' });
	await addMember(db, p.workspace.id, approver.id, { role: 'editor', organisationId: p.orgs[1].org.id });
	admin = await createUser(db, { name: 'Site Admin' });
});

afterAll(async () => {
	await closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
});

describe('the payment policy', () => {
	it('is changed by facilitators only, dated, and a meeting uses the rates of its day', async () => {
		expect(
			await refusal(() => claims.setPolicy(as(p.orgs[0].delegate), p.workspace.id, policy()))
		).toMatchObject({
			kind: 'forbidden'
		});
		const bad = await refusal(() =>
			claims.setPolicy(as(p.facilitator), p.workspace.id, policy({ timescaleDays: 0 }))
		);
		expect(bad).toMatchObject({ kind: 'invalid' });
		const mileageWithoutRate = await refusal(() =>
			claims.setPolicy(
				as(p.facilitator),
				p.workspace.id,
				policy({ expenseCategories: [{ key: 'm', name: 'Mileage', basis: 'per_mile' }] })
			)
		);
		expect(mileageWithoutRate.message).toContain('rate per mile');
		const v1 = await claims.setPolicy(as(p.facilitator), p.workspace.id, policy());
		expect(v1.createdBy).toBe(p.facilitator.id);
		// From 1 July 2026 the level pays more.
		await claims.setPolicy(
			as(p.facilitator),
			p.workspace.id,
			policy({
				effectiveFrom: '2026-07-01',
				levels: [{ key: 'l3', name: 'Level 3', hourlyPence: 1500, halfDayPence: 8000, dayPence: 16000 }]
			})
		);
		const page = await q.policyPage(as(partner), p.workspace.slug);
		expect(page.versions.map((v) => v.effectiveFrom)).toEqual(['2026-07-01', '2026-01-01']);
		expect(page.maySet).toBe(false);

		// Attendance names a level of the policy in force that day, for individuals only.
		const june = await pastMeeting(Date.UTC(2026, 5, 30, 21, 0), 2); // 22:00 BST on 30 June
		const july = await pastMeeting(Date.UTC(2026, 6, 1, 9, 0), 5); // 10:00 BST on 1 July, five hours
		const rows = (await myClaims(partner)).filter((c) => c.kind === 'individual');
		const juneClaim = rows.find((c) => c.meeting.id === june.id)!;
		const julyClaim = rows.find((c) => c.meeting.id === july.id)!;
		// June: half-day (two hours) at the old rate, plus one hour's preparation.
		expect(juneClaim).toMatchObject({ duePence: 7500 + 1385, status: 'draft', own: true });
		// July: five hours is above the half-day threshold: the day rate, at the new rates.
		expect(julyClaim.duePence).toBe(16000 + 1500);
		expect(julyClaim.lines[0].what).toBe('Day rate');

		const wrongLevel = await refusal(async () => {
			const inv = (await invites.listInvitees(db, june))[0];
			await recordAttendance(as(p.facilitator), june.id, {
				records: [{ invitationId: inv.id, status: 'present', organisationId: null, level: 'nope' }]
			});
		});
		expect(wrongLevel.message).toContain('Not a level');
	});

	it('drafts cost recovery for a VCSE partner per staff present, and nothing for a statutory partner', async () => {
		const vcse = await myClaims(p.orgs[0].delegate);
		const statutory = await myClaims(p.orgs[2].delegate);
		expect(statutory).toEqual([]);
		const june = vcse.find((c) => c.kind === 'organisation' && c.minutes === 120)!;
		// One staff member, two hours plus one of preparation at £25 an hour.
		expect(june).toMatchObject({ staff: 1, duePence: 7500, own: true });
		// The partner sees only their own claims, and finds the drafts in "Waiting for you".
		expect((await myClaims(partner)).every((c) => c.kind === 'individual')).toBe(true);
		const waiting = await waitingFor(db, as(partner), p.workspace.slug);
		expect(waiting.filter((w) => w.kind === 'claim')).toHaveLength(2);
	});
});

describe('a claim’s lifecycle', () => {
	let claimId: string;

	it('takes expenses with receipts, refusing big or foreign files, and the choice to take less', async () => {
		claimId = (await myClaims(partner)).find((c) => c.duePence === 7500 + 1385)!.id;
		const big = new Uint8Array(5 * 1024 * 1024 + 1);
		big.set(PNG);
		expect(
			await refusal(() =>
				claims.addExpense(
					as(partner),
					claimId,
					{ category: 'travel', amountPence: 420 },
					{ name: 'big.png', bytes: big }
				)
			)
		).toMatchObject({ kind: 'too_large', code: 'receipt_too_large' });
		const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
		expect(
			await refusal(() =>
				claims.addExpense(
					as(partner),
					claimId,
					{ category: 'travel', amountPence: 420 },
					{ name: 'x.png', bytes: html }
				)
			)
		).toMatchObject({ kind: 'invalid', code: 'receipt_type' });
		expect(await db.select().from(claimExpenses)).toHaveLength(0);

		await claims.addExpense(
			as(partner),
			claimId,
			{ category: 'travel', amountPence: 420 },
			{ name: 'bus.png', bytes: PNG }
		);
		await claims.addExpense(as(partner), claimId, { category: 'mileage', tenthsOfMile: 123 }, null);
		// Someone else cannot add to it.
		expect(
			await refusal(() =>
				claims.addExpense(as(approver), claimId, { category: 'travel', amountPence: 1 }, null)
			)
		).toMatchObject({ kind: 'forbidden' });
		await claims.setTake(as(partner), claimId, { take: 'less', amountPence: 5000 });
		expect(
			await refusal(() => claims.setTake(as(partner), claimId, { take: 'less', amountPence: 99999 }))
		).toMatchObject({
			kind: 'invalid'
		});
		const page = await q.claimPage(as(partner), claimId);
		expect(page.claim).toMatchObject({ claimedPence: 5000, expensesPence: 420 + 554, totalPence: 5974 });
		expect(page.expenses.find((e) => e.category === 'travel')?.hasReceipt).toBe(true);
		expect((await q.receipt(as(p.facilitator), claimId, page.expenses[0].id)).type).toBe('image/png');
	});

	it('is submitted after the benefits notice, queried, answered, approved and paid; never by its claimant', async () => {
		expect(await refusal(() => claims.submitClaim(as(partner), claimId, {}))).toMatchObject({
			kind: 'invalid'
		});
		// Approvers do not see a draft.
		expect((await myClaims(approver)).some((c) => c.id === claimId)).toBe(false);
		await claims.submitClaim(as(partner), claimId, { noticeRead: true });

		// Only approvers decide: a plain member, the claimant as a facilitator-less member, or an approver's own.
		expect(await refusal(() => claims.approveClaim(as(p.orgs[0].delegate), claimId))).toMatchObject({
			kind: 'forbidden'
		});
		expect(await refusal(() => claims.approveClaim(as(approver), claimId))).toMatchObject({
			kind: 'forbidden'
		});
		await claims.setApprover(as(p.facilitator), p.workspace.id, { userId: approver.id, approves: true });
		expect(
			await refusal(() =>
				claims.setApprover(as(approver), p.workspace.id, { userId: partner.id, approves: true })
			)
		).toMatchObject({ kind: 'forbidden' });

		expect(
			(await waitingFor(db, as(approver), p.workspace.slug)).find((w) => w.kind === 'claims')
		).toMatchObject({
			toApprove: 1,
			toPay: 0
		});
		await claims.queryClaim(as(approver), claimId, { question: 'Which bus did you take?' });
		expect(await refusal(() => claims.approveClaim(as(approver), claimId))).toMatchObject({
			kind: 'conflict'
		});
		await claims.answerQuery(as(partner), claimId, { answer: 'The 42, there and back.' });
		await claims.approveClaim(as(approver), claimId);
		expect(await refusal(() => claims.approveClaim(as(approver), claimId))).toMatchObject({
			kind: 'conflict'
		});
		await expect(
			claims.markPaid(as(p.facilitator), claimId, { paidOn: addDays(PAID, 1), reference: 'BACS 1234' })
		).rejects.toThrow(/cannot be in the future/);
		await claims.markPaid(as(p.facilitator), claimId, { paidOn: PAID, reference: 'BACS 1234' });
		const page = await q.claimPage(as(partner), claimId);
		expect(page.claim).toMatchObject({ status: 'paid', paidOn: PAID, approvedBy: 'Ana Approver' });
		expect(page.events.map((e) => e.kind)).toEqual(['submitted', 'queried', 'answered', 'approved', 'paid']);
		expect(page.events[2].text).toBe('The 42, there and back.');

		// An email for each change: approvers on submission and answer, the claimant on the rest.
		const mail = await db.select().from(mailMessages).where(eq(mailMessages.kind, 'claim'));
		const toPartner = mail.filter((m) => m.to === partner.email).map((m) => m.subject.split(':')[0]);
		expect(toPartner).toEqual([
			'A question about your claim',
			'Your claim was approved',
			'Your claim was paid'
		]);
		expect(mail.filter((m) => m.to === approver.email).map((m) => m.subject.split(':')[0])).toEqual([
			'A query on a claim was answered'
		]);
		expect(mail.some((m) => m.to === p.facilitator.email && m.subject.startsWith('A claim to approve'))).toBe(
			true
		);
	});

	it('is never decided by its own claimant: an approver’s organisation claim', async () => {
		const orgClaim = (await myClaims(approver)).find((c) => c.kind === 'organisation' && c.own);
		// The approver acts for VCSE org 2, which had no staff present: give it one.
		expect(orgClaim).toBeUndefined();
		const vcseClaim = (await myClaims(p.orgs[0].delegate)).find((c) => c.kind === 'organisation')!;
		await claims.submitClaim(as(p.orgs[0].delegate), vcseClaim.id, { noticeRead: true });
		await addMember(db, p.workspace.id, (await createUser(db, { name: 'x' })).id, { role: 'observer' });
		await claims.setApprover(as(p.facilitator), p.workspace.id, {
			userId: p.orgs[0].delegate.id,
			approves: true
		});
		expect(await refusal(() => claims.approveClaim(as(p.orgs[0].delegate), vcseClaim.id))).toMatchObject({
			kind: 'forbidden',
			message: 'Nobody decides their own claim.'
		});
		await claims.rejectClaim(as(approver), vcseClaim.id, { reason: 'Claimed twice.' });
		expect((await q.claimPage(as(p.orgs[0].delegate), vcseClaim.id)).claim.rejectedReason).toBe(
			'Claimed twice.'
		);
	});
});

describe('batches, figures and retention', () => {
	it('exports each approved claim in exactly one numbered batch', async () => {
		const first = await exportBatch(as(approver), p.workspace.id);
		expect(first).toMatchObject({ number: 1, claimCount: 1 });
		expect(await refusal(() => exportBatch(as(approver), p.workspace.id))).toMatchObject({
			kind: 'conflict'
		});
		expect(await refusal(() => exportBatch(as(partner), p.workspace.id))).toMatchObject({
			kind: 'forbidden'
		});
		const { csv } = await batchCsv(as(approver), p.workspace.id, 1);
		const lines = csv.trim().split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toContain('Claimant,Organisation,Meeting,Date,Hours,Level,Rate,Involvement amount');
		expect(lines[1]).toContain('Lee Lived-Experience');
		expect(lines[1]).toContain('50.00');
		expect(lines[1]).toContain('59.74');
		expect(lines[1]).toContain('Ana Approver');
	});

	it('shows the quarter as "fewer than 5" until five claims are paid, then the figures', async () => {
		let f = await q.figures(as(partner), p.workspace.id);
		expect(f.quarters[0]).toMatchObject({ quarter: quarterOf(PAID), claims: 'fewer than 5' });
		for (let i = 0; i < 4; i++) {
			const m = await pastMeeting(Date.UTC(2026, 7, 3 + i, 9, 0), 2);
			const c = (await myClaims(partner)).find((x) => x.meeting.id === m.id)!;
			await claims.submitClaim(as(partner), c.id, { noticeRead: true });
			await claims.approveClaim(as(approver), c.id);
			await claims.markPaid(as(approver), c.id, { paidOn: PAID, reference: `R${i}` });
		}
		f = await q.figures(as(partner), p.workspace.id);
		expect(f.quarters[0]).toMatchObject({
			quarter: quarterOf(PAID),
			claims: 5,
			paidOnTimePercent: expect.any(Number)
		});
		expect(f.quarters[0].involvementPence).toBe(5000 + 4 * (8000 + 1500));
	});

	it('flags overdue claims to approvers weekly', async () => {
		const m = await pastMeeting(Date.now() - 30 * 86_400_000, 2);
		const c = (await myClaims(partner)).find((x) => x.meeting.id === m.id)!;
		await claims.submitClaim(as(partner), c.id, { noticeRead: true });
		await db
			.update(claimsTable)
			.set({ firstSubmittedAt: Date.now() - 20 * 86_400_000 })
			.where(eq(claimsTable.id, c.id));
		expect((await q.claimPage(as(partner), c.id)).claim).toMatchObject({ overdue: true, waitingDays: 20 });
		const now = Date.now();
		expect(await runOverdueNotices(db, now)).toBe(1);
		expect(await runOverdueNotices(db, now + 86_400_000)).toBe(0);
		// Two workers at once (another process, while the jobs change hands) send the week's notice once.
		const twice = await Promise.all([
			runOverdueNotices(db, now + WEEK_MS),
			runOverdueNotices(db, now + WEEK_MS)
		]);
		expect(twice[0] + twice[1]).toBe(1);
		const notices = (
			await db
				.select()
				.from(mailMessages)
				.where(and(eq(mailMessages.kind, 'claim'), eq(mailMessages.to, approver.email)))
		).filter((x) => x.subject.includes('overdue'));
		expect(notices).toHaveLength(2);
	});

	it('erases personal fields and receipts after the retention period, or sooner by an administrator', async () => {
		// Six years after the payment date, to the day, it is kept; the day after, erased.
		const lastDay = addYears(PAID, 6);
		expect(await runRetention(db, Date.parse(`${lastDay}T12:00:00Z`))).toBe(0);
		expect(await runRetention(db, Date.parse(`${addDays(lastDay, 1)}T12:00:00Z`))).toBe(5);
		const erased = (await db.select().from(claimsTable).where(eq(claimsTable.claimedPence, 5000)))[0]!;
		expect(erased).toMatchObject({ name: '', claimantId: null, paymentReference: null, claimedPence: 5000 });
		expect(
			(await db.select().from(claimExpenses).where(eq(claimExpenses.claimId, erased.id))).every(
				(e) => e.receipt === null
			)
		).toBe(true);
		// The figures keep the amounts.
		expect((await q.figures(as(partner), p.workspace.id)).quarters[0].claims).toBe(5);

		expect(await refusal(() => eraseClaimant(as(p.facilitator), p.workspace.id, partner.id))).toMatchObject({
			kind: 'forbidden'
		});
		const { erased: n } = await eraseClaimant(as(admin, true), p.workspace.id, partner.id);
		expect(n).toBeGreaterThan(0);
		expect(await db.select().from(claimsTable).where(eq(claimsTable.claimantId, partner.id))).toHaveLength(0);
	});
});
