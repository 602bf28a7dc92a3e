/**
 * Publishing a decision record: from a closed vote (its snapshot goes into the record) or a consensus
 * decision, optionally superseding an earlier record (records are never edited), with its actions. The record
 * is appended to the workspace's register chain in the same write transaction as its rows (register/chain.ts).
 * No permission check here: the command (commands.ts) checks first; the demo data calls this directly.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	consultations,
	decisionConflicts,
	decisionOrganisations,
	decisions,
	documents
} from '../db/schema/index.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import * as register from '../register/chain.ts';
import { isPartner } from '../workspaces/partners.ts';
import * as adoption from './adoption.ts';
import { meetingForDecision } from '../meetings/queries.ts';
import { fromClosedVote } from './from-vote.ts';
import {
	findDecision,
	findVersion,
	findWorkspace,
	insertAction,
	memberIds,
	orgRefs,
	partnerIds,
	personOrganisation,
	personUser,
	userName,
	type Decision
} from './repository.ts';
import type { NewActionFields, PublishFields } from './schemas.ts';
import { formatAt, type JsonObject } from '../../domain/chain.ts';
import { todayIn } from '../../domain/action-dates.ts';
import type { DecisionPayload, PublishedVote } from '../../domain/register-record.ts';
import { checksForRegister } from '../checks/run.ts';
import { changesBearingOnVote } from '../governance/history.ts';
import { checkInstant, zonedInstant } from '../fields.ts';

function invalid(message: string): never {
	throw new Invalid(message);
}
function conflict(message: string): never {
	throw new Conflict(message);
}

/** Checks a new action against the workspace: a partner owns it, and it is not already overdue. */
export async function checkNewAction(
	db: DB,
	workspaceId: string,
	timeZone: string,
	a: NewActionFields,
	now = Date.now()
): Promise<void> {
	if (!(await isPartner(db, workspaceId, a.ownerOrganisationId)))
		invalid('The owner of an action must be a partner organisation of this workspace.');
	if (a.dueDate < todayIn(timeZone, now))
		invalid(`The due date ${a.dueDate} of a new action is in the past; choose today or a later date.`);
}

function readInstant(value: string | number | undefined, timeZone: string, label: string): number | null {
	if (value === undefined) return null;
	if (typeof value === 'number') return checkInstant(value, label);
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) {
		const ms = zonedInstant(value, timeZone, label);
		if (ms === null) invalid(`${label} is not a real time in ${timeZone}.`);
		return ms;
	}
	const ms = Date.parse(value);
	if (!Number.isFinite(ms) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(value))
		invalid(`${label} must be a date and time such as 2026-11-23T14:00:00Z.`);
	return checkInstant(ms, label);
}

/**
 * Publishes a decision record (and its actions) to the register, as `userId`. Facilitators only: checked by
 * the command (commands.ts `publishDecision`). From a vote: the vote must be closed; its snapshot (electorate, weights, ballots, rule,
 * figures) goes into the record. By consensus: outcome, time and organisations present are given.
 * A record that approves a document adopts the version it names (see adoption.ts): the document becomes
 * `decided`, its open consultations close, and its live text is set to that version through the live room.
 */
export async function publishDecisionAs(
	db: DB,
	workspaceId: string,
	input: PublishFields,
	userId: string,
	now = Date.now()
): Promise<Decision> {
	const decision = await publishRecord(db, workspaceId, input, userId, now);
	if (decision.outcome === 'approved' && decision.documentId && decision.documentVersionId) {
		try {
			await adoption.applyAdoptedText(
				db,
				decision.documentId,
				decision.documentVersionId,
				decision.method === 'vote' ? adoption.EDITS_DURING_THE_VOTE : adoption.EDITS_BEFORE_THE_DECISION
			);
		} catch (e) {
			// The record is published (and the document decided, so read-only): report it as published. The
			// next start-up sets the live text to the adopted version (adoption.upgradeDocuments).
			console.error(`decision ${decision.id}: the adopted text could not be applied yet:`, e);
		}
	}
	return decision;
}

