/**
 * Decision records: publish from a closed vote or record a consensus decision, supersede (records are
 * never edited), and dissenting statements. Every change is appended to the workspace's register chain
 * in the same write transaction as its rows (register.ts).
 */
import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	consultations,
	decisionConflicts,
	decisionOrganisations,
	decisions,
	dissents,
	documentVersions,
	documents,
	organisations,
	users,
	workspaceMembers,
	workspacePartners,
	workspaces
} from './db/schema/index.ts';
import type { Membership } from './access.ts';
import * as register from './register.ts';
import * as votes from './votes/lifecycle.ts';
import { getVote, listVotes } from './votes/repository.ts';
import { getClosedVoteSnapshot } from './votes/snapshot.ts';
import * as actionsModule from './actions.ts';
import * as adoption from './adoption.ts';
import { formatAt, type JsonObject } from '../domain/chain.ts';
import {
	OUTCOME_LABELS,
	OUTCOMES,
	publishedResult,
	type Outcome,
	type DecisionPayload,
	type OrganisationRef,
	type PublishedVote
} from '../domain/register-record.ts';
import { checkInstant, zonedInstant } from './fields.ts';

export type Decision = typeof decisions.$inferSelect;

export const MAX_TITLE = 200;
export const MAX_TEXT = 10_000;
export const MAX_DISSENT_DAYS = 90;

function invalid(message: string): never {
	error(422, { message, code: 'invalid' });
}
function conflict(message: string): never {
	error(409, { message, code: 'conflict' });
}
function notFound(): never {
	error(404, { message: 'Not found', code: 'not_found' });
}

const trimmed = (max: number, label: string) =>
	z.string().trim().max(max, `${label} may be at most ${max} characters.`);
const required = (max: number, label: string) => trimmed(max, label).min(1, `${label} is required.`);

/** An id that may be left out or null, but not blank. */
const optionalId = z.string().trim().min(1, 'Give an id, or leave the field out.').nullish();

/** A time given as RFC 3339, as milliseconds, or (forms) as the workspace's local "YYYY-MM-DDTHH:mm". */
const instant = z.union([z.string().trim().min(1), z.number().int()]);

export const publishInput = z
	.object({
		method: z.enum(['vote', 'consensus']),
		voteId: z.string().trim().optional(),
		title: required(MAX_TITLE, 'The title'),
		question: trimmed(2000, 'The question').optional(),
		outcome: z.enum(OUTCOMES).optional(),
		rationale: trimmed(MAX_TEXT, 'The rationale'),
		decidedAt: instant.optional(),
		decidedWhere: required(300, 'Where it was decided'),
		organisations: z.array(z.string().trim().min(1)).max(500).optional(),
		attendees: z
			.array(
				z.object({
					name: required(200, 'A name'),
					organisationId: optionalId,
					userId: optionalId
				})
			)
			.max(500)
			.optional(),
		conflicts: z
			.array(
				z.object({
					name: required(200, 'A name'),
					organisationId: optionalId,
					userId: optionalId,
					declaration: required(2000, 'The declared interest')
				})
			)
			.max(200)
			.optional(),
		documentId: z.string().trim().nullish(),
		documentVersionId: z.string().trim().max(100).nullish(),
		documentVersionHash: z
			.string()
			.trim()
			.regex(/^[0-9a-f]{64}$/, 'The version hash is 64 lower-case hex digits (SHA-256).')
			.nullish(),
		dissentDays: z.number().int().min(0).max(MAX_DISSENT_DAYS).default(14),
		actions: z.array(actionsModule.newActionFields).max(100).optional(),
		supersedes: z.string().trim().nullish(),
		supersedeReason: trimmed(2000, 'The reason for the correction').optional()
	})
	.strict();
export type PublishInput = z.input<typeof publishInput>;

export const dissentInput = z
	.object({
		statement: required(4000, 'The statement'),
		organisationId: z.string().trim().optional()
	})
	.strict();

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

async function workspaceOf(db: DB, workspaceId: string) {
	const ws = one(await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1));
	if (!ws) notFound();
	return ws;
}

