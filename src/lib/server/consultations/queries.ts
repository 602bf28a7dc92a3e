// Reads of consultations with their visibility checks, and what their pages show. Members of a document's
// workspace read its consultations; a person from a public link reads the document and their own
// contributions only, while the link is valid.
import { getDb, type DB } from '../db/index.ts';
import { requireMember, type Actor } from '../access.ts';
import { Forbidden, Gone, NotFound } from '../errors.ts';
import { authorize, may } from '../policy/index.ts';
import { discussion } from '../comments/queries.ts';
import type { Author } from '../comments/repository.ts';
import { documentFor, documentInWorkspace } from '../documents/queries.ts';
import { getDocument, listDocuments } from '../documents/repository.ts';
import { changesSincePrevious } from '../documents/shape.ts';
import { formatDateTime } from '../../domain/time.ts';
import { summaryDownload } from './exports.ts';
import { isOpen } from './lifecycle.ts';
import { guestFromCookie, linkHash } from './links.ts';
import * as repo from './repository.ts';
import { contributions, respondedCounts, summary } from './summary.ts';

/**
 * A consultation the actor may read, with its document, workspace and the actor's membership (the document's
 * visibility decides). With `workspace` (a page's address), a consultation of another workspace is not found.
 */
export async function consultationFor(actor: Actor, id: string, workspace?: string) {
	const consultation = await repo.getConsultation(getDb(), id);
	if (!consultation) throw new NotFound();
	const access =
		workspace === undefined
			? await documentFor(actor, consultation.documentId)
			: await documentInWorkspace(actor, workspace, consultation.documentId);
	return { consultation, ...access };
}

/** A document's consultations, newest first, each with how many organisations have responded. */
export async function consultationsOf(actor: Actor, documentId: string) {
	const db = getDb();
	const { document } = await documentFor(actor, documentId);
	return await Promise.all(
		(await repo.listConsultations(db, document.id)).map(async (c) => ({
			consultation: c,
			responded: await respondedCounts(db, c)
		}))
	);
}

/** A consultation with how many have responded, and its links for those who may see them. */
export async function consultationView(actor: Actor, id: string) {
	const db = getDb();
	const { consultation: c, member } = await consultationFor(actor, id);
	return {
		consultation: c,
		responded: await respondedCounts(db, c),
		changes: await repo.listChanges(db, c.id),
		links: may(actor, 'consultation.seeLinks', member, c) ? await repo.listLinks(db, c.id) : undefined
	};
}

/** Every contribution, with the organisation and sector behind it. */
export async function contributionsOf(actor: Actor, id: string) {
	const db = getDb();
	const { consultation: c } = await consultationFor(actor, id);
	return { responded: await respondedCounts(db, c), contributions: await contributions(db, c) };
}

/** A consultation's public links (facilitators). */
export async function linksOf(actor: Actor, id: string) {
	const { consultation: c, member } = await consultationFor(actor, id);
	authorize(actor, 'consultation.seeLinks', member, c);
	return await repo.listLinks(getDb(), c.id);
}

/** The summary as a Markdown or CSV file, for the consultation page's download links. */
export async function summaryFile(actor: Actor, workspace: string, id: string, format: 'md' | 'csv') {
	const { consultation, document } = await consultationFor(actor, id, workspace);
	return await summaryDownload(getDb(), consultation, document.title, format);
}

/** The consultations page of a workspace (members), and the documents a facilitator may open one on. */
export async function workspacePage(actor: Actor, workspaceIdOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actor, workspaceIdOrSlug);
	const consultations = await Promise.all(
		(await repo.workspaceConsultations(db, workspace.id)).map(async ({ c, documentTitle }) => ({
			id: c.id,
			title: c.title,
			documentId: c.documentId,
			documentTitle,
			audience: c.audience,
			openedAt: c.openedAt,
			closesAt: c.closesAt,
			open: isOpen(c),
			responded: await respondedCounts(db, c)
		}))
	);
	const mayOpen = may(actor, 'consultation.open', member, { status: 'drafting' });
	// A decided document cannot be put to consultation until a revision starts.
	const documents = mayOpen
		? (await listDocuments(db, workspace.id)).filter((d) => d.status !== 'decided')
		: [];
	return {
		consultations,
		facilitator: mayOpen,
		documents: documents.map((d) => ({ id: d.id, title: d.title }))
	};
}

