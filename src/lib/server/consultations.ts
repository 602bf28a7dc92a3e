/**
 * Consultations on a document: opened by a facilitator with a closing time (typed in the workspace's time
 * zone), an audience (members, or also anyone with a public link) and one or two questions. Comments,
 * suggestions and answers made while it is open belong to it; at the close they stop, checked inside the
 * same transaction as the write. Public links are revocable, multi-use and rate-limited; their secret and
 * the cookie of each person who joined through one are stored as SHA-256 only.
 */
import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { createHash, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { z } from 'zod';
import { formatDateTime } from '../domain/time.ts';
import { markdownLine, markdownText } from '../domain/markdown.ts';
import { toCsv } from './csv.ts';
import { zonedInstant } from './fields.ts';
import * as documentsModule from './documents/content.ts';
import { assertEditable } from './decisions/adoption.ts';
import { transaction, type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	comments,
	commentThreads,
	consultationGuests,
	consultationLinks,
	consultationResponses,
	consultations,
	documents,
	organisations,
	suggestions,
	users,
	workspaceMembers,
	workspaces,
	SECTORS,
	SIZE_BANDS,
	type ConsultationAudience
} from './db/schema/index.ts';

export type Consultation = typeof consultations.$inferSelect;
export type Guest = typeof consultationGuests.$inferSelect;

type GateAuthor =
	{ kind: 'user'; userId: string } | { kind: 'guest'; guestId: string; consultationId: string };

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function isOpen(c: Pick<Consultation, 'openedAt' | 'closesAt'>, now = Date.now()): boolean {
	return now >= c.openedAt && now < c.closesAt;
}

async function workspaceZone(db: DB, workspaceId: string): Promise<string> {
	return (
		one(
			await db
				.select({ z: workspaces.timeZone })
				.from(workspaces)
				.where(eq(workspaces.id, workspaceId))
				.limit(1)
		)?.z ?? 'Europe/London'
	);
}

async function closedError(db: DB, c: Consultation): Promise<never> {
	const zone = await workspaceZone(db, c.workspaceId);
	error(409, {
		message: `The consultation closed on ${formatDateTime(c.closesAt, zone)} (${zone}). Comments and suggestions are no longer accepted.`,
		code: 'consultation_closed'
	});
}

export async function getConsultation(db: DB, id: string): Promise<Consultation | undefined> {
	return one(await db.select().from(consultations).where(eq(consultations.id, id)).limit(1));
}

/** The most recently opened consultation on a document. */
export async function latestConsultation(db: DB, documentId: string): Promise<Consultation | undefined> {
	return one(
		await db
			.select()
			.from(consultations)
			.where(eq(consultations.documentId, documentId))
			.orderBy(desc(consultations.openedAt))
			.limit(1)
	);
}

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
		const c = await getConsultation(tx, author.consultationId);
		if (!c || c.documentId !== documentId || (consultationId && consultationId !== c.id))
			error(403, { message: 'Your consultation link covers another document.', code: 'forbidden' });
		if (!isOpen(c, now)) return await closedError(tx, c);
		return c.id;
	}
	if (consultationId) {
		const c = await getConsultation(tx, consultationId);
		if (!c || c.documentId !== documentId) {
			if (isReply) return null;
			error(422, { message: 'No such consultation on this document.', code: 'invalid' });
		}
		if (now >= c.closesAt) return await closedError(tx, c);
		return c.id;
	}
	const latest = await latestConsultation(tx, documentId);
	if (!latest || isReply) return null;
	if (isOpen(latest, now)) return latest.id;
	const doc = one(
		await tx.select({ status: documents.status }).from(documents).where(eq(documents.id, documentId)).limit(1)
	);
	if (now >= latest.closesAt && doc?.status === 'consultation') return await closedError(tx, latest);
	return null;
}

export const openInput = z
	.object({
		title: z.string().trim().max(200).optional(),
		closesAt: z.string().trim().min(1, 'Give a closing date and time.'),
		audience: z.enum(['members', 'public'], { error: 'Choose the audience: members, or public.' }),
		questions: z
			.array(z.string().trim().max(1000, 'A question is at most 1000 characters.'))
			.transform((qs) => qs.filter((q) => q.length > 0))
			.refine((qs) => qs.length >= 1 && qs.length <= 2, 'Ask one or two questions.')
	})
	.strict();

