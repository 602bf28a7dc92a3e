// Reads of the involvement ledger: the policy and its history, the claims a person may see, one claim with its
// expenses and history, a receipt, the quarterly figures (no personal data) and a VCSE organisation's
// cost-recovery statement for a quarter.
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, type DB } from '../db/index.ts';
import { tokenReaches } from '../auth/tokens.ts';
import { may, authorize } from '../policy/index.ts';
import { approves } from '../policy/claims.ts';
import { NotFound } from '../errors.ts';
import { claims, meetings, organisations, users, workspacePartners } from '../db/schema/index.ts';
import type { Actor, Workspace } from '../access.ts';
import { isoOrNull, isoUtc } from '../../domain/time.ts';
import {
	quarterFigures,
	quarterOf,
	zonedDay,
	type PaidClaimFact,
	type PayLine
} from '../../domain/ledger.ts';
import { claimFor, ledgerAccess, refreshDrafts } from './commands.ts';
import { waitingOf } from './retention.ts';
import * as repo from './repository.ts';
import type { Claim } from './repository.ts';
import type { ClaimJson } from './schemas.ts';

/** The policy's versions (latest first) with who recorded each; and whether the actor may add one. */
export async function policyPage(actor: Actor, workspaceIdOrSlug: string) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.seePolicy', member, subject);
	const versions = await repo.policyVersions(db, workspace.id);
	const names = new Map(
		(
			await db
				.select({ id: users.id, name: users.name })
				.from(users)
				.where(
					inArray(
						users.id,
						versions.map((v) => v.createdBy ?? '')
					)
				)
		).map((u) => [u.id, u.name])
	);
	const maySet = may(actor, 'claims.setPolicy', member, subject);
	return {
		workspace,
		member,
		maySet,
		approverChoices: maySet
			? (await repo.approverChoices(db, workspace.id)).map((m) => ({ ...m, granted: !!m.granted }))
			: [],
		mayApprove: approves(member, subject),
		versions: versions
			.map((v) => ({ ...v, createdByName: v.createdBy ? (names.get(v.createdBy) ?? '') : '' }))
			.reverse()
	};
}

export type ClaimRow = Awaited<ReturnType<typeof repo.listClaims>>[number];

/** A claim as the API answers it. */
export async function claimJson(
	db: DB,
	row: ClaimRow,
	workspace: Workspace,
	now = Date.now()
): Promise<ClaimJson> {
	const c = row.claim;
	const w = await waitingOf(db, c, workspace.timeZone, now);
	const batch = c.batchId ? (await repo.listBatches(db, workspace.id)).find((b) => b.id === c.batchId) : null;
	return {
		id: c.id,
		workspaceId: c.workspaceId,
		meeting: { id: row.meeting.id, title: row.meeting.title, startsAt: isoUtc(row.meeting.startsAt) },
		kind: c.kind,
		name: c.name,
		organisationId: c.organisationId,
		organisationName: row.organisationName,
		status: c.status,
		level: c.levelName || null,
		minutes: c.minutes,
		staff: c.staff,
		lines: c.lines as PayLine[],
		duePence: c.duePence,
		claimedPence: c.claimedPence,
		declined: c.declined,
		expensesPence: c.expensesPence,
		totalPence: c.totalPence,
		question: c.question,
		rejectedReason: c.rejectedReason,
		firstSubmittedAt: isoOrNull(c.firstSubmittedAt),
		approvedBy: c.approvedByName,
		approvedAt: isoOrNull(c.approvedAt),
		paidOn: c.paidOn,
		paymentReference: c.paymentReference,
		batch: batch?.number ?? null,
		waitingDays: w?.days ?? null,
		dueOn: w?.dueOn ?? null,
		overdue: w?.overdue ?? false
	};
}

/**
 * The claims the actor may see in a workspace: their own (and their organisation's) always; every claim for an
 * approver or a site administrator. Drafts are brought up to date with attendance first.
 */
