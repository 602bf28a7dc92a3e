// One function per thing done in the involvement ledger: record a version of the payment policy, give
// "approves claims", draft claims from attendance, add expenses and receipts, decline or take less, submit,
// answer a query; approve, query, reject, mark paid; export a batch; erase personal data. Each checks the
// policy (src/lib/server/policy/claims.ts), refuses with a domain error, and returns plain data.
import { getDb, transaction, type DB } from '../db/index.ts';
import { loadWorkspace, requireUser, type Actor, type Workspace } from '../access.ts';
import { authorize } from '../policy/index.ts';
import type { ClaimSubject } from '../policy/claims.ts';
import type { Membership } from '../policy/rules.ts';
import { Conflict, DomainError, Invalid, NotFound } from '../errors.ts';
import { readInput } from '../fields.ts';
import { getMembership } from '../workspaces/repository.ts';
import { findWorkspace } from '../workspaces/repository.ts';
import { tokenReaches } from '../auth/tokens.ts';
import { getUser } from '../users.ts';
import { sendClaimMail, type ClaimChange } from '../mail/claims.ts';
import {
	costRecoveryLines,
	expenseTotals,
	involvementLines,
	termsInForce,
	zonedDay,
	type PayLine
} from '../../domain/ledger.ts';
import { sumPence } from '../../domain/money.ts';
import * as repo from './repository.ts';
import type { Claim, PolicyRow } from './repository.ts';
import {
	answerInput,
	approverInput,
	expenseInput,
	MAX_RECEIPT_BYTES,
	paidInput,
	policyInput,
	queryInput,
	rejectInput,
	submitInput,
	takeInput
} from './schemas.ts';
import { documentVersions, decisions } from '../db/schema/index.ts';
import { and, eq } from 'drizzle-orm';

/** The actor in a workspace, as the claim rules see them (without a particular claim). */
export async function ledgerAccess(actor: Actor, workspaceIdOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor, workspaceIdOrSlug).catch(async (e) => {
		// A site administrator reaches any workspace's claims (to erase personal data), member or not.
		const found = actor.user?.isAdmin ? await findWorkspace(db, workspaceIdOrSlug) : undefined;
		if (!found || !tokenReaches(actor.token, found.id)) throw e;
		return { workspace: found, member: null };
	});
	const subject: ClaimSubject = {
		visibility: workspace.visibility,
		approver: !!member && !!actor.user && (await repo.isGrantedApprover(db, workspace.id, actor.user.id)),
		own: false,
		admin: !!actor.user?.isAdmin
	};
	return { db, workspace, member, subject };
}

// ── Policy ──

/**
 * Records a new version of the workspace's payment policy (facilitators): in force from its day, with who
 * recorded it, the adopting decision and the adopted policy document version. Submitted claims keep theirs.
 */
export async function setPolicy(actor: Actor, workspaceIdOrSlug: string, input: unknown): Promise<PolicyRow> {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.setPolicy', member, subject);
	const { decisionId, documentVersionId, note, retentionYears, ...terms } = readInput(policyInput, input);
	if (decisionId) {
		const found = await db
			.select({ id: decisions.id })
			.from(decisions)
			.where(and(eq(decisions.id, decisionId), eq(decisions.workspaceId, workspace.id)))
			.limit(1);
		if (!found.length)
			throw new Invalid('decisionId: No such decision in this workspace.', {
				decisionId: 'Choose a decision of this workspace.'
			});
	}
	if (documentVersionId) {
		const found = await db
			.select({ id: documentVersions.id })
			.from(documentVersions)
			.where(eq(documentVersions.id, documentVersionId))
			.limit(1);
		if (!found.length)
			throw new Invalid('documentVersionId: No such document version.', {
				documentVersionId: 'Choose a named version of the involvement policy.'
			});
	}
	const row = await repo.insertPolicy(db, {
		workspaceId: workspace.id,
		effectiveFrom: terms.effectiveFrom,
		terms,
		retentionYears,
		decisionId: decisionId ?? null,
		documentVersionId: documentVersionId ?? null,
		note,
		createdBy: requireUser(actor).id,
		createdAt: Date.now()
	});
	await refreshDrafts(db, workspace);
	return row;
}