/**
 * Opens a consultation: records the document's text hash (and a named version when the documents module saves
 * one), sets the document's status to `consultation`, and creates a public link when the audience is public.
 * Returns the link's secret once.
 */
export async function openConsultation(
	db: DB,
	document: { id: string; workspaceId: string; title: string },
	userId: string,
	input: z.infer<typeof openInput>,
	now = Date.now()
): Promise<{ consultation: Consultation; linkToken: string | null }> {
	const zone = await workspaceZone(db, document.workspaceId);
	const closesAt = zonedInstant(input.closesAt, zone, 'closesAt: the closing time');
	if (closesAt === null)
		error(422, {
			message: `closesAt: give a date and time such as 2026-12-01T17:00 (${zone}).`,
			code: 'invalid'
		});
	if (closesAt <= now + 60_000)
		error(422, { message: 'closesAt: the closing time must be in the future.', code: 'invalid' });
	assertEditable((await documentsModule.getDocument(db, document.id)) ?? { status: 'drafting' });
	const before = await latestConsultation(db, document.id);
	if (before && isOpen(before, now))
		error(409, { message: 'A consultation is already open on this document.', code: 'conflict' });
	const title = input.title || `Consultation on ${document.title}`;
	// The consultation is on a named version of the document, saved now.
	const version = await documentsModule.saveVersion(
		db,
		document.id,
		`Consultation: ${title}`.slice(0, 120),
		userId
	);
	const hash = version.hash;
	const id = newId();
	let linkToken: string | null = null;
	await transaction(db, async (tx) => {
		const latest = await latestConsultation(tx, document.id);
		if (latest && isOpen(latest, now))
			error(409, { message: 'A consultation is already open on this document.', code: 'conflict' });
		await tx.insert(consultations).values({
			id,
			workspaceId: document.workspaceId,
			documentId: document.id,
			title,
			versionId: version.id,
			contentHash: hash,
			audience: input.audience,
			questions: input.questions,
			openedAt: now,
			closesAt,
			createdBy: userId,
			createdAt: now
		});
		await tx
			.update(documents)
			.set({ status: 'consultation', updatedAt: now })
			.where(eq(documents.id, document.id));
		if (input.audience === 'public') linkToken = await insertLink(tx, id, userId, now);
	});
	return { consultation: (await getConsultation(db, id))!, linkToken };
}

async function insertLink(tx: DB, consultationId: string, userId: string, now: number): Promise<string> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	await tx
		.insert(consultationLinks)
		.values({ id: newId(), consultationId, tokenHash: sha256(token), createdBy: userId, createdAt: now });
	return token;
}

/** A new public link (a facilitator may revoke one and make another). */
export async function createLink(db: DB, c: Consultation, userId: string, now = Date.now()): Promise<string> {
	if (c.audience !== 'public')
		error(409, {
			message: 'This consultation is for members only; it has no public link.',
			code: 'conflict'
		});
	if (!isOpen(c, now)) return await closedError(db, c);
	return await transaction(db, async (tx) => await insertLink(tx, c.id, userId, now));
}

export async function listLinks(db: DB, consultationId: string) {
	return await db
		.select({
			id: consultationLinks.id,
			uses: consultationLinks.uses,
			createdAt: consultationLinks.createdAt,
			revokedAt: consultationLinks.revokedAt
		})
		.from(consultationLinks)
		.where(eq(consultationLinks.consultationId, consultationId))
		.orderBy(asc(consultationLinks.createdAt));
}

export async function revokeLink(
	db: DB,
	consultationId: string,
	linkId: string,
	now = Date.now()
): Promise<boolean> {
	const r = await db
		.update(consultationLinks)
		.set({ revokedAt: now })
		.where(and(eq(consultationLinks.id, linkId), eq(consultationLinks.consultationId, consultationId)));
	return r.changes > 0;
}

export type LinkState =
	| { state: 'ok'; link: typeof consultationLinks.$inferSelect; consultation: Consultation }
	| { state: 'unknown' }
	| { state: 'revoked'; consultation: Consultation }
	| { state: 'closed'; consultation: Consultation };

