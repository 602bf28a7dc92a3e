// The SQL of the involvement ledger: payment policy versions, approvers, claims with their expenses and events,
// export batches. Every function takes the database handle (or a transaction's); none checks who asks.
import { and, asc, desc, eq, inArray, isNull, lte, max, or, sql } from 'drizzle-orm';
import { first, one, type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	claimApprovers,
	claimBatches,
	claimEvents,
	claimExpenses,
	claimOverdueNotices,
	claims,
	meetingAttendance,
	meetingInvitations,
	meetings,
	organisations,
	paymentPolicies,
	users,
	workspaceMembers,
	workspacePartners,
	workspaces,
	type ClaimEventKind,
	type ClaimStatus
} from '../db/schema/index.ts';
import { termsInForce, zonedDay, type Level, type PolicyTerms } from '../../domain/ledger.ts';

export type PolicyRow = Omit<typeof paymentPolicies.$inferSelect, 'terms'> & { terms: PolicyTerms };
export type Claim = typeof claims.$inferSelect;
export type Expense = typeof claimExpenses.$inferSelect;

// ── Policy ──

/** Every version of the workspace's policy, oldest first (by day in force, then as recorded). */
export async function policyVersions(db: DB, workspaceId: string): Promise<PolicyRow[]> {
	return (await db
		.select()
		.from(paymentPolicies)
		.where(eq(paymentPolicies.workspaceId, workspaceId))
		.orderBy(asc(paymentPolicies.effectiveFrom), asc(paymentPolicies.createdAt))) as PolicyRow[];
}

export async function insertPolicy(
	db: DB,
	values: Omit<typeof paymentPolicies.$inferInsert, 'id'>
): Promise<PolicyRow> {
	return first(
		await db
			.insert(paymentPolicies)
			.values({ id: newId(), ...values })
			.returning()
	) as PolicyRow;
}

export async function findPolicy(db: DB, id: string): Promise<PolicyRow | undefined> {
	return one(await db.select().from(paymentPolicies).where(eq(paymentPolicies.id, id)).limit(1)) as
		PolicyRow | undefined;
}

/** The version in force on the day (in the workspace's zone) an instant falls on. */
export async function policyOnDay(
	db: DB,
	workspaceId: string,
	ms: number,
	timeZone: string
): Promise<PolicyRow | null> {
	return termsInForce(
		(await policyVersions(db, workspaceId)).map((v) => ({ ...v, effectiveFrom: v.effectiveFrom })),
		zonedDay(ms, timeZone)
	);
}

/** The involvement levels in force on a meeting's day (none without a policy). */
export async function levelsOnDay(
	db: DB,
	workspaceId: string,
	ms: number,
	timeZone: string
): Promise<Level[]> {
	return (await policyOnDay(db, workspaceId, ms, timeZone))?.terms.levels ?? [];
}

// ── Approvers ──

export async function isGrantedApprover(db: DB, workspaceId: string, userId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ u: claimApprovers.userId })
			.from(claimApprovers)
			.where(and(eq(claimApprovers.workspaceId, workspaceId), eq(claimApprovers.userId, userId)))
			.limit(1)
	);
}

export async function setApprover(db: DB, workspaceId: string, userId: string, on: boolean, by: string) {
	if (on)
		await db
			.insert(claimApprovers)
			.values({ workspaceId, userId, grantedBy: by, createdAt: Date.now() })
			.onConflictDoNothing();
	else
		await db
			.delete(claimApprovers)
			.where(and(eq(claimApprovers.workspaceId, workspaceId), eq(claimApprovers.userId, userId)));
}

/** Everyone who approves claims in the workspace: facilitators and members given it. */
export async function approvers(db: DB, workspaceId: string) {
	return await db
		.selectDistinct({ id: users.id, name: users.name, email: users.email })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.leftJoin(
			claimApprovers,
			and(eq(claimApprovers.workspaceId, workspaceId), eq(claimApprovers.userId, workspaceMembers.userId))
		)
		.where(
			and(
				eq(workspaceMembers.workspaceId, workspaceId),
				or(eq(workspaceMembers.role, 'facilitator'), sql`${claimApprovers.userId} is not null`)
			)
		)
		.orderBy(asc(users.name));
}

/** The members acting for an organisation in a workspace (who handle its claims). */
export async function organisationMembers(db: DB, workspaceId: string, organisationId: string) {
	return await db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(
			and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.organisationId, organisationId))
		);
}

// ── Eligibility ──