/** A consultation's page: its summary, and its public links for facilitators. */
export async function consultationPage(actor: Actor, workspace: string, id: string) {
	const db = getDb();
	const { consultation: c, document, member } = await consultationFor(actor, id, workspace);
	const { groups, items } = await summary(db, c);
	return {
		consultation: {
			id: c.id,
			title: c.title,
			audience: c.audience,
			questions: c.questions,
			contentHash: c.contentHash,
			openedAt: c.openedAt,
			closesAt: c.closesAt,
			open: isOpen(c),
			responded: await respondedCounts(db, c)
		},
		document: { id: document.id, title: document.title },
		groups,
		total: items.length,
		unconfirmed: items.filter((i) => !i.confirmed).length,
		changes: await repo.listChanges(db, c.id),
		facilitator: may(actor, 'consultation.manageLinks', member, c),
		mayChangeClose: may(actor, 'consultation.changeClose', member, c),
		links: may(actor, 'consultation.seeLinks', member, c) ? await repo.listLinks(db, c.id) : []
	};
}

/**
 * What a public link opens, only while it is valid: NotFound for an unknown link, Gone for a withdrawn one or
 * after the close, each with a message that says so.
 */
export async function validLink(token: string, db: DB = getDb(), now = Date.now()) {
	const hash = linkHash(token);
	const row = hash ? await repo.linkByHash(db, hash) : undefined;
	if (!row)
		throw new NotFound('This consultation link does not exist. Check the address, or ask whoever sent it.');
	if (row.link.revokedAt !== null)
		throw new Gone(
			'This consultation link was withdrawn by the organisers and no longer gives access.',
			'revoked'
		);
	const c = row.consultation;
	const zone = await repo.workspaceZone(db, c.workspaceId);
	if (!isOpen(c, now) || c.audience !== 'public')
		throw new Gone(
			`This consultation closed on ${formatDateTime(c.closesAt, zone)} (${zone}). It no longer takes comments or answers.`,
			'closed'
		);
	const document = await getDocument(db, c.documentId);
	if (!document) throw new NotFound();
	return { link: row.link, consultation: c, document, zone };
}

/** The valid link and, when their cookie is good for it, the person who joined through it. */
async function linkAndGuest(token: string, cookie: string | undefined) {
	const db = getDb();
	const link = await validLink(token, db);
	return { db, link, guest: await guestFromCookie(db, cookie, link.consultation.id) };
}

/** A person from a link who has joined, writing in its consultation (Forbidden before they join). */
export async function guestWriter(token: string, cookie: string | undefined) {
	const { link, guest } = await linkAndGuest(token, cookie);
	if (!guest) throw new Forbidden('Give your name, email and organisation first (the form on this page).');
	const author: Author = { kind: 'guest', guestId: guest.id, consultationId: link.consultation.id };
	return { guest, document: link.document, author, consultationId: link.consultation.id };
}

/**
 * The public consultation page: the document, then the questions, for anyone with the link; the form to
 * respond; and, once the person has identified themselves, their answers and their own comments and suggestions.
 */
export async function guestPage(token: string, cookie: string | undefined) {
	const { db, link, guest } = await linkAndGuest(token, cookie);
	const c = link.consultation;
	// What this draft changed since the version before it, for people who were not there when it was written.
	const changes = c.versionId ? await changesSincePrevious(db, c.documentId, c.versionId) : null;
	const d = await discussion(db, link.document, {
		userId: null,
		guestId: guest?.id,
		consultationId: c.id,
		shape: true
	});
	const base = {
		consultation: {
			id: c.id,
			title: c.title,
			closesAt: c.closesAt,
			open: true,
			questions: c.questions,
			responded: await respondedCounts(db, c)
		},
		document: { title: link.document.title },
		zone: link.zone,
		blocks: d.blocks,
		changes
	};
	if (!guest) return { ...base, guest: null, mine: null, threads: [], suggestions: [] };
	// A person from a link sees the text and their own comments and suggestions only.
	const own = await repo.guestsOwn(
		db,
		c.id,
		guest.id,
		d.suggestions.map((s) => s.id)
	);
	return {
		...base,
		guest: { name: guest.name, email: guest.email, confirmed: guest.confirmedAt !== null },
		mine: d.consultation?.id === c.id ? (d.consultation.mine ?? null) : null,
		threads: d.threads.filter((t) => own.threads.has(t.id)),
		suggestions: d.suggestions.filter((s) => own.suggestions.has(s.id))
	};
}