async function orgRefs(db: DB, ids: string[]): Promise<OrganisationRef[]> {
	if (!ids.length) return [];
	const rows = await db
		.select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
		.from(organisations)
		.where(inArray(organisations.id, ids));
	const byId = new Map(rows.map((r) => [r.id, r]));
	return ids.map((id) => byId.get(id)).filter((r): r is OrganisationRef => !!r);
}

/** The organisation an attendee or a declared conflict names, if any; 422 for an unknown id. */
async function personOrganisation(
	db: DB,
	id: string | null | undefined
): Promise<OrganisationRef | undefined> {
	if (id === null || id === undefined) return undefined;
	const org = (await orgRefs(db, [id]))[0];
	if (!org) invalid(`Unknown organisation ${JSON.stringify(id.slice(0, 40))}.`);
	return org;
}

/** The account an attendee or a declared conflict names, if any; 422 for an unknown id. */
async function personUser(db: DB, id: string | null | undefined): Promise<string | null> {
	if (id === null || id === undefined) return null;
	const user = one(await db.select({ id: users.id }).from(users).where(eq(users.id, id)).limit(1));
	if (!user) invalid(`Unknown person (userId ${JSON.stringify(id.slice(0, 40))}).`);
	return user.id;
}

async function partnerIds(db: DB, workspaceId: string): Promise<Set<string>> {
	return new Set(
		(
			await db
				.select({ id: workspacePartners.organisationId })
				.from(workspacePartners)
				.where(eq(workspacePartners.workspaceId, workspaceId))
		).map((r) => r.id)
	);
}

async function memberIds(db: DB, workspaceId: string): Promise<Set<string>> {
	return new Set(
		(
			await db
				.select({ id: workspaceMembers.userId })
				.from(workspaceMembers)
				.where(eq(workspaceMembers.workspaceId, workspaceId))
		).map((r) => r.id)
	);
}

async function userName(db: DB, id: string | null | undefined): Promise<string | null> {
	if (!id) return null;
	return (
		one(await db.select({ name: users.name }).from(users).where(eq(users.id, id)).limit(1))?.name ?? null
	);
}

/**
 * Publishes a decision record (and its actions) to the register. Facilitators only (checked by the
 * caller). From a vote: the vote must be closed; its snapshot (electorate, weights, ballots, rule,
 * figures) goes into the record. By consensus: outcome, time and organisations present are given.
 * A record that approves a document adopts the version it names (see adoption.ts): the document becomes
 * `decided`, its open consultations close, and its live text is set to that version through the live room.
 */