async function publishRecord(
	db: DB,
	workspaceId: string,
	input: PublishFields,
	userId: string,
	now = Date.now()
): Promise<Decision> {
	const ws = await findWorkspace(db, workspaceId);
	if (!ws) throw new NotFound();
	if (!input.rationale) invalid('Give the rationale: why this was decided. The register publishes it.');
	const partners = await partnerIds(db, workspaceId);
	// A decision made at a meeting links it; left out, its attendees are those recorded present there.
	let attendeeInput = input.attendees;
	if (input.meetingId) {
		const at = await meetingForDecision(db, input.meetingId, workspaceId);
		if (!at) invalid('The meeting is not in this workspace.');
		if (at.meeting.status === 'cancelled') invalid('That meeting was cancelled: no decision was made at it.');
		// Names typed as proposed from the attendance keep their account and organisation.
		const byName = new Map(at.present.map((p) => [p.name, p]));
		attendeeInput = attendeeInput
			? attendeeInput.map((a) => {
					const p = byName.get(a.name);
					return p && !a.userId && !a.organisationId ? { ...a, ...p } : a;
				})
			: at.present;
	}

	let vote: PublishedVote | null = null;
	let outcome = input.outcome;
	let question = input.question ?? '';
	let decidedAt = readInstant(input.decidedAt, ws.timeZone, 'The time of the decision');
	let organisationIds = input.organisations ?? [];
	let documentId = input.documentId ?? null;
	let documentVersionId = input.documentVersionId ?? null;
	const personal: register.PreparedPersonal[] = [];

	if (input.method === 'vote') {
		const settled = await fromClosedVote(
			db,
			workspaceId,
			input,
			{ outcome, question, decidedAt, organisationIds, documentId, documentVersionId },
			personal,
			now
		);
		({ vote, outcome, question, decidedAt, organisationIds, documentId, documentVersionId } = settled);
	} else {
		if (!outcome) invalid('Choose the outcome of the decision.');
		if (!question) invalid('Give the question that was decided.');
		if (decidedAt === null) invalid('Give the date and time of the meeting where it was decided.');
		if (!organisationIds.length) invalid('Name at least one organisation that was present.');
	}
	if (decidedAt! > now + 60_000) invalid('The decision cannot be dated in the future.');
	organisationIds = [...new Set(organisationIds)];
	for (const id of organisationIds)
		if (!partners.has(id)) invalid('Every organisation named must be a partner of this workspace.');

	let document: DecisionPayload['document'] = null;
	/** A consensus decision on a document that names no version pins the document's text as it is now. */
	let pinNow = false;
	if (documentId) {
		const doc = one(await db.select().from(documents).where(eq(documents.id, documentId)).limit(1));
		if (!doc || doc.workspaceId !== workspaceId) invalid('The document is not in this workspace.');
		let version: { id: string; name: string; hash: string } | null = null;
		if (documentVersionId) {
			const v = await findVersion(db, doc.id, documentVersionId);
			if (!v) invalid('The document version is not one of the saved versions of that document.');
			if (input.documentVersionHash && input.documentVersionHash !== v.hash)
				invalid('The version hash given does not match the saved version.');
			version = { id: v.id, name: v.name, hash: v.hash };
		} else if (input.method === 'consensus') pinNow = true;
		document = { id: doc.id, title: doc.title, kind: doc.kind, version };
	}

	// Attendees and declared conflicts link only this workspace's members and partners; anyone else is
	// named in text, without a link to an account or organisation elsewhere.
	const members = await memberIds(db, workspaceId);
	// An id that names nobody at all is refused (422); one from elsewhere is kept as text only.
	const partnerRef = async (id: string | null | undefined) => {
		const org = await personOrganisation(db, id);
		return org && partners.has(org.id) ? org : undefined;
	};
	const memberRef = async (id: string | null | undefined) => {
		const user = await personUser(db, id);
		return user && members.has(user) ? user : null;
	};
	const attendees: string[] = [];
	for (const a of attendeeInput ?? []) {
		const org = await partnerRef(a.organisationId);
		const p = register.preparePersonal(
			{ role: 'attendee', name: a.name, ...(org ? { organisation: org.name } : {}) },
			await memberRef(a.userId)
		);
		personal.push(p);
		attendees.push(p.digest);
	}
	const conflictRows: { digest: string; organisationId: string | null }[] = [];
	for (const c of input.conflicts ?? []) {
		const org = await partnerRef(c.organisationId);
		const p = register.preparePersonal(
			{
				role: 'conflict',
				name: c.name,
				declaration: c.declaration,
				...(org ? { organisation: org.name } : {})
			},
			await memberRef(c.userId)
		);
		personal.push(p);
		conflictRows.push({ digest: p.digest, organisationId: org?.id ?? null });
	}

	const recordedBy = await userName(db, userId);
	if (recordedBy) personal.push(register.preparePersonal({ role: 'recorded_by', name: recordedBy }, userId));

	const dissentUntil = input.dissentDays > 0 ? now + input.dissentDays * 86_400_000 : null;
	const actionInputs = input.actions ?? [];
	for (const a of actionInputs) await checkNewAction(db, workspaceId, ws.timeZone, a, now);

	return await register.appendTransaction(db, async (tx) => {
		let superseded: Decision | null = null;
		if (input.supersedes) {
			superseded = await findDecision(tx, input.supersedes);
			if (!superseded || superseded.workspaceId !== workspaceId)
				invalid('The record to supersede is not in this workspace.');
			if (superseded.supersededById)
				conflict('That record has already been superseded; supersede the newest one.');
		}
		if (vote && !superseded) {
			const taken = one(
				await tx.select({ id: decisions.id }).from(decisions).where(eq(decisions.voteId, vote.id)).limit(1)
			);
			if (taken) conflict('A decision has just been published from this vote by someone else.');
		}
		if (document && pinNow) {
			const v = await adoption.pinCurrentText(tx, document.id, adoption.AS_DECIDED, now);
			document = { ...document, version: { id: v.id, name: v.name, hash: v.hash } };
		}
		if (document?.version)
			document = { ...document, checks: await checksForRegister(tx, document.id, document.version.id) };
		const id = newId();
		const actionIds = actionInputs.map(() => newId());
		const payload: DecisionPayload = {
			decision: id,
			title: input.title,
			question,
			outcome: outcome!,
			method: input.method,
			rationale: input.rationale,
			decidedAt: formatAt(decidedAt!),
			decidedWhere: input.decidedWhere,
			document,
			vote,
			...(vote
				? {
						governance: (
							await changesBearingOnVote(tx, workspaceId, {
								id: vote.id,
								openedAt: Date.parse(vote.openedAt),
								closedAt: Date.parse(vote.closedAt)
							})
						).map((c) => ({ at: formatAt(c.at), summary: c.summary }))
					}
				: {}),
			organisations: await orgRefs(tx, organisationIds),
			attendees,
			conflicts: conflictRows.map((c) => c.digest),
			dissentUntil: dissentUntil === null ? null : formatAt(dissentUntil),
			supersedes: superseded ? { decision: superseded.id, seq: superseded.registerSeq } : null,
			actions: actionIds,
			personal: personal.map((p) => p.digest)
		};
		const entry = await register.appendEntry(
			tx,
			workspaceId,
			'decision.published',
			payload as unknown as JsonObject,
			personal,
			now
		);
		await tx.insert(decisions).values({
			id,
			workspaceId,
			title: input.title,
			question,
			outcome: outcome!,
			method: input.method,
			voteId: vote && !superseded?.voteId ? vote.id : null,
			documentId: document?.id ?? null,
			documentTitle: document?.title ?? null,
			documentKind: document?.kind ?? null,
			documentVersionId: document?.version?.id ?? null,
			documentVersionHash: document?.version?.hash || null,
			rationale: input.rationale,
			decidedAt: decidedAt!,
			decidedWhere: input.decidedWhere,
			meetingId: input.meetingId ?? null,
			dissentUntil,
			supersedesId: superseded?.id ?? null,
			registerSeq: entry.seq,
			createdBy: userId,
			createdAt: now
		});
		for (const orgId of organisationIds)
			await tx.insert(decisionOrganisations).values({ decisionId: id, organisationId: orgId });
		for (const c of conflictRows)
			await tx
				.insert(decisionConflicts)
				.values({ id: newId(), decisionId: id, organisationId: c.organisationId, digest: c.digest });
		if (superseded) {
			await tx.update(decisions).set({ supersededById: id }).where(eq(decisions.id, superseded.id));
			await register.appendEntry(
				tx,
				workspaceId,
				'decision.superseded',
				{ decision: superseded.id, supersededBy: id, reason: input.supersedeReason ?? '' },
				[],
				now
			);
		}
		for (const [i, a] of actionInputs.entries())
			await insertAction(tx, workspaceId, { ...a, decisionId: id }, userId, now, actionIds[i]);
		const adopts = outcome === 'approved' && document?.version ? document : null;
		if (superseded?.documentId && superseded.documentVersionId && superseded.outcome === 'approved') {
			// A correction that does not approve that text again, when no other standing record approves it: it
			// is no longer adopted, and goes back to review. (The superseded record is marked superseded above.)
			const stillApproved = one(
				await tx
					.select({ id: decisions.id })
					.from(decisions)
					.where(
						and(
							eq(decisions.documentId, superseded.documentId),
							eq(decisions.documentVersionId, superseded.documentVersionId),
							eq(decisions.outcome, 'approved'),
							isNull(decisions.supersededById)
						)
					)
					.limit(1)
			);
			const sameAdoption =
				adopts?.id === superseded.documentId && adopts.version!.id === superseded.documentVersionId;
			if (!sameAdoption && !stillApproved) {
				const where = and(
					eq(documents.id, superseded.documentId),
					eq(documents.adoptedVersionId, superseded.documentVersionId)
				);
				await tx
					.update(documents)
					.set({ status: 'under_review', updatedAt: now })
					.where(and(where, eq(documents.status, 'decided')));
				await tx.update(documents).set({ adoptedVersionId: null }).where(where);
			}
		}
		if (adopts) {
			await tx
				.update(documents)
				.set({ status: 'decided', adoptedVersionId: adopts.version!.id, updatedAt: now })
				.where(eq(documents.id, adopts.id));
			await tx
				.update(consultations)
				.set({ closesAt: now })
				.where(and(eq(consultations.documentId, adopts.id), gt(consultations.closesAt, now)));
		}
		return (await findDecision(tx, id))!;
	});
}
