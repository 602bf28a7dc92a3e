// What happens to a consultation, without asking who acts (commands.ts checks that first): it opens on a named
// version of its document (never a decided one), takes comments, suggestions and answers while open — checked
// inside the same transaction as each write — and refuses them after the close, which a facilitator may move.
import { transaction, type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { Conflict, Forbidden, Invalid } from '../errors.ts';
import { saveVersion } from '../documents/content.ts';
import { formatDateTime, zonedToUtc } from '../../domain/time.ts';
import { inTimeRange, TIME_RANGE } from '../../domain/input.ts';
import { newSecret } from './links.ts';
import * as repo from './repository.ts';
import type { Consultation, Guest } from './repository.ts';
import type { JoinInput, OpenInput } from './schemas.ts';

export function isOpen(c: Pick<Consultation, 'openedAt' | 'closesAt'>, now = Date.now()): boolean {
	return now >= c.openedAt && now < c.closesAt;
}

/** The refusal of anything sent to a consultation after its close, with the closing time in its zone. */
export async function closed(db: DB, c: Consultation): Promise<Conflict> {
	const zone = await repo.workspaceZone(db, c.workspaceId);
	return new Conflict(
		`The consultation closed on ${formatDateTime(c.closesAt, zone)} (${zone}). Comments and suggestions are no longer accepted.`,
		'consultation_closed'
	);
}

type GateAuthor =
	{ kind: 'user'; userId: string } | { kind: 'guest'; guestId: string; consultationId: string };

/**
 * Decides, inside the writing transaction, which consultation a new comment or suggestion belongs to, and
 * refuses it after the close: a person who came through a link writes only in their consultation while it is
 * open; a member's comment joins the open consultation on the document, and is refused while the document is
 * still in consultation after it has closed. A reply follows its thread's consultation.
 */
export async function consultationGate(
	tx: DB,
	documentId: string,
	author: GateAuthor,
	consultationId: string | null,
	now: number,
	isReply = false
): Promise<string | null> {
	if (author.kind === 'guest') {
		const c = await repo.getConsultation(tx, author.consultationId);
		if (!c || c.documentId !== documentId || (consultationId && consultationId !== c.id))
			throw new Forbidden('Your consultation link covers another document.');
		if (!isOpen(c, now)) throw await closed(tx, c);
		return c.id;
	}
	if (consultationId) {
		const c = await repo.getConsultation(tx, consultationId);
		if (!c || c.documentId !== documentId) {
			if (isReply) return null;
			throw new Invalid('No such consultation on this document.');
		}
		if (now >= c.closesAt) throw await closed(tx, c);
		return c.id;
	}
	const latest = await repo.latestConsultation(tx, documentId);
	if (!latest || isReply) return null;
	if (isOpen(latest, now)) return latest.id;
	if (now >= latest.closesAt && (await repo.documentStatus(tx, documentId)) === 'consultation')
		throw await closed(tx, latest);
	return null;
}

/** A closing time typed in the workspace's zone, at least a minute ahead (Invalid otherwise). */
function closingTime(local: string, zone: string, now: number): number {
	const refuse = (problem: string): never => {
		throw new Invalid(`closesAt: ${problem}`, { closesAt: problem });
	};
	const at = zonedToUtc(local, zone);
	if (at === null) return refuse(`give a date and time such as 2026-12-01T17:00 (${zone}).`);
	if (!inTimeRange(at)) refuse(`the closing time must be ${TIME_RANGE}.`);
	if (at <= now + 60_000) refuse('the closing time must be in the future.');
	return at;
}

const ALREADY_OPEN = 'A consultation is already open on this document.';

/**
 * Opens a consultation on a named version of the document, saved now; puts the document in consultation, and
 * makes a public link when the audience is public. Returns the link's secret once.
 */
export async function startConsultation(
	db: DB,
	document: { id: string; workspaceId: string; title: string; status: string },
	userId: string,
	input: OpenInput,
	now = Date.now()
): Promise<{ consultation: Consultation; linkToken: string | null }> {
	if (document.status === 'decided')
		throw new Conflict(
			'This document is decided: a consultation cannot be opened on it until a facilitator starts a revision.',
			'decided'
		);
	const closesAt = closingTime(input.closesAt, await repo.workspaceZone(db, document.workspaceId), now);
	const alreadyOpen = async (tx: DB) => {
		const latest = await repo.latestConsultation(tx, document.id);
		if (latest && isOpen(latest, now)) throw new Conflict(ALREADY_OPEN);
	};
	await alreadyOpen(db);
	const title = input.title || `Consultation on ${document.title}`;
	const version = await saveVersion(db, document.id, `Consultation: ${title}`.slice(0, 120), userId);
	const consultation: Consultation = {
		id: newId(),
		workspaceId: document.workspaceId,
		documentId: document.id,
		title,
		versionId: version.id,
		contentHash: version.hash,
		audience: input.audience,
		questions: input.questions,
		openedAt: now,
		closesAt,
		createdBy: userId,
		createdAt: now
	};
	const linkToken = await transaction(db, async (tx) => {
		await alreadyOpen(tx);
		await repo.insertConsultation(tx, consultation);
		return input.audience === 'public' ? await addLink(tx, consultation.id, userId, now) : null;
	});
	return { consultation, linkToken };
}

/** A new public link of a consultation; returns its secret (only its hash is stored). */
export async function addLink(db: DB, consultationId: string, userId: string, now: number): Promise<string> {
	const { secret, hash } = newSecret();
	await repo.insertLink(db, {
		id: newId(),
		consultationId,
		tokenHash: hash,
		createdBy: userId,
		createdAt: now
	});
	return secret;
}

/**
 * Moves the close of an open consultation, with the reason: a later time (typed in the workspace's zone) to
 * extend it, or now to close it early. Refused once it has closed.
 */
export async function changeClose(
	db: DB,
	c: Consultation,
	change: { kind: 'extended'; closesAt: string } | { kind: 'closed_early' },
	reason: string,
	userId: string,
	now = Date.now()
): Promise<Consultation> {
	const to =
		change.kind === 'closed_early'
			? now
			: closingTime(change.closesAt, await repo.workspaceZone(db, c.workspaceId), now);
	return await transaction(db, async (tx) => {
		const fresh = (await repo.getConsultation(tx, c.id))!;
		if (!isOpen(fresh, now)) throw await closed(tx, fresh);
		if (to <= fresh.closesAt && change.kind === 'extended')
			throw new Invalid('closesAt: the new closing time must be later than the current one.', {
				closesAt: 'The new closing time must be later than the current one.'
			});
		await repo.changeClose(tx, {
			id: newId(),
			consultationId: c.id,
			kind: change.kind,
			fromClosesAt: fresh.closesAt,
			toClosesAt: to,
			reason,
			byUserId: userId,
			at: now
		});
		return { ...fresh, closesAt: to };
	});
}

/**
 * A person joins through a public link: their organisation is a new, unverified one (it has no vote) unless an
 * unverified organisation of that name already took part. Returns the cookie value `<guestId>.<secret>` and
 * the code `<guestId>.<secret>` of the one-time link that confirms their email.
 */
export async function join(
	db: DB,
	link: { id: string; consultationId: string },
	input: JoinInput,
	now: number
): Promise<{ guest: Guest; cookie: string; confirmCode: string }> {
	const { secret, hash } = newSecret();
	const confirm = newSecret();
	const guestId = newId();
	await transaction(db, async (tx) => {
		const c = (await repo.getConsultation(tx, link.consultationId))!;
		if (!isOpen(c, now)) throw await closed(tx, c);
		let organisationId = await repo.findGuestOrganisation(
			tx,
			c.workspaceId,
			input.organisation,
			input.sector
		);
		if (!organisationId) {
			organisationId = newId();
			await repo.insertOrganisation(tx, {
				id: organisationId,
				name: input.organisation,
				sector: input.sector,
				sizeBand: input.sizeBand,
				verified: false,
				originWorkspaceId: c.workspaceId,
				createdAt: now
			});
		}
		await repo.insertGuest(tx, {
			id: guestId,
			consultationId: link.consultationId,
			linkId: link.id,
			name: input.name,
			email: input.email.toLowerCase(),
			organisationId,
			secretHash: hash,
			confirmHash: confirm.hash,
			confirmedAt: null,
			detailsDeletedAt: null,
			createdAt: now
		});
		await repo.countLinkUse(tx, link.id);
	});
	return {
		guest: (await repo.getGuest(db, guestId))!,
		cookie: `${guestId}.${secret}`,
		confirmCode: `${guestId}.${confirm.secret}`
	};
}

/** Who answers: a member (for their organisation, if any) or a person from a public link. */
export type Respondent =
	{ kind: 'member'; userId: string; organisationId: string | null } | { kind: 'guest'; guest: Guest };

/** Records (or replaces) a person's answers; refused after the close in the same transaction. */
export async function recordResponse(
	db: DB,
	c: Consultation,
	who: Respondent,
	answers: string[],
	now = Date.now()
): Promise<{ id: string; replaced: boolean }> {
	if (answers.length !== c.questions.length || answers.every((a) => a.length === 0))
		throw new Invalid(`Answer the ${c.questions.length === 1 ? 'question' : 'questions'}.`);
	const [key, person] =
		who.kind === 'guest'
			? [
					repo.respondentKey({ guestId: who.guest.id }),
					{ userId: null, guestId: who.guest.id, organisationId: who.guest.organisationId }
				]
			: [
					repo.respondentKey({ userId: who.userId }),
					{ userId: who.userId, guestId: null, organisationId: who.organisationId }
				];
	return await transaction(db, async (tx) => {
		const fresh = (await repo.getConsultation(tx, c.id))!;
		if (!isOpen(fresh, now)) throw await closed(tx, fresh);
		const values = { ...person, answers, updatedAt: now };
		const existing = await repo.ownResponse(tx, c.id, key);
		if (existing) {
			await repo.updateResponse(tx, existing.id, values);
			return { id: existing.id, replaced: true };
		}
		const id = newId();
		await repo.insertResponse(tx, {
			id,
			consultationId: c.id,
			respondentKey: key,
			createdAt: now,
			...values
		});
		return { id, replaced: false };
	});
}
