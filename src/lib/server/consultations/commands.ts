// One function per thing a person does to a consultation: open it, extend it or close it early, make or
// withdraw a public link, respond through one and confirm their email, answer its questions. Each checks the policy, checks the input, refuses with a domain error
// and returns plain data; the page actions and the API call the same function.
import { getDb, transaction } from '../db/index.ts';
import type { Actor } from '../access.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { readInput } from '../fields.ts';
import { authorize } from '../policy/index.ts';
import { documentFor } from '../documents/queries.ts';
import { hashSecret } from '../../domain/secrets.ts';
import { sendConsultationConfirmMail } from '../mail/messages.ts';
import {
	addLink,
	changeClose,
	closed,
	isOpen,
	join,
	recordResponse,
	startConsultation
} from './lifecycle.ts';
import { countJoin, countResend, newSecret } from './links.ts';
import { consultationFor, validLink } from './queries.ts';
import * as repo from './repository.ts';
import type { Guest } from './repository.ts';
import { closeInput, confirmCode, extendInput, openInput, responseInput, type JoinInput } from './schemas.ts';

/**
 * A facilitator opens a consultation on a document (`workspace`: the page's address; a document of another
 * workspace is refused). Returns the public link's secret once, when the audience is public.
 */
export async function openConsultation(
	actor: Actor,
	documentId: string,
	input: unknown,
	options: { workspace?: string } = {}
) {
	const { document, workspace, member } = await documentFor(actor, documentId);
	authorize(actor, 'consultation.open', member, document);
	if (options.workspace !== undefined && ![workspace.slug, workspace.id].includes(options.workspace))
		throw new Invalid('Choose a document of this workspace.', { documentId: 'Choose a document.' });
	return await startConsultation(getDb(), document, actor.user!.id, readInput(openInput, input));
}

/** A facilitator extends an open consultation to a later closing time, with the reason. */
export async function extendConsultation(actor: Actor, id: string, input: unknown, workspace?: string) {
	const { consultation: c, member } = await consultationFor(actor, id, workspace);
	authorize(actor, 'consultation.changeClose', member, c);
	const { closesAt, reason } = readInput(extendInput, input);
	return await changeClose(getDb(), c, { kind: 'extended', closesAt }, reason, actor.user!.id);
}

/** A facilitator closes an open consultation now, with the reason. */
export async function closeConsultation(actor: Actor, id: string, input: unknown, workspace?: string) {
	const { consultation: c, member } = await consultationFor(actor, id, workspace);
	authorize(actor, 'consultation.changeClose', member, c);
	const { reason } = readInput(closeInput, input);
	return await changeClose(getDb(), c, { kind: 'closed_early' }, reason, actor.user!.id);
}

/** A facilitator makes a new public link (after withdrawing one, say); returns its secret once. */
export async function createLink(actor: Actor, consultationId: string, workspace?: string): Promise<string> {
	const { consultation: c, member } = await consultationFor(actor, consultationId, workspace);
	authorize(actor, 'consultation.manageLinks', member, c);
	if (c.audience !== 'public')
		throw new Conflict('This consultation is for members only; it has no public link.');
	const db = getDb();
	const now = Date.now();
	if (!isOpen(c, now)) throw await closed(db, c);
	return await transaction(db, async (tx) => await addLink(tx, c.id, actor.user!.id, now));
}

/** A facilitator withdraws a public link: it grants nothing from now on, to new and returning people alike. */
export async function revokeLink(
	actor: Actor,
	consultationId: string,
	linkId: string,
	workspace?: string
): Promise<void> {
	const { consultation: c, member } = await consultationFor(actor, consultationId, workspace);
	authorize(actor, 'consultation.manageLinks', member, c);
	if (!(await repo.revokeLink(getDb(), c.id, linkId, Date.now()))) throw new NotFound();
}

/**
 * A person identifies themselves through a public link while it is valid (rate-limited per address and per
 * link), with their answers unless they only want to comment; they are sent a one-time link to confirm their
 * email. Returns the value of their cookie, when it should expire (the close), and whether they answered.
 */
export async function joinByLink(token: string, input: JoinInput, ip: string, answers: string[] = []) {
	const db = getDb();
	const { link, consultation, zone } = await validLink(token, db);
	const answering = answers.some((a) => a.trim() !== '');
	if (answering) {
		readInput(responseInput, { answers });
		if (answers.length !== consultation.questions.length) throw new Invalid('Answer the questions.');
	}
	const now = Date.now();
	await countJoin(link.id, ip, now);
	const { guest, cookie, confirmCode: code } = await join(db, link, input, now);
	if (answering) await recordResponse(db, consultation, { kind: 'guest', guest }, answers, now);
	await sendConsultationConfirmMail(db, guest, consultation, zone, code);
	return { cookie, expires: consultation.closesAt, answered: answering, email: guest.email };
}

/**
 * A person from a link who has not confirmed their email yet asks for the link again: a new one, the earlier
 * one stops working (rate-limited per person).
 */
export async function resendConfirmation(guest: Guest): Promise<void> {
	const db = getDb();
	const consultation = (await repo.getConsultation(db, guest.consultationId))!;
	await countResend(guest.id, Date.now());
	const { secret, hash } = newSecret();
	if (!(await repo.renewConfirmHash(db, guest.id, hash)))
		throw new Conflict('Your email is confirmed already.');
	const zone = await repo.workspaceZone(db, consultation.workspaceId);
	await sendConsultationConfirmMail(db, guest, consultation, zone, `${guest.id}.${secret}`);
}

/** The one-time link in the email of a person from a public link: confirms their address. */
export async function confirmEmail(code: string): Promise<{ title: string }> {
	const used =
		'This confirmation link was used already or is not valid. If your email is confirmed, nothing more is needed.';
	const parsed = confirmCode.safeParse(code);
	if (!parsed.success) throw new NotFound(used);
	const [guestId, secret] = code.split('.');
	const hash = hashSecret(secret);
	const db = getDb();
	const row = await repo.guestByConfirmHash(db, hash);
	if (!row || row.guest.id !== guestId || !(await repo.confirmGuest(db, guestId, hash, Date.now())))
		throw new NotFound(used);
	return { title: row.title };
}

/**
 * A member answers the questions (one answer each, in order); answering again replaces their answers.
 * `within`: the page's address (workspace, document); a consultation elsewhere is not found there.
 */
export async function respond(
	actor: Actor,
	consultationId: string,
	input: unknown,
	within: { workspace?: string; documentId?: string } = {}
) {
	const { consultation: c, member } = await consultationFor(actor, consultationId, within.workspace);
	if (within.documentId !== undefined && c.documentId !== within.documentId) throw new NotFound();
	authorize(actor, 'consultation.respond', member, c);
	const { answers } = readInput(responseInput, input);
	const who = { kind: 'member' as const, userId: actor.user!.id, organisationId: member.organisationId };
	return await recordResponse(getDb(), c, who, answers);
}

/** A person from a public link answers the questions of their consultation (any other is not found). */
export async function respondAsGuest(guest: Guest, consultationId: string, input: unknown) {
	const db = getDb();
	const c =
		guest.consultationId === consultationId ? await repo.getConsultation(db, consultationId) : undefined;
	if (!c) throw new NotFound();
	const { answers } = readInput(responseInput, input);
	return await recordResponse(db, c, { kind: 'guest', guest }, answers);
}