export async function publishDecision(
	db: DB,
	workspaceId: string,
	input: z.infer<typeof publishInput>,
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
	input: z.infer<typeof publishInput>,
	userId: string,
	now = Date.now()
): Promise<Decision> {
	const ws = await workspaceOf(db, workspaceId);
	if (!input.rationale) invalid('Give the rationale: why this was decided. The register publishes it.');
	const partners = await partnerIds(db, workspaceId);

	let vote: PublishedVote | null = null;
	let outcome = input.outcome;
	let question = input.question ?? '';
	let decidedAt = readInstant(input.decidedAt, ws.timeZone, 'The time of the decision');
	let organisationIds = input.organisations ?? [];
	let documentId = input.documentId ?? null;
	let documentVersionId = input.documentVersionId ?? null;
	const personal: register.PreparedPersonal[] = [];

	if (input.method === 'vote') {
		if (!input.voteId) invalid('Choose the closed vote this decision comes from.');
		const row = await getVote(db, input.voteId);
		if (row.workspaceId !== workspaceId) notFound();
		if (votes.isDue(row, now)) await votes.catchUp(db, row.id, now);
		const current = await getVote(db, row.id);
		if (current.status !== 'closed')
			conflict(
				current.status === 'open'
					? 'This vote is still open: a decision can be published from it once it has closed.'
					: 'This vote has not opened yet: a decision can be published from it once it has closed.'
			);
		const existing = one(
			await db.select({ id: decisions.id }).from(decisions).where(eq(decisions.voteId, row.id)).limit(1)
		);
		if (existing && !input.supersedes)
			conflict(
				'A decision has already been published from this vote. To correct it, publish a record that supersedes it.'
			);
		const snap = await getClosedVoteSnapshot(db, row.id);
		const ballots = snap.ballots.map((b) => {
			let voter: string | null = null;
			let assistedBy: string | null = null;
			if (b.castBy) {
				const p = register.preparePersonal(
					{ role: 'voter', name: b.castBy.name, organisation: b.organisationName },
					b.castBy.userId
				);
				personal.push(p);
				voter = p.digest;
			}
			if (b.assistedBy) {
				const p = register.preparePersonal(
					{ role: 'assisted_by', name: b.assistedBy.name, organisation: b.organisationName },
					b.assistedBy.userId
				);
				personal.push(p);
				assistedBy = p.digest;
			}
			return {
				organisationId: b.organisationId,
				organisationName: b.organisationName,
				choice: b.choice,
				statement: b.statement,
				assisted: b.assisted,
				castAt: formatAt(b.castAt),
				voter,
				assistedBy
			};
		});
		vote = {
			id: snap.vote.id,
			question: snap.vote.question,
			openedAt: formatAt(snap.vote.openedAt),
			closedAt: formatAt(snap.vote.closedAt),
			closedReason: snap.vote.closedReason,
			rule: snap.rule,
			electorate: snap.electorate,
			ballots,
			result: publishedResult(snap.result)
		};
		// The outcome is the tally's, and the text adopted is the one put to the vote: neither is chosen here.
		const tallied = outcomeOfTally(snap.result);
		if (outcome && outcome !== tallied)
			invalid(
				`The vote ${snap.result.passes ? 'passed' : 'failed'}: a decision from it is ${OUTCOME_LABELS[tallied]}. ` +
					'A different outcome needs a new vote, or a consensus decision that supersedes this record.'
			);
		outcome = tallied;
		if (
			(documentId && documentId !== snap.vote.documentId) ||
			(documentVersionId && documentVersionId !== snap.vote.documentVersionId)
		)
			invalid(
				!snap.vote.documentId
					? 'This vote put no document to the vote: a decision from it cannot adopt one.'
					: snap.vote.documentVersionId
						? 'A decision from a vote adopts the version the vote pinned, and no other.'
						: 'This vote pinned no version of its document: a decision from it records the document and adopts no version.'
			);
		question ||= snap.vote.question;
		// When it was decided and who took part (and so may add a dissenting statement) are the vote's too.
		if (decidedAt !== null && decidedAt !== snap.vote.closedAt)
			invalid('A decision from a vote is dated when the vote closed: leave the time out.');
		decidedAt = snap.vote.closedAt;
		const voted = [...new Set(snap.ballots.map((b) => b.organisationId))];
		if (
			organisationIds.length &&
			(new Set(organisationIds).size !== voted.length || organisationIds.some((id) => !voted.includes(id)))
		)
			invalid(
				'The organisations that took part in a decision from a vote are the ones that voted: leave the list out.'
			);
		organisationIds = voted;
		documentId = snap.vote.documentId;
		documentVersionId = snap.vote.documentVersionId;
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
	for (const a of input.attendees ?? []) {
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
	for (const a of actionInputs) await actionsModule.checkNewAction(db, workspaceId, ws.timeZone, a, now);

	return await register.appendTransaction(db, async (tx) => {
		let superseded: Decision | null = null;
		if (input.supersedes) {
			superseded =
				one(await tx.select().from(decisions).where(eq(decisions.id, input.supersedes)).limit(1)) ?? null;
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
			await actionsModule.insertAction(tx, workspaceId, { ...a, decisionId: id }, userId, now, actionIds[i]);
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
		return one(await tx.select().from(decisions).where(eq(decisions.id, id)).limit(1))!;
	});
}

/**
 * Adds an organisation's dissenting statement: only an organisation recorded as taking part, only once,
 * and only until the record's dissent deadline. `member` acts for their organisation; a facilitator may
 * record a statement for any organisation that took part.
 */
export async function addDissent(
	db: DB,
	decisionId: string,
	member: Membership,
	input: z.infer<typeof dissentInput>,
	userId: string,
	now = Date.now()
) {
	const decision = await getDecision(db, decisionId);
	const organisationId =
		member.role === 'facilitator' && input.organisationId ? input.organisationId : member.organisationId;
	if (!organisationId)
		invalid('You do not act for an organisation in this workspace, so you cannot add a dissent.');
	if (member.role === 'observer')
		error(403, { message: 'Observers cannot add a dissent.', code: 'forbidden' });
	if (organisationId !== member.organisationId && member.role !== 'facilitator')
		error(403, { message: 'You can only add a dissent for your own organisation.', code: 'forbidden' });
	const tookPart = one(
		await db
			.select({ id: decisionOrganisations.organisationId })
			.from(decisionOrganisations)
			.where(
				and(
					eq(decisionOrganisations.decisionId, decisionId),
					eq(decisionOrganisations.organisationId, organisationId)
				)
			)
			.limit(1)
	);
	if (!tookPart)
		conflict('Only organisations that took part in this decision can add a dissenting statement.');
	if (decision.dissentUntil === null || now > decision.dissentUntil)
		conflict('The period for dissenting statements on this decision has ended.');
	const org = (await orgRefs(db, [organisationId]))[0];
	const author = await userName(db, userId);
	const personal = author
		? [register.preparePersonal({ role: 'dissent_author', name: author, organisation: org.name }, userId)]
		: [];
	return await register.appendTransaction(db, async (tx) => {
		const existing = one(
			await tx
				.select({ id: dissents.id })
				.from(dissents)
				.where(and(eq(dissents.decisionId, decisionId), eq(dissents.organisationId, organisationId)))
				.limit(1)
		);
		if (existing) conflict(`${org.name} has already added a dissenting statement to this decision.`);
		const id = newId();
		const entry = await register.appendEntry(
			tx,
			decision.workspaceId,
			'dissent.added',
			{
				decision: decisionId,
				dissent: id,
				organisation: org,
				statement: input.statement,
				author: personal[0]?.digest ?? null,
				personal: personal.map((p) => p.digest)
			},
			personal,
			now
		);
		await tx.insert(dissents).values({
			id,
			decisionId,
			workspaceId: decision.workspaceId,
			organisationId,
			statement: input.statement,
			registerSeq: entry.seq,
			createdBy: userId,
			createdAt: now
		});
		return { id, organisation: org, statement: input.statement, seq: entry.seq };
	});
}

/** A saved version of a document (name, SHA-256 of its rendered HTML, and its text). */
export async function findVersion(db: DB, documentId: string, versionId: string) {
	return (
		one(
			await db
				.select({
					id: documentVersions.id,
					name: documentVersions.name,
					hash: documentVersions.hash,
					text: documentVersions.text,
					createdAt: documentVersions.createdAt
				})
				.from(documentVersions)
				.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
				.limit(1)
		) ?? null
	);
}

/** Saved versions of the workspace's documents, newest first, for the publish form. */
export async function versionChoices(db: DB, workspaceId: string) {
	return await db
		.select({
			id: documentVersions.id,
			name: documentVersions.name,
			documentId: documents.id,
			documentTitle: documents.title
		})
		.from(documentVersions)
		.innerJoin(documents, eq(documents.id, documentVersions.documentId))
		.where(eq(documents.workspaceId, workspaceId))
		.orderBy(desc(documentVersions.createdAt))
		.limit(200);
}

/** The version decided by the latest earlier record about the same document, if it was a different version. */
export async function previousDecidedVersion(db: DB, d: Decision) {
	if (!d.documentId || !d.documentVersionId) return null;
	const earlier = (
		await db
			.select()
			.from(decisions)
			.where(and(eq(decisions.workspaceId, d.workspaceId), eq(decisions.documentId, d.documentId)))
			.orderBy(desc(decisions.registerSeq))
	).filter(
		(x) => x.registerSeq < d.registerSeq && x.documentVersionId && x.documentVersionId !== d.documentVersionId
	);
	const prev = earlier[0];
	if (!prev) return null;
	const v = await findVersion(db, d.documentId, prev.documentVersionId!);
	return v ? { decision: { id: prev.id, title: prev.title }, version: v } : null;
}

export async function findDecision(db: DB, id: string): Promise<Decision | null> {
	return one(await db.select().from(decisions).where(eq(decisions.id, id)).limit(1)) ?? null;
}

export async function getDecision(db: DB, id: string): Promise<Decision> {
	const d = one(await db.select().from(decisions).where(eq(decisions.id, id)).limit(1));
	if (!d) notFound();
	return d;
}

export type DecisionFilters = {
	kind?: string;
	outcome?: string;
	from?: number;
	to?: number;
	q?: string;
};

/** Decisions of a workspace, newest first, filtered by document kind, outcome, date range and text. */
export async function listDecisions(
	db: DB,
	workspaceId: string,
	f: DecisionFilters = {}
): Promise<Decision[]> {
	const rows = await db
		.select()
		.from(decisions)
		.where(eq(decisions.workspaceId, workspaceId))
		.orderBy(desc(decisions.decidedAt), desc(decisions.registerSeq));
	const q = f.q?.trim().toLowerCase();
	return rows.filter(
		(d) =>
			(!f.kind || (f.kind === 'none' ? !d.documentKind : d.documentKind === f.kind)) &&
			(!f.outcome || d.outcome === f.outcome) &&
			(f.from === undefined || d.decidedAt >= f.from) &&
			(f.to === undefined || d.decidedAt < f.to) &&
			(!q ||
				[d.title, d.question, d.rationale, d.decidedWhere, d.documentTitle ?? ''].some((t) =>
					t.toLowerCase().includes(q)
				))
	);
}

export async function decisionOrganisationIds(db: DB, decisionId: string): Promise<string[]> {
	return (
		await db
			.select({ id: decisionOrganisations.organisationId })
			.from(decisionOrganisations)
			.where(eq(decisionOrganisations.decisionId, decisionId))
	).map((r) => r.id);
}

export async function listDissents(db: DB, decisionId: string) {
	return await db
		.select({
			id: dissents.id,
			organisationId: dissents.organisationId,
			organisationName: organisations.name,
			statement: dissents.statement,
			registerSeq: dissents.registerSeq,
			createdAt: dissents.createdAt
		})
		.from(dissents)
		.innerJoin(organisations, eq(organisations.id, dissents.organisationId))
		.where(eq(dissents.decisionId, decisionId))
		.orderBy(asc(dissents.createdAt));
}

/** The closed votes of a workspace that have no decision record yet. */
export async function publishableVotes(db: DB, workspaceId: string) {
	const published = new Set(
		(
			await db
				.select({ voteId: decisions.voteId })
				.from(decisions)
				.where(eq(decisions.workspaceId, workspaceId))
		).map((r) => r.voteId)
	);
	return (await listVotes(db, workspaceId))
		.filter((v) => !published.has(v.id))
		.map((v) => ({
			id: v.id,
			question: v.question,
			status: v.status,
			closedAt: v.closedAt,
			passes: v.status === 'closed' && v.result ? v.result.passes : null,
			outcome: v.status === 'closed' && v.result ? outcomeOfTally(v.result) : null
		}));
}

/** The outcome of a decision from a closed vote: the tally's, never chosen by hand. */
export function outcomeOfTally(result: { passes: boolean }): Outcome {
	return result.passes ? 'approved' : 'rejected';
}

/** A decision as the API and the JSON export show it (the register entry holds the full record). */
export function serializeDecision(d: Decision) {
	return {
		id: d.id,
		workspaceId: d.workspaceId,
		title: d.title,
		question: d.question,
		outcome: d.outcome,
		method: d.method,
		voteId: d.voteId,
		document: d.documentId
			? {
					id: d.documentId,
					title: d.documentTitle,
					kind: d.documentKind,
					versionId: d.documentVersionId,
					versionHash: d.documentVersionHash
				}
			: null,
		rationale: d.rationale,
		decidedAt: new Date(d.decidedAt).toISOString(),
		decidedWhere: d.decidedWhere,
		dissentUntil: d.dissentUntil === null ? null : new Date(d.dissentUntil).toISOString(),
		supersedes: d.supersedesId,
		supersededBy: d.supersededById,
		registerSeq: d.registerSeq
	};
}