/** Gives a member "approves claims", or takes it away (facilitators). */
export async function setApprover(actor: Actor, workspaceIdOrSlug: string, input: unknown) {
	const { db, workspace, member, subject } = await ledgerAccess(actor, workspaceIdOrSlug);
	authorize(actor, 'claims.grantApprover', member, subject);
	const { userId, approves } = readInput(approverInput, input);
	if (!(await getMembership(db, workspace.id, userId)))
		throw new Invalid('userId: Not a member of this workspace.', { userId: 'Choose a member.' });
	await repo.setApprover(db, workspace.id, userId, approves, requireUser(actor).id);
	return { userId, approves };
}

// ── Drafting from attendance ──

type Eligible = {
	kind: 'individual' | 'organisation';
	invitationId: string | null;
	claimantId: string | null;
	organisationId: string | null;
	name: string;
	levelKey: string | null;
	levelName: string;
	staff: number;
	lines: PayLine[];
};

/**
 * Drafts (or brings up to date) the claims of every ended meeting of the workspace from its attendance and the
 * policy version in force on its day: a person present as an individual at a level; a VCSE partner for its
 * staff present; nobody for a statutory partner. Only drafts change: a submitted claim keeps its figures.
 */
export async function refreshDrafts(db: DB, workspace: Workspace, now = Date.now()): Promise<void> {
	const versions = await repo.policyVersions(db, workspace.id);
	if (!versions.length) return;
	for (const meeting of await repo.endedMeetings(db, workspace.id, now)) {
		const policy = termsInForce(versions, zonedDay(meeting.startsAt, workspace.timeZone));
		if (!policy) continue;
		const minutes = Math.round((meeting.endsAt - meeting.startsAt) / 60_000);
		const present = await repo.presentRows(db, meeting.id, workspace.id);
		const eligible: Eligible[] = [];
		for (const p of present) {
			if (p.organisationId !== null || !p.level) continue;
			const level = policy.terms.levels.find((l) => l.key === p.level);
			if (!level) continue;
			eligible.push({
				kind: 'individual',
				invitationId: p.invitationId,
				claimantId: p.userId,
				organisationId: null,
				name: p.name,
				levelKey: level.key,
				levelName: level.name,
				staff: 1,
				lines: involvementLines(policy.terms, level, minutes)
			});
		}
		const staff = new Map<string, { name: string; n: number }>();
		for (const p of present)
			if (p.organisationId && p.sector === 'vcse')
				staff.set(p.organisationId, {
					name: p.organisationName ?? '',
					n: (staff.get(p.organisationId)?.n ?? 0) + 1
				});
		for (const [organisationId, s] of staff)
			eligible.push({
				kind: 'organisation',
				invitationId: null,
				claimantId: null,
				organisationId,
				name: s.name,
				levelKey: null,
				levelName: 'Cost recovery',
				staff: s.n,
				lines: costRecoveryLines(policy.terms, s.n, minutes)
			});
		await transaction(db, async (tx) => {
			const existing = await repo.claimsOfMeeting(tx, meeting.id);
			const keyOf = (c: { kind: string; invitationId: string | null; organisationId: string | null }) =>
				c.kind === 'individual' ? `i:${c.invitationId}` : `o:${c.organisationId}`;
			const byKey = new Map(existing.map((c) => [keyOf(c), c]));
			const stillEligible = new Set(eligible.map(keyOf));
			for (const c of existing)
				if (c.status === 'draft' && !stillEligible.has(keyOf(c))) await repo.deleteClaim(tx, c.id);
			for (const e of eligible) {
				const due = sumPence(e.lines.map((l) => l.pence));
				const found = byKey.get(keyOf(e));
				if (!found) {
					await repo.insertClaim(tx, {
						workspaceId: workspace.id,
						meetingId: meeting.id,
						kind: e.kind,
						invitationId: e.invitationId,
						claimantId: e.claimantId,
						organisationId: e.organisationId,
						name: e.name,
						policyId: policy.id,
						levelKey: e.levelKey,
						levelName: e.levelName,
						minutes,
						staff: e.staff,
						lines: e.lines,
						duePence: due,
						claimedPence: due,
						expensesPence: 0,
						expensesByCategory: {},
						totalPence: due,
						createdAt: now,
						updatedAt: now
					});
					continue;
				}
				if (found.status !== 'draft' || found.erasedAt) {
					// A guest who made their account after the claim was drafted becomes its claimant.
					if (!found.claimantId && e.claimantId && !found.erasedAt)
						await repo.updateClaim(tx, found.id, { claimantId: e.claimantId });
					continue;
				}
				const took = found.declined ? 0 : found.claimedPence === found.duePence ? due : found.claimedPence;
				const claimed = Math.min(took, due);
				await repo.updateClaim(tx, found.id, {
					claimantId: e.claimantId ?? found.claimantId,
					name: e.name,
					policyId: policy.id,
					levelKey: e.levelKey,
					levelName: e.levelName,
					minutes,
					staff: e.staff,
					lines: e.lines,
					duePence: due,
					claimedPence: claimed,
					totalPence: claimed + found.expensesPence,
					updatedAt: now
				});
			}
		});
	}
}