export async function claimsPage(actor: Actor, workspaceIdOrSlug: string, now = Date.now()) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	await refreshDrafts(db, workspace, now);
	const approver = approves(member, subject) || subject.admin;
	const userId = actor.user?.id;
	const rows = await repo.listClaims(
		db,
		workspace.id,
		approver
			? {}
			: {
					claimantId: userId ?? '-',
					organisationIds: member?.organisationId ? [member.organisationId] : []
				}
	);
	const list = [];
	for (const row of rows) {
		const json = await claimJson(db, row, workspace, now);
		const own = !!userId && isOwnRow(row.claim, userId, member?.organisationId ?? null);
		// Approvers see others' drafts only once submitted: a draft is the claimant's own business.
		if (!own && row.claim.status === 'draft') continue;
		list.push({ ...json, own });
	}
	return {
		workspace,
		member,
		approver,
		statements: approver
			? await repo.vcsePartners(db, workspace.id)
			: member?.organisationId
				? (await repo.vcsePartners(db, workspace.id)).filter((o) => o.id === member.organisationId)
				: [],
		mayExport: may(actor, 'claims.export', member, subject),
		/** For site administrators: the people with claims here whose personal data can be erased now. */
		erasable: may(actor, 'claims.erase', member, subject)
			? [
					...new Map(
						rows
							.filter((r) => r.claim.claimantId && !r.claim.erasedAt)
							.map((r) => [r.claim.claimantId!, r.claim.name])
					)
				].map(([id, name]) => ({ id, name }))
			: [],
		maySetPolicy: may(actor, 'claims.setPolicy', member, subject),
		claims: list
	};
}

function isOwnRow(c: Claim, userId: string, organisationId: string | null) {
	return c.kind === 'individual'
		? c.claimantId === userId
		: !!organisationId && c.organisationId === organisationId;
}

/** One claim with its expenses (without receipt bytes), history and what the actor may do. */
export async function claimPage(actor: Actor, claimId: string, workspaceParam?: string, now = Date.now()) {
	const { db, claim, workspace, member, subject } = await claimFor(actor, claimId, workspaceParam);
	const row = (await repo.listClaims(db, workspace.id)).find((r) => r.claim.id === claim.id)!;
	const policy = await repo.findPolicy(db, claim.policyId);
	const expenses = (await repo.expensesOf(db, claim.id)).map(({ receipt, ...e }) => ({
		...e,
		hasReceipt: !!receipt
	}));
	return {
		workspace,
		claim: await claimJson(db, row, workspace, now),
		expenses,
		categories: policy?.terms.expenseCategories ?? [],
		advancePayment: policy?.terms.advancePayment ?? false,
		timescaleDays: policy?.terms.timescaleDays ?? 0,
		events: await repo.eventsOf(db, claim.id),
		mayEdit: may(actor, 'claim.edit', member, subject) && !claim.erasedAt,
		mayDecide: may(actor, 'claim.decide', member, subject) && !claim.erasedAt,
		own: subject.own,
		/** Whether the workspace's pages are open to the reader (a guest claimant's are not). */
		inWorkspace: !!member
	};
}

/** A receipt's bytes, for those who may see the claim. */
export async function receipt(actor: Actor, claimId: string, expenseId: string, workspaceParam?: string) {
	const { db, claim } = await claimFor(actor, claimId, workspaceParam);
	const e = await repo.findExpense(db, claim.id, expenseId);
	if (!e?.receipt || !e.receiptType) throw new NotFound();
	return { bytes: e.receipt, type: e.receiptType, name: e.receiptName ?? 'receipt' };
}

/** Paid claims as facts for the figures: amounts, payment date, days to pay and whether on time. */
async function paidFacts(db: DB, workspace: Workspace): Promise<PaidClaimFact[]> {
	const paid = await db
		.select()
		.from(claims)
		.where(and(eq(claims.workspaceId, workspace.id), eq(claims.status, 'paid')));
	const facts: PaidClaimFact[] = [];
	for (const c of paid) {
		const w = await waitingOf(db, c, workspace.timeZone);
		if (!w || !c.paidOn) continue;
		facts.push({
			kind: c.kind,
			amountPence: c.claimedPence,
			expensesPence: c.expensesPence,
			paidOn: c.paidOn,
			daysToPay: w.days,
			onTime: w.paidOnTime ?? false
		});
	}
	return facts;
}