/** Looks up a public link by its secret; it grants something only while `ok`. */
export async function findLink(db: DB, token: string, now = Date.now()): Promise<LinkState> {
	if (!/^[a-z2-7]{20,64}$/.test(token)) return { state: 'unknown' };
	const row = one(
		await db
			.select({ link: consultationLinks, consultation: consultations })
			.from(consultationLinks)
			.innerJoin(consultations, eq(consultations.id, consultationLinks.consultationId))
			.where(eq(consultationLinks.tokenHash, sha256(token)))
			.limit(1)
	);
	if (!row) return { state: 'unknown' };
	if (row.link.revokedAt !== null) return { state: 'revoked', consultation: row.consultation };
	if (!isOpen(row.consultation, now) || row.consultation.audience !== 'public')
		return { state: 'closed', consultation: row.consultation };
	return { state: 'ok', ...row };
}

// Joining through a link is limited per address and per link (in memory: one process serves Parity).
const JOIN_WINDOW_MS = 10 * 60 * 1000;
const JOINS_PER_ADDRESS = 10;
const JOINS_PER_LINK = 300;
const joinLog = new Map<string, number[]>();

function hit(key: string, max: number, now: number): boolean {
	const recent = (joinLog.get(key) ?? []).filter((t) => now - t < JOIN_WINDOW_MS);
	if (recent.length >= max) {
		joinLog.set(key, recent);
		return false;
	}
	recent.push(now);
	joinLog.set(key, recent);
	if (joinLog.size > 10_000) for (const k of [...joinLog.keys()].slice(0, 5000)) joinLog.delete(k);
	return true;
}

export const joinInput = z
	.object({
		name: z.string().trim().min(1, 'Give your name.').max(200, 'The name is too long.'),
		email: z.email({ error: 'Give a valid email address.' }).max(320),
		organisation: z
			.string()
			.trim()
			.min(1, 'Give the name of your organisation (or "individual").')
			.max(200, 'The organisation name is too long.'),
		sector: z.enum(SECTORS, { error: 'Choose VCSE or statutory.' }),
		sizeBand: z.enum(SIZE_BANDS).default('micro')
	})
	.strict();

/**
 * A person joins through a public link: their organisation is a new, unverified one (it has no vote) unless an
 * unverified organisation of that name already took part; returns the cookie value `<guestId>.<secret>`.
 */
export async function joinByLink(
	db: DB,
	link: { id: string; consultationId: string },
	input: z.infer<typeof joinInput>,
	ip: string,
	now = Date.now()
): Promise<{ guest: Guest; cookie: string }> {
	if (!hit(`ip:${ip}|${link.id}`, JOINS_PER_ADDRESS, now) || !hit(`link:${link.id}`, JOINS_PER_LINK, now))
		error(429, {
			message: 'Too many people joined through this link just now. Try again in a few minutes.',
			code: 'rate_limited'
		});
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const secret = encodeBase32LowerCaseNoPadding(bytes);
	const guestId = newId();
	await transaction(db, async (tx) => {
		const c = await getConsultation(tx, link.consultationId);
		if (!c || !isOpen(c, now)) return await closedError(tx, c!);
		const existing = one(
			await tx
				.select({ id: organisations.id })
				.from(organisations)
				.where(
					and(
						sql`lower(${organisations.name}) = lower(${input.organisation})`,
						eq(organisations.verified, false),
						eq(organisations.sector, input.sector),
						eq(organisations.originWorkspaceId, c.workspaceId)
					)
				)
				.limit(1)
		);
		const organisationId = existing?.id ?? newId();
		if (!existing)
			await tx.insert(organisations).values({
				id: organisationId,
				name: input.organisation,
				sector: input.sector,
				sizeBand: input.sizeBand,
				verified: false,
				originWorkspaceId: c.workspaceId,
				createdAt: now
			});
		await tx.insert(consultationGuests).values({
			id: guestId,
			consultationId: link.consultationId,
			linkId: link.id,
			name: input.name,
			email: input.email.toLowerCase(),
			organisationId,
			secretHash: sha256(secret),
			createdAt: now
		});
		await tx
			.update(consultationLinks)
			.set({ uses: sql`${consultationLinks.uses} + 1` })
			.where(eq(consultationLinks.id, link.id));
	});
	const guest = one(
		await db.select().from(consultationGuests).where(eq(consultationGuests.id, guestId)).limit(1)
	)!;
	return { guest, cookie: `${guestId}.${secret}` };
}