// ── One claim ──

/** Whether a claim is the actor's: theirs as a person, or their organisation's (they act for it here). */
export function isOwn(claim: Claim, userId: string | null, member: Membership | null): boolean {
	if (!userId) return false;
	if (claim.kind === 'individual') return claim.claimantId === userId;
	return !!member && member.organisationId !== null && member.organisationId === claim.organisationId;
}

/** A claim the actor may see (404 otherwise), with its workspace, their membership and the rule's subject. */
export async function claimFor(actor: Actor, claimId: string, workspaceParam?: string) {
	const db = getDb();
	const claim = await repo.findClaim(db, claimId);
	if (!claim) throw new NotFound();
	const workspace = await findWorkspace(db, claim.workspaceId);
	if (!workspace || !tokenReaches(actor.token, workspace.id)) throw new NotFound();
	if (workspaceParam !== undefined && workspace.slug !== workspaceParam && workspace.id !== workspaceParam)
		throw new NotFound();
	const member = actor.user ? await getMembership(db, workspace.id, actor.user.id) : null;
	const subject: ClaimSubject = {
		visibility: workspace.visibility,
		approver: !!member && !!actor.user && (await repo.isGrantedApprover(db, workspace.id, actor.user.id)),
		own: isOwn(claim, actor.user?.id ?? null, member),
		admin: !!actor.user?.isAdmin
	};
	authorize(actor, 'claim.see', member, subject);
	return { db, claim, workspace, member, subject };
}

async function claimToEdit(actor: Actor, claimId: string, workspace?: string) {
	const access = await claimFor(actor, claimId, workspace);
	authorize(actor, 'claim.edit', access.member, access.subject);
	return access;
}

async function claimToDecide(actor: Actor, claimId: string, workspace?: string) {
	const access = await claimFor(actor, claimId, workspace);
	authorize(actor, 'claim.decide', access.member, access.subject);
	return access;
}

function expectStatus(claim: Claim, allowed: Claim['status'][], doing: string) {
	if (claim.erasedAt) throw new Conflict('This claim’s personal data was erased.');
	if (!allowed.includes(claim.status))
		throw new Conflict(`A ${claim.status} claim cannot be ${doing}.`, 'claim_status');
}

/** The people a claim's news goes to: its claimant, or the members acting for its organisation. */
async function claimantsOf(db: DB, claim: Claim) {
	if (claim.kind === 'individual') {
		const u = claim.claimantId ? await getUser(db, claim.claimantId) : undefined;
		return u ? [{ id: u.id, email: u.email, name: u.name }] : [];
	}
	return claim.organisationId
		? await repo.organisationMembers(db, claim.workspaceId, claim.organisationId)
		: [];
}

async function tell(
	db: DB,
	change: ClaimChange,
	claim: Claim,
	workspace: Workspace,
	to: 'claimant' | 'approvers'
) {
	const meeting = (await repo.listClaims(db, workspace.id)).find((r) => r.claim.id === claim.id)?.meeting;
	let people = to === 'claimant' ? await claimantsOf(db, claim) : await repo.approvers(db, workspace.id);
	if (to === 'approvers') {
		const own = new Set((await claimantsOf(db, claim)).map((p) => p.id));
		people = people.filter((p) => !own.has(p.id));
	}
	await sendClaimMail(db, {
		change,
		claimId: claim.id,
		meetingTitle: meeting?.title ?? 'a meeting',
		workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
		to: people
	});
}

/** Recomputes a claim's expenses from its rows and its policy version's categories (caps per claim). */
async function recomputeExpenses(db: DB, claim: Claim): Promise<Claim> {
	const policy = await repo.findPolicy(db, claim.policyId);
	const rows = await repo.expensesOf(db, claim.id);
	const { byCategory, totalPence } = expenseTotals(policy?.terms.expenseCategories ?? [], rows);
	return await repo.updateClaim(db, claim.id, {
		expensesByCategory: byCategory,
		expensesPence: totalPence,
		totalPence: claim.claimedPence + totalPence,
		updatedAt: Date.now()
	});
}