/** Per quarter of payment, without personal data (members; anyone in a public workspace). */
export async function figures(actor: Actor, workspaceIdOrSlug: string) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.figures', member, subject);
	return { workspace, quarters: quarterFigures(await paidFacts(db, workspace)) };
}

/** The same figures for the public register of a public workspace (no actor needed). */
export async function publicFigures(db: DB, workspace: Workspace) {
	return quarterFigures(await paidFacts(db, workspace));
}

/**
 * A VCSE organisation's cost-recovery statement for a quarter (`2027-Q1`): its claims for meetings in that
 * quarter, with staff, hours, amounts and where each stands. Approvers, and members acting for it.
 */
export async function statement(
	actor: Actor,
	workspaceIdOrSlug: string,
	organisationId: string,
	quarter: string
) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	const forIt = !!member && member.organisationId === organisationId;
	if (!forIt) authorize(actor, 'claims.approve', member, subject);
	const org = (
		await db
			.select({ id: organisations.id, name: organisations.name, sector: workspacePartners.sector })
			.from(workspacePartners)
			.innerJoin(organisations, eq(organisations.id, workspacePartners.organisationId))
			.where(
				and(
					eq(workspacePartners.workspaceId, workspace.id),
					eq(workspacePartners.organisationId, organisationId)
				)
			)
	)[0];
	if (!org || org.sector !== 'vcse') throw new NotFound();
	const rows = await db
		.select({
			claim: claims,
			meeting: { id: meetings.id, title: meetings.title, startsAt: meetings.startsAt }
		})
		.from(claims)
		.innerJoin(meetings, eq(meetings.id, claims.meetingId))
		.where(
			and(
				eq(claims.workspaceId, workspace.id),
				eq(claims.kind, 'organisation'),
				eq(claims.organisationId, organisationId)
			)
		);
	const lines = rows
		.filter((r) => quarterOf(zonedDay(r.meeting.startsAt, workspace.timeZone)) === quarter)
		.sort((a, b) => a.meeting.startsAt - b.meeting.startsAt)
		.map((r) => ({
			meeting: r.meeting.title,
			date: zonedDay(r.meeting.startsAt, workspace.timeZone),
			staff: r.claim.staff,
			minutes: r.claim.minutes,
			duePence: r.claim.duePence,
			expensesPence: r.claim.expensesPence,
			totalPence: r.claim.totalPence,
			status: r.claim.status,
			paidOn: r.claim.paidOn
		}));
	const sum = (f: (l: (typeof lines)[number]) => number, only?: (l: (typeof lines)[number]) => boolean) =>
		lines.filter(only ?? (() => true)).reduce((a, l) => a + f(l), 0);
	return {
		workspace,
		organisation: { id: org.id, name: org.name },
		quarter,
		lines,
		totalPence: sum(
			(l) => l.totalPence,
			(l) => l.status !== 'rejected'
		),
		paidPence: sum(
			(l) => l.totalPence,
			(l) => l.status === 'paid'
		)
	};
}

/** One claim as the API answers it. */
export async function readClaim(actor: Actor, claimId: string) {
	const { db, claim, workspace } = await claimFor(actor, claimId);
	const row = (await repo.listClaims(db, workspace.id)).find((r) => r.claim.id === claim.id)!;
	return await claimJson(db, row, workspace);
}

/** A policy version as the API answers it. */
export function policyJson(v: repo.PolicyRow) {
	return {
		id: v.id,
		...v.terms,
		retentionYears: v.retentionYears,
		decisionId: v.decisionId,
		documentVersionId: v.documentVersionId,
		note: v.note,
		createdBy: v.createdBy,
		createdAt: isoUtc(v.createdAt)
	};
}

/** A person's own claims in every workspace, newest meeting first (their start page; guests have no other). */
export async function personalClaims(actor: Actor) {
	if (!actor.user) return [];
	const rows = await repo.claimsWithMeetingsOf(getDb(), actor.user.id);
	return rows
		.filter((r) => tokenReaches(actor.token, r.claim.workspaceId))
		.map((r) => ({
			id: r.claim.id,
			status: r.claim.status,
			meetingTitle: r.meeting.title,
			startsAt: r.meeting.startsAt,
			workspace: { name: r.workspaceName, timeZone: r.timeZone }
		}));
}