/** Those recorded present at a meeting, with the organisation's sector in the workspace. */
export async function presentRows(db: DB, meetingId: string, workspaceId: string) {
	return await db
		.select({
			invitationId: meetingInvitations.id,
			userId: meetingInvitations.userId,
			name: meetingInvitations.name,
			organisationId: meetingAttendance.organisationId,
			level: meetingAttendance.level,
			sector: workspacePartners.sector,
			organisationName: organisations.name
		})
		.from(meetingAttendance)
		.innerJoin(meetingInvitations, eq(meetingInvitations.id, meetingAttendance.invitationId))
		.leftJoin(
			workspacePartners,
			and(
				eq(workspacePartners.workspaceId, workspaceId),
				eq(workspacePartners.organisationId, meetingAttendance.organisationId)
			)
		)
		.leftJoin(organisations, eq(organisations.id, meetingAttendance.organisationId))
		.where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.status, 'present')));
}

/** The workspace's meetings that have ended and were not cancelled. */
export async function endedMeetings(db: DB, workspaceId: string, now: number) {
	return await db
		.select()
		.from(meetings)
		.where(
			and(eq(meetings.workspaceId, workspaceId), eq(meetings.status, 'scheduled'), lte(meetings.endsAt, now))
		);
}

// ── Claims ──

export async function claimsOfMeeting(db: DB, meetingId: string): Promise<Claim[]> {
	return await db.select().from(claims).where(eq(claims.meetingId, meetingId));
}

export async function insertClaim(db: DB, values: Omit<typeof claims.$inferInsert, 'id'>): Promise<Claim> {
	return first(
		await db
			.insert(claims)
			.values({ id: newId(), ...values })
			.returning()
	);
}

export async function updateClaim(db: DB, id: string, patch: Partial<typeof claims.$inferInsert>) {
	return first(await db.update(claims).set(patch).where(eq(claims.id, id)).returning());
}

export async function deleteClaim(db: DB, id: string) {
	await db.delete(claims).where(eq(claims.id, id));
}

export async function findClaim(db: DB, id: string): Promise<Claim | undefined> {
	return one(await db.select().from(claims).where(eq(claims.id, id)).limit(1));
}

/** A workspace's claims with their meeting, newest meeting first; optionally only some statuses. */
export async function listClaims(
	db: DB,
	workspaceId: string,
	filter: { statuses?: ClaimStatus[]; claimantId?: string; organisationIds?: string[] } = {}
) {
	const conditions = [eq(claims.workspaceId, workspaceId)];
	if (filter.statuses) conditions.push(inArray(claims.status, filter.statuses));
	if (filter.claimantId || filter.organisationIds) {
		const mine = [];
		if (filter.claimantId) mine.push(eq(claims.claimantId, filter.claimantId));
		if (filter.organisationIds?.length)
			mine.push(
				and(eq(claims.kind, 'organisation'), inArray(claims.organisationId, filter.organisationIds))!
			);
		conditions.push(mine.length ? or(...mine)! : sql`1 = 0`);
	}
	return await db
		.select({
			claim: claims,
			meeting: { id: meetings.id, title: meetings.title, startsAt: meetings.startsAt },
			organisationName: organisations.name
		})
		.from(claims)
		.innerJoin(meetings, eq(meetings.id, claims.meetingId))
		.leftJoin(organisations, eq(organisations.id, claims.organisationId))
		.where(and(...conditions))
		.orderBy(desc(meetings.startsAt), asc(claims.name));
}

/** Claims a person has in any workspace (for "Waiting for you"). */
export async function claimsOfClaimant(db: DB, userId: string) {
	return await db.select().from(claims).where(eq(claims.claimantId, userId));
}

// ── Expenses ──

export async function expensesOf(db: DB, claimId: string): Promise<Expense[]> {
	return await db
		.select()
		.from(claimExpenses)
		.where(eq(claimExpenses.claimId, claimId))
		.orderBy(asc(claimExpenses.createdAt));
}

export async function insertExpense(db: DB, values: Omit<typeof claimExpenses.$inferInsert, 'id'>) {
	return first(
		await db
			.insert(claimExpenses)
			.values({ id: newId(), ...values })
			.returning()
	);
}

export async function deleteExpense(db: DB, claimId: string, expenseId: string): Promise<boolean> {
	return (
		(
			await db
				.delete(claimExpenses)
				.where(and(eq(claimExpenses.claimId, claimId), eq(claimExpenses.id, expenseId)))
				.returning({ id: claimExpenses.id })
		).length > 0
	);
}

export async function findExpense(db: DB, claimId: string, expenseId: string) {
	return one(
		await db
			.select()
			.from(claimExpenses)
			.where(and(eq(claimExpenses.claimId, claimId), eq(claimExpenses.id, expenseId)))
			.limit(1)
	);
}