/** Whether and how much of the involvement payment the claimant takes (all, less, none). */
export async function setTake(actor: Actor, claimId: string, input: unknown, workspace?: string) {
	const { db, claim } = await claimToEdit(actor, claimId, workspace);
	expectStatus(claim, ['draft', 'queried'], 'changed');
	const t = readInput(takeInput, input);
	const claimed = t.take === 'all' ? claim.duePence : t.take === 'none' ? 0 : t.amountPence!;
	if (claimed > claim.duePence)
		throw new Invalid('amountPence: You can take less than the payment, not more.', {
			amountPence: 'You can take less than the payment, not more.'
		});
	return await repo.updateClaim(db, claim.id, {
		claimedPence: claimed,
		declined: t.take === 'none',
		totalPence: claimed + claim.expensesPence,
		updatedAt: Date.now()
	});
}

/** What a receipt's first bytes say it is: an image a browser shows, or a PDF; null for anything else. */
export function receiptType(bytes: Uint8Array): string | null {
	const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x);
	if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
	if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
	if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === 'WEBP')
		return 'image/webp';
	if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
	return null;
}

export type Receipt = { name: string; bytes: Uint8Array };

/** Adds an expense, with its receipt if any (an image or a PDF of at most 5 MB). */
export async function addExpense(
	actor: Actor,
	claimId: string,
	input: unknown,
	receipt: Receipt | null,
	workspace?: string
) {
	const { db, claim } = await claimToEdit(actor, claimId, workspace);
	expectStatus(claim, ['draft', 'queried'], 'changed');
	const e = readInput(expenseInput, input);
	const policy = await repo.findPolicy(db, claim.policyId);
	const category = policy?.terms.expenseCategories.find((c) => c.key === e.category);
	if (!category)
		throw new Invalid('category: Not an expense category of the policy.', {
			category: 'Choose a category of the policy.'
		});
	if (category.basis === 'per_mile' && !e.tenthsOfMile)
		throw new Invalid('tenthsOfMile: Give the distance.', { miles: 'Give the distance in miles.' });
	if (category.basis === 'at_cost' && !e.amountPence)
		throw new Invalid('amountPence: Give the amount.', { amount: 'Give the amount.' });
	let type: string | null = null;
	if (receipt && receipt.bytes.length > 0) {
		if (receipt.bytes.length > MAX_RECEIPT_BYTES)
			throw new DomainError(
				'too_large',
				'A receipt may be at most 5 MB. Take a smaller photo or scan.',
				'receipt_too_large',
				{ receipt: 'A receipt may be at most 5 MB.' }
			);
		type = receiptType(receipt.bytes);
		if (!type)
			throw new Invalid(
				'receipt: A receipt must be a photo (JPEG, PNG, GIF or WebP) or a PDF.',
				{ receipt: 'A receipt must be a photo (JPEG, PNG, GIF or WebP) or a PDF.' },
				'receipt_type'
			);
	}
	return await transaction(db, async (tx) => {
		const row = await repo.insertExpense(tx, {
			claimId: claim.id,
			category: category.key,
			description: e.description,
			amountPence: category.basis === 'per_mile' ? 0 : e.amountPence!,
			tenthsOfMile: category.basis === 'per_mile' ? e.tenthsOfMile! : null,
			receiptName: type ? receipt!.name.slice(0, 200) || 'receipt' : null,
			receiptType: type,
			receipt: type ? Buffer.from(receipt!.bytes) : null,
			createdAt: Date.now()
		});
		await recomputeExpenses(tx, claim);
		return row;
	});
}

export async function removeExpense(actor: Actor, claimId: string, expenseId: string, workspace?: string) {
	const { db, claim } = await claimToEdit(actor, claimId, workspace);
	expectStatus(claim, ['draft', 'queried'], 'changed');
	await transaction(db, async (tx) => {
		if (!(await repo.deleteExpense(tx, claim.id, expenseId))) throw new NotFound();
		await recomputeExpenses(tx, claim);
	});
}