export const GUEST_COOKIE = 'parity_consult';

/** The person behind a guest cookie, for this consultation only, while their link is still valid. */
export async function guestFromCookie(
	db: DB,
	cookie: string | undefined,
	consultationId: string
): Promise<Guest | null> {
	if (!cookie) return null;
	const [id, secret] = cookie.split('.');
	if (!id || !secret) return null;
	const row = one(
		await db
			.select({ guest: consultationGuests, revokedAt: consultationLinks.revokedAt })
			.from(consultationGuests)
			.innerJoin(consultationLinks, eq(consultationLinks.id, consultationGuests.linkId))
			.where(eq(consultationGuests.id, id))
			.limit(1)
	);
	if (!row || row.guest.consultationId !== consultationId || row.revokedAt !== null) return null;
	const a = Buffer.from(row.guest.secretHash, 'hex');
	const b = Buffer.from(sha256(secret), 'hex');
	return a.length === b.length && timingSafeEqual(a, b) ? row.guest : null;
}

export const responseInput = z
	.object({
		answers: z.array(z.string().trim().max(10_000, 'An answer is at most 10 000 characters.')).min(1).max(2)
	})
	.strict();

/** Records (or replaces) a person's answers; refused after the close in the same transaction. */
export async function respond(
	db: DB,
	c: Consultation,
	who: { userId: string; organisationId: string | null } | { guest: Guest },
	answers: string[],
	now = Date.now()
) {
	if (answers.length !== c.questions.length || answers.every((a) => a.length === 0))
		error(422, {
			message: `Answer the ${c.questions.length === 1 ? 'question' : 'questions'}.`,
			code: 'invalid'
		});
	const key = 'guest' in who ? `g:${who.guest.id}` : `u:${who.userId}`;
	return await transaction(db, async (tx) => {
		const fresh = (await getConsultation(tx, c.id))!;
		if (!isOpen(fresh, now)) return await closedError(tx, fresh);
		const values = {
			userId: 'guest' in who ? null : who.userId,
			guestId: 'guest' in who ? who.guest.id : null,
			organisationId: 'guest' in who ? who.guest.organisationId : who.organisationId,
			answers,
			updatedAt: now
		};
		const existing = one(
			await tx
				.select({ id: consultationResponses.id })
				.from(consultationResponses)
				.where(
					and(eq(consultationResponses.consultationId, c.id), eq(consultationResponses.respondentKey, key))
				)
				.limit(1)
		);
		if (existing) {
			await tx.update(consultationResponses).set(values).where(eq(consultationResponses.id, existing.id));
			return { id: existing.id, replaced: true };
		}
		const id = newId();
		await tx
			.insert(consultationResponses)
			.values({ id, consultationId: c.id, respondentKey: key, createdAt: now, ...values });
		return { id, replaced: false };
	});
}

/** A person's own answers, if they have answered (`u:<userId>` or `g:<guestId>`). */
export async function ownResponse(db: DB, consultationId: string, respondentKey: string) {
	return (
		one(
			await db
				.select({ answers: consultationResponses.answers, updatedAt: consultationResponses.updatedAt })
				.from(consultationResponses)
				.where(
					and(
						eq(consultationResponses.consultationId, consultationId),
						eq(consultationResponses.respondentKey, respondentKey)
					)
				)
				.limit(1)
		) ?? null
	);
}

export async function listConsultations(db: DB, documentId: string): Promise<Consultation[]> {
	return await db
		.select()
		.from(consultations)
		.where(eq(consultations.documentId, documentId))
		.orderBy(desc(consultations.openedAt));
}

export async function workspaceConsultations(db: DB, workspaceId: string) {
	return await db
		.select({ c: consultations, documentTitle: documents.title })
		.from(consultations)
		.innerJoin(documents, eq(documents.id, consultations.documentId))
		.where(eq(consultations.workspaceId, workspaceId))
		.orderBy(desc(consultations.openedAt));
}