// ── Events ──

export async function addEvent(
	db: DB,
	e: { claimId: string; kind: ClaimEventKind; actorId: string | null; text?: string; at: number }
) {
	await db.insert(claimEvents).values({ id: newId(), text: '', ...e });
}

export async function eventsOf(db: DB, claimId: string) {
	return await db
		.select({
			kind: claimEvents.kind,
			text: claimEvents.text,
			at: claimEvents.at,
			actorName: users.name
		})
		.from(claimEvents)
		.leftJoin(users, eq(users.id, claimEvents.actorId))
		.where(eq(claimEvents.claimId, claimId))
		.orderBy(asc(claimEvents.at), asc(claimEvents.id));
}

// ── Batches ──

/** Approved or paid claims not yet in a batch. */
export async function unexported(db: DB, workspaceId: string) {
	return await db
		.select()
		.from(claims)
		.where(
			and(
				eq(claims.workspaceId, workspaceId),
				inArray(claims.status, ['approved', 'paid']),
				isNull(claims.batchId)
			)
		);
}

export async function nextBatchNumber(db: DB, workspaceId: string): Promise<number> {
	const row = one(
		await db
			.select({ n: max(claimBatches.number) })
			.from(claimBatches)
			.where(eq(claimBatches.workspaceId, workspaceId))
	);
	return (row?.n ?? 0) + 1;
}

export async function insertBatch(db: DB, values: Omit<typeof claimBatches.$inferInsert, 'id'>) {
	return first(
		await db
			.insert(claimBatches)
			.values({ id: newId(), ...values })
			.returning()
	);
}

export async function listBatches(db: DB, workspaceId: string) {
	return await db
		.select()
		.from(claimBatches)
		.where(eq(claimBatches.workspaceId, workspaceId))
		.orderBy(desc(claimBatches.number));
}

export async function findBatch(db: DB, workspaceId: string, number: number) {
	return one(
		await db
			.select()
			.from(claimBatches)
			.where(and(eq(claimBatches.workspaceId, workspaceId), eq(claimBatches.number, number)))
			.limit(1)
	);
}

// ── Overdue notices ──

export async function lastOverdueNotice(db: DB, workspaceId: string): Promise<number | null> {
	return (
		one(
			await db
				.select({ at: claimOverdueNotices.sentAt })
				.from(claimOverdueNotices)
				.where(eq(claimOverdueNotices.workspaceId, workspaceId))
		)?.at ?? null
	);
}

export async function setOverdueNotice(db: DB, workspaceId: string, at: number) {
	await db
		.insert(claimOverdueNotices)
		.values({ workspaceId, sentAt: at })
		.onConflictDoUpdate({ target: claimOverdueNotices.workspaceId, set: { sentAt: at } });
}

/** The workspace's members who are not facilitators, with whether each was given "approves claims". */
export async function approverChoices(db: DB, workspaceId: string) {
	return await db
		.select({
			id: users.id,
			name: users.name,
			granted: sql<number>`${claimApprovers.userId} is not null`
		})
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.leftJoin(
			claimApprovers,
			and(eq(claimApprovers.workspaceId, workspaceId), eq(claimApprovers.userId, workspaceMembers.userId))
		)
		.where(and(eq(workspaceMembers.workspaceId, workspaceId), sql`${workspaceMembers.role} <> 'facilitator'`))
		.orderBy(asc(users.name));
}

/** The workspace's VCSE partners (for their cost-recovery statements). */
export async function vcsePartners(db: DB, workspaceId: string) {
	return await db
		.select({ id: organisations.id, name: organisations.name })
		.from(workspacePartners)
		.innerJoin(organisations, eq(organisations.id, workspacePartners.organisationId))
		.where(and(eq(workspacePartners.workspaceId, workspaceId), eq(workspacePartners.sector, 'vcse')))
		.orderBy(asc(organisations.name));
}

/** A person's claims with their meeting and workspace, newest meeting first. */
export async function claimsWithMeetingsOf(db: DB, userId: string) {
	return await db
		.select({
			claim: { id: claims.id, status: claims.status, workspaceId: claims.workspaceId },
			meeting: { title: meetings.title, startsAt: meetings.startsAt },
			workspaceName: workspaces.name,
			timeZone: workspaces.timeZone
		})
		.from(claims)
		.innerJoin(meetings, eq(meetings.id, claims.meetingId))
		.innerJoin(workspaces, eq(workspaces.id, claims.workspaceId))
		.where(eq(claims.claimantId, userId))
		.orderBy(desc(meetings.startsAt));
}
