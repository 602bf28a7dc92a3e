// Jobs the mail worker runs and an administrator's erasure: claims overdue are flagged to approvers weekly;
// paid claims lose their personal fields and receipts once the workspace's retention period (six years by
// default) has passed, keeping their amounts for the figures; an administrator may erase a person's sooner.
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { transaction, type DB } from '../db/index.ts';
import { claimEvents, claimExpenses, claims, workspaces } from '../db/schema/index.ts';
import { authorize } from '../policy/index.ts';
import { requireUser, type Actor } from '../access.ts';
import { NotFound } from '../errors.ts';
import { addDays, waiting, zonedDay } from '../../domain/ledger.ts';
import { sendOverdueMail } from '../mail/claims.ts';
import { ledgerAccess } from './commands.ts';
import * as repo from './repository.ts';
import type { Claim } from './repository.ts';

export const WEEK_MS = 7 * 24 * 60 * 60_000;

/** A claim's waiting in the workspace's calendar days, by its own policy version's timescale. */
export async function waitingOf(db: DB, claim: Claim, timeZone: string, now = Date.now()) {
	if (claim.firstSubmittedAt === null || claim.status === 'rejected' || claim.status === 'draft') return null;
	const policy = await repo.findPolicy(db, claim.policyId);
	return waiting(
		{ firstSubmittedAt: claim.firstSubmittedAt, paidOn: claim.paidOn },
		policy?.terms.timescaleDays ?? 0,
		now,
		timeZone
	);
}

/** The workspace's unpaid claims past the timescale. */
export async function overdueClaims(db: DB, workspaceId: string, timeZone: string, now = Date.now()) {
	const open = await db
		.select()
		.from(claims)
		.where(
			and(
				eq(claims.workspaceId, workspaceId),
				inArray(claims.status, ['submitted', 'queried', 'approved']),
				isNotNull(claims.firstSubmittedAt)
			)
		);
	const out: Claim[] = [];
	for (const c of open) if ((await waitingOf(db, c, timeZone, now))?.overdue) out.push(c);
	return out;
}

/** Emails each workspace's approvers, at most weekly, while any of its claims is overdue. */
export async function runOverdueNotices(db: DB, now = Date.now()): Promise<number> {
	let sent = 0;
	const spaces = await db
		.selectDistinct({
			id: workspaces.id,
			slug: workspaces.slug,
			name: workspaces.name,
			timeZone: workspaces.timeZone,
			isDemo: workspaces.isDemo
		})
		.from(workspaces)
		.innerJoin(claims, eq(claims.workspaceId, workspaces.id))
		.where(inArray(claims.status, ['submitted', 'queried', 'approved']));
	for (const ws of spaces) {
		if (ws.isDemo) continue;
		const overdue = await overdueClaims(db, ws.id, ws.timeZone, now);
		if (!overdue.length) continue;
		const last = await repo.lastOverdueNotice(db, ws.id);
		if (last !== null && now - last < WEEK_MS) continue;
		const done = await transaction(db, async (tx) => {
			// Another process may have sent this week's notice meanwhile (two workers while the job lease
			// changes hands): the time of the last one is read again under the write lock.
			if ((await repo.lastOverdueNotice(tx, ws.id)) !== last) return false;
			await sendOverdueMail(
				tx,
				{ workspace: ws, overdue: overdue.length, to: await repo.approvers(tx, ws.id) },
				now
			);
			await repo.setOverdueNotice(tx, ws.id, now);
			return true;
		});
		if (done) sent++;
	}
	return sent;
}

/** Clears a claim's personal fields and receipts, keeping its amounts, dates and status for the figures. */
export async function eraseClaim(db: DB, claim: Claim, by: string | null, now: number): Promise<void> {
	await repo.updateClaim(db, claim.id, {
		name: '',
		claimantId: null,
		paymentReference: null,
		question: null,
		rejectedReason: null,
		approvedByName: null,
		erasedAt: now,
		updatedAt: now
	});
	await db
		.update(claimExpenses)
		.set({ description: '', receipt: null, receiptName: null, receiptType: null })
		.where(eq(claimExpenses.claimId, claim.id));
	await db.update(claimEvents).set({ text: '' }).where(eq(claimEvents.claimId, claim.id));
	await repo.addEvent(db, { claimId: claim.id, kind: 'erased', actorId: by, at: now });
}

/**
 * Erases the personal data of paid claims whose retention period has passed (years after the payment date,
 * as the workspace's latest policy version says). Returns how many were erased.
 */
export async function runRetention(db: DB, now = Date.now()): Promise<number> {
	const paid = await db
		.select({ claim: claims, timeZone: workspaces.timeZone })
		.from(claims)
		.innerJoin(workspaces, eq(workspaces.id, claims.workspaceId))
		.where(and(eq(claims.status, 'paid'), isNull(claims.erasedAt)));
	const years = new Map<string, number>();
	let n = 0;
	for (const { claim, timeZone } of paid) {
		if (!years.has(claim.workspaceId)) {
			const versions = await repo.policyVersions(db, claim.workspaceId);
			years.set(claim.workspaceId, versions.at(-1)?.retentionYears ?? 6);
		}
		const keepUntil = addYears(claim.paidOn!, years.get(claim.workspaceId)!);
		if (zonedDay(now, timeZone) <= keepUntil) continue;
		await transaction(db, (tx) => eraseClaim(tx, claim, null, now));
		n++;
	}
	return n;
}

/** A date some years later (29 February becomes 1 March). */
export function addYears(day: string, years: number): string {
	const y = Number(day.slice(0, 4)) + years;
	const candidate = `${y}${day.slice(4)}`;
	return addDays(candidate.replace(/-02-29$/, '-02-28'), day.endsWith('-02-29') ? 1 : 0);
}

/** An administrator erases every claim of a person in the workspace now (their personal data; amounts stay). */
export async function eraseClaimant(actor: Actor, workspaceIdOrSlug: string, userId: string) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.erase', member, subject);
	const by = requireUser(actor).id;
	const theirs = await db
		.select()
		.from(claims)
		.where(and(eq(claims.workspaceId, workspace.id), eq(claims.claimantId, userId), isNull(claims.erasedAt)));
	if (!theirs.length) throw new NotFound('This person has no claims here.');
	const now = Date.now();
	await transaction(db, async (tx) => {
		for (const c of theirs) await eraseClaim(tx, c, by, now);
	});
	return { erased: theirs.length };
}