export type Contribution = {
	kind: 'answer' | 'comment' | 'suggestion';
	person: string;
	organisationId: string | null;
	organisation: string;
	sector: 'vcse' | 'statutory' | null;
	verified: boolean;
	/** The question answered, or the passage referred to. */
	question: string | null;
	passage: string | null;
	text: string;
	at: number;
};

/** Every contribution to a consultation, with the organisation and sector of whoever made it. */
export async function contributions(db: DB, c: Consultation): Promise<Contribution[]> {
	const orgOfUser = new Map(
		(
			await db
				.select({ userId: workspaceMembers.userId, organisationId: workspaceMembers.organisationId })
				.from(workspaceMembers)
				.where(eq(workspaceMembers.workspaceId, c.workspaceId))
		).map((m) => [m.userId, m.organisationId])
	);
	const guests = new Map(
		(await db.select().from(consultationGuests).where(eq(consultationGuests.consultationId, c.id))).map(
			(g) => [g.id, g]
		)
	);
	const userNames = new Map<string, string>();
	const who = (userId: string | null, guestId: string | null) => {
		if (guestId && guests.has(guestId)) {
			const g = guests.get(guestId)!;
			return { person: g.name, organisationId: g.organisationId };
		}
		return {
			person: (userId && userNames.get(userId)) || 'Former member',
			organisationId: userId ? (orgOfUser.get(userId) ?? null) : null
		};
	};
	const responses = await db
		.select()
		.from(consultationResponses)
		.where(eq(consultationResponses.consultationId, c.id));
	const commentRows = await db
		.select({ c: comments, quote: commentThreads.quote })
		.from(comments)
		.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
		.where(and(eq(commentThreads.consultationId, c.id), sql`${comments.deletedAt} is null`))
		.orderBy(asc(comments.createdAt));
	const suggestionRows = await db.select().from(suggestions).where(eq(suggestions.consultationId, c.id));
	const userIds = [
		...new Set(
			[
				...responses.map((r) => r.userId),
				...commentRows.map((r) => r.c.authorId),
				...suggestionRows.map((s) => s.authorId)
			].filter((x): x is string => !!x)
		)
	];
	if (userIds.length)
		for (const u of await db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(inArray(users.id, userIds)))
			userNames.set(u.id, u.name);
	const out: Omit<Contribution, 'organisation' | 'sector' | 'verified'>[] = [];
	for (const r of responses) {
		const w = who(r.userId, r.guestId);
		r.answers.forEach((a, i) => {
			if (a)
				out.push({
					kind: 'answer',
					...w,
					organisationId: r.organisationId ?? w.organisationId,
					question: c.questions[i] ?? null,
					passage: null,
					text: a,
					at: r.updatedAt
				});
		});
	}
	for (const r of commentRows)
		out.push({
			kind: 'comment',
			...who(r.c.authorId, r.c.guestId),
			question: null,
			passage: r.quote,
			text: r.c.body,
			at: r.c.createdAt
		});
	for (const s of suggestionRows)
		out.push({
			kind: 'suggestion',
			...who(s.authorId, s.guestId),
			question: null,
			passage: s.quote,
			text:
				s.quote === ''
					? `Insert: ${s.replacement}`
					: s.replacement === ''
						? 'Delete this passage.'
						: `Replace with: ${s.replacement}`,
			at: s.createdAt
		});
	const orgIds = [...new Set(out.map((o) => o.organisationId).filter((x): x is string => !!x))];
	const orgs = new Map(
		(orgIds.length ? await db.select().from(organisations).where(inArray(organisations.id, orgIds)) : []).map(
			(o) => [o.id, o]
		)
	);
	return out
		.map((o) => {
			const org = o.organisationId ? orgs.get(o.organisationId) : undefined;
			return {
				...o,
				organisation: org?.name ?? 'No organisation',
				sector: org?.sector ?? null,
				verified: org?.verified ?? false
			};
		})
		.sort((a, b) => a.at - b.at);
}

export type SummaryGroup = {
	sector: 'vcse' | 'statutory' | null;
	organisations: { id: string | null; name: string; verified: boolean; items: Contribution[] }[];
};