/** Submits a draft (the benefits notice read); the first submission starts the payment timescale. */
export async function submitClaim(actor: Actor, claimId: string, input: unknown, workspace?: string) {
	const { db, claim, workspace: ws } = await claimToEdit(actor, claimId, workspace);
	expectStatus(claim, ['draft'], 'submitted');
	readInput(submitInput, input);
	const now = Date.now();
	const by = requireUser(actor).id;
	const updated = await transaction(db, async (tx) => {
		const row = await repo.updateClaim(tx, claim.id, {
			status: 'submitted',
			claimantId: claim.kind === 'individual' ? claim.claimantId : claim.claimantId,
			noticeSeenAt: now,
			firstSubmittedAt: claim.firstSubmittedAt ?? now,
			submittedAt: now,
			updatedAt: now
		});
		await repo.addEvent(tx, { claimId: claim.id, kind: 'submitted', actorId: by, at: now });
		return row;
	});
	await tell(db, 'submitted', updated, ws, 'approvers');
	return updated;
}

/** The claimant answers an approver's question; the claim goes back for approval. */
export async function answerQuery(actor: Actor, claimId: string, input: unknown, workspace?: string) {
	const { db, claim, workspace: ws } = await claimToEdit(actor, claimId, workspace);
	expectStatus(claim, ['queried'], 'answered');
	const { answer } = readInput(answerInput, input);
	const now = Date.now();
	const updated = await transaction(db, async (tx) => {
		await repo.addEvent(tx, {
			claimId: claim.id,
			kind: 'answered',
			actorId: requireUser(actor).id,
			text: answer,
			at: now
		});
		return await repo.updateClaim(tx, claim.id, {
			status: 'submitted',
			question: null,
			submittedAt: now,
			updatedAt: now
		});
	});
	await tell(db, 'answered', updated, ws, 'approvers');
	return updated;
}

async function decide(
	actor: Actor,
	claimId: string,
	workspace: string | undefined,
	from: Claim['status'][],
	doing: string,
	change: ClaimChange,
	patch: (claim: Claim, now: number, user: { id: string; name: string }, timeZone: string) => Partial<Claim>,
	eventText = ''
) {
	const { db, claim, workspace: ws } = await claimToDecide(actor, claimId, workspace);
	expectStatus(claim, from, doing);
	const user = requireUser(actor);
	const now = Date.now();
	const updated = await transaction(db, async (tx) => {
		await repo.addEvent(tx, { claimId: claim.id, kind: change, actorId: user.id, text: eventText, at: now });
		return await repo.updateClaim(tx, claim.id, {
			...patch(claim, now, user, ws.timeZone),
			updatedAt: now
		});
	});
	await tell(db, change, updated, ws, 'claimant');
	return updated;
}

export async function approveClaim(actor: Actor, claimId: string, workspace?: string) {
	return await decide(actor, claimId, workspace, ['submitted'], 'approved', 'approved', (_c, now, u) => ({
		status: 'approved',
		approvedBy: u.id,
		approvedByName: u.name,
		approvedAt: now
	}));
}

export async function queryClaim(actor: Actor, claimId: string, input: unknown, workspace?: string) {
	const { question } = readInput(queryInput, input);
	return await decide(
		actor,
		claimId,
		workspace,
		['submitted'],
		'queried',
		'queried',
		() => ({ status: 'queried', question }),
		question
	);
}

export async function rejectClaim(actor: Actor, claimId: string, input: unknown, workspace?: string) {
	const { reason } = readInput(rejectInput, input);
	return await decide(
		actor,
		claimId,
		workspace,
		['submitted', 'queried'],
		'rejected',
		'rejected',
		() => ({ status: 'rejected', rejectedReason: reason, question: null }),
		reason
	);
}

export async function markPaid(actor: Actor, claimId: string, input: unknown, workspace?: string) {
	const { paidOn, reference } = readInput(paidInput, input);
	return await decide(
		actor,
		claimId,
		workspace,
		['approved'],
		'marked paid',
		'paid',
		(c, now, u, zone) => {
			// Days as the workspace counts them (its time zone), as overdue is counted.
			if (paidOn < zonedDay(c.firstSubmittedAt ?? 0, zone))
				throw new Invalid('paidOn: The payment date cannot be before the claim was submitted.', {
					paidOn: 'The payment date cannot be before the claim was submitted.'
				});
			if (paidOn > zonedDay(now, zone))
				throw new Invalid('paidOn: The payment date cannot be in the future: mark it paid once it is.', {
					paidOn: 'The payment date cannot be in the future: mark it paid once it is.'
				});
			return { status: 'paid', paidOn, paymentReference: reference, paidBy: u.id };
		},
		reference
	);
}