/** Contributions grouped by sector, then organisation. */
export async function summary(db: DB, c: Consultation) {
	const items = await contributions(db, c);
	const groups: SummaryGroup[] = [];
	for (const sector of ['vcse', 'statutory', null] as const) {
		const mine = items.filter((i) => i.sector === sector);
		if (!mine.length) continue;
		const byOrg = new Map<string, SummaryGroup['organisations'][number]>();
		for (const i of mine) {
			const key = i.organisationId ?? '';
			if (!byOrg.has(key))
				byOrg.set(key, { id: i.organisationId, name: i.organisation, verified: i.verified, items: [] });
			byOrg.get(key)!.items.push(i);
		}
		groups.push({ sector, organisations: [...byOrg.values()].sort((a, b) => a.name.localeCompare(b.name)) });
	}
	return { items, groups };
}

/** Organisations that have taken part, per sector (for "how many have responded"). */
export async function respondedCounts(
	db: DB,
	c: Consultation
): Promise<{ vcse: number; statutory: number; none: number }> {
	const items = await contributions(db, c);
	const seen = { vcse: new Set<string>(), statutory: new Set<string>(), none: new Set<string>() };
	for (const i of items) (i.sector ? seen[i.sector] : seen.none).add(i.organisationId ?? i.person);
	return { vcse: seen.vcse.size, statutory: seen.statutory.size, none: seen.none.size };
}

const SECTOR_NAMES = { vcse: 'VCSE', statutory: 'Statutory', none: 'No organisation' } as const;

export async function summaryMarkdown(db: DB, c: Consultation, documentTitle: string): Promise<string> {
	const zone = await workspaceZone(db, c.workspaceId);
	const { groups, items } = await summary(db, c);
	const lines = [
		`# ${markdownLine(c.title)}`,
		'',
		`Document: ${markdownLine(documentTitle)}  `,
		`Opened ${formatDateTime(c.openedAt, zone)}; ${Date.now() >= c.closesAt ? 'closed' : 'closes'} ${formatDateTime(c.closesAt, zone)} (${zone}).  `,
		`Content SHA-256 at opening: \`${c.contentHash}\``,
		'',
		'## Questions',
		'',
		...c.questions.map((q, i) => `${i + 1}. ${markdownLine(q)}`),
		'',
		`${items.length} contribution${items.length === 1 ? '' : 's'}.`
	];
	for (const g of groups) {
		lines.push('', `## ${SECTOR_NAMES[g.sector ?? 'none']}`);
		for (const o of g.organisations) {
			lines.push('', `### ${markdownLine(o.name)}${o.verified ? '' : ' (unverified)'}`, '');
			for (const i of o.items) {
				const head =
					i.kind === 'answer'
						? `Answer to “${markdownLine(i.question ?? '')}”`
						: i.kind === 'comment'
							? 'Comment'
							: 'Suggestion';
				lines.push(`- **${head}** by ${markdownLine(i.person)}, ${formatDateTime(i.at, zone)}`);
				if (i.passage) lines.push(`  > ${markdownText(i.passage).replace(/\n/g, '\n  > ')}`);
				lines.push(`  ${markdownText(i.text).replace(/\n/g, '\n  ')}`);
			}
		}
	}
	return lines.join('\n') + '\n';
}

export async function summaryCsv(db: DB, c: Consultation): Promise<string> {
	const header = [
		'sector',
		'organisation',
		'organisation_verified',
		'person',
		'kind',
		'question',
		'passage',
		'text',
		'at_utc'
	];
	const rows: string[][] = [];
	for (const g of (await summary(db, c)).groups)
		for (const o of g.organisations)
			for (const i of o.items)
				rows.push([
					g.sector ?? '',
					o.name,
					o.verified ? 'yes' : 'no',
					i.person,
					i.kind,
					i.question ?? '',
					i.passage ?? '',
					i.text,
					new Date(i.at).toISOString()
				]);
	return toCsv(header, rows);
}

export function serializeConsultation(c: Consultation, extra: Record<string, unknown> = {}) {
	return {
		id: c.id,
		workspaceId: c.workspaceId,
		documentId: c.documentId,
		title: c.title,
		audience: c.audience as ConsultationAudience,
		questions: c.questions,
		contentHash: c.contentHash,
		versionId: c.versionId,
		openedAt: new Date(c.openedAt).toISOString(),
		closesAt: new Date(c.closesAt).toISOString(),
		open: isOpen(c),
		...extra
	};
}
