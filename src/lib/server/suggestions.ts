/**
 * Suggestions: rows with an anchor, the quoted text and its replacement, never writes to the Yjs document
 * until an editor or facilitator accepts one. Accepting applies it through the live room (so everyone editing
 * sees it at once), credited to its author in the update log, and only while the quote still matches;
 * otherwise the suggestion is marked outdated. Rejecting needs a reason.
 */
import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { textMap, type TextMap } from '../domain/anchor.ts';
import { applySuggestion, checkSuggestion, suggestionKind, type ApplyResult } from '../domain/suggestion.ts';
import * as registry from './collab/registry.ts';
import {
	commentText,
	contentHash,
	currentContent,
	makeAnchor,
	type AnchorSpec,
	type Author,
	type DocumentRow
} from './comments.ts';
import { consultationGate } from './consultations.ts';
import { assertEditable, DECIDED_MESSAGE, isDecided } from './decisions/adoption.ts';
import { transaction, type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import { consultationGuests, documents, suggestions, users } from './db/schema/index.ts';

export type Suggestion = typeof suggestions.$inferSelect;

export const replacementText = z
	.string()
	.max(10_000, 'The replacement is too long: at most 10,000 characters.');

export const noteText = z.string().trim().max(2000, 'The note is at most 2000 characters.');
export const reasonText = commentText('The reason');

export type CreateSuggestionInput = {
	spec: AnchorSpec;
	replacement: string;
	note?: string;
	consultationId?: string | null;
};

export async function createSuggestion(
	db: DB,
	document: DocumentRow,
	author: Author,
	input: CreateSuggestionInput
) {
	const { doc, map } = await currentContent(document.id);
	const anchor = makeAnchor(doc, map, input.spec, true);
	const s = { ...anchor, replacement: input.replacement };
	if (anchor.quote === '' && input.replacement === '')
		error(422, {
			message: 'The suggestion changes nothing: give the text to insert or select text to delete.',
			code: 'invalid'
		});
	if (anchor.quote === input.replacement)
		error(422, { message: 'The replacement is the same as the selected text.', code: 'invalid' });
	const check = checkSuggestion(doc, s, map);
	doc.destroy();
	if (!check.applied) error(422, { message: check.message, code: 'invalid' });
	const id = newId();
	const now = Date.now();
	await transaction(db, async (tx) => {
		assertEditable(await documentStatus(tx, document.id));
		const consultationId = await consultationGate(tx, document.id, author, input.consultationId ?? null, now);
		await tx.insert(suggestions).values({
			id,
			workspaceId: document.workspaceId,
			documentId: document.id,
			consultationId,
			anchorStart: anchor.start,
			anchorEnd: anchor.end,
			quote: anchor.quote,
			replacement: input.replacement,
			note: input.note ?? '',
			versionHash: contentHash(map.text),
			authorId: author.kind === 'user' ? author.userId : null,
			guestId: author.kind === 'guest' ? author.guestId : null,
			createdAt: now
		});
	});
	registry.notifyAnnotationsChanged(document.id);
	return (await getSuggestion(db, id))!;
}

async function documentStatus(db: DB, documentId: string): Promise<{ status: string }> {
	return (
		one(
			await db
				.select({ status: documents.status })
				.from(documents)
				.where(eq(documents.id, documentId))
				.limit(1)
		) ?? {
			status: 'drafting'
		}
	);
}

export async function getSuggestion(db: DB, id: string): Promise<Suggestion | undefined> {
	return one(await db.select().from(suggestions).where(eq(suggestions.id, id)).limit(1));
}

export type AcceptResult = { status: 'accepted' } | { status: 'outdated'; message: string };

/** How the update log names a person from a public consultation link: `guest:<consultation_guests.id>`. */
export const GUEST_CREDIT = 'guest:';

/**
 * Who a suggestion's change is credited to in the update log (`collab_updates.user_id`): its author's user
 * id, or `guest:<id>` for a person who came through a public consultation link (they have no user account).
 */
export function creditFor(s: Pick<Suggestion, 'authorId' | 'guestId'>): string | null {
	if (s.authorId) return s.authorId;
	return s.guestId ? `${GUEST_CREDIT}${s.guestId}` : null;
}

/**
 * Accepts an open suggestion: inside one transaction of the live room, checks that it is still open, applies
 * it when its quote still matches and records the decision, so two people accepting at once cannot both
 * apply it. The document change is credited to the suggestion's author.
 */
export async function acceptSuggestion(db: DB, id: string, deciderId: string): Promise<AcceptResult> {
	const s = await getSuggestion(db, id);
	if (!s) error(404, { message: 'Not found', code: 'not_found' });
	if (s.status !== 'open')
		error(409, { message: `This suggestion is already ${s.status}.`, code: 'conflict' });
	assertEditable(await documentStatus(db, s.documentId));
	const result = await registry.transact(
		s.documentId,
		async (doc): Promise<ApplyResult | { applied: false; reason: 'decided'; message: string }> => {
			const now = Date.now();
			if (await isDecided(db, s.documentId))
				return { applied: false, reason: 'decided', message: DECIDED_MESSAGE };
			const fresh = await getSuggestion(db, id);
			if (!fresh || fresh.status !== 'open')
				return {
					applied: false,
					reason: 'decided',
					message: `This suggestion is already ${fresh?.status ?? 'gone'}.`
				};
			const r = applySuggestion(doc, {
				start: s.anchorStart,
				end: s.anchorEnd,
				quote: s.quote,
				replacement: s.replacement
			});
			await db
				.update(suggestions)
				.set(
					r.applied
						? { status: 'accepted', decidedBy: deciderId, decidedAt: now, reason: null }
						: { status: 'outdated', decidedAt: now, reason: r.message }
				)
				.where(and(eq(suggestions.id, id), eq(suggestions.status, 'open')));
			return r;
		},
		{ userId: creditFor(s) }
	);
	registry.notifyAnnotationsChanged(s.documentId);
	if (result.applied) {
		await db.update(documents).set({ updatedAt: Date.now() }).where(eq(documents.id, s.documentId));
		return { status: 'accepted' };
	}
	if (result.reason === 'decided') error(409, { message: result.message, code: 'conflict' });
	return { status: 'outdated', message: result.message };
}

export async function rejectSuggestion(db: DB, id: string, deciderId: string, reason: string) {
	const r = await db
		.update(suggestions)
		.set({ status: 'rejected', reason, decidedBy: deciderId, decidedAt: Date.now() })
		.where(and(eq(suggestions.id, id), eq(suggestions.status, 'open')));
	if (r.changes === 0) {
		const s = await getSuggestion(db, id);
		if (!s) error(404, { message: 'Not found', code: 'not_found' });
		error(409, { message: `This suggestion is already ${s.status}.`, code: 'conflict' });
	}
	const s = await getSuggestion(db, id);
	if (s) registry.notifyAnnotationsChanged(s.documentId);
}

export type SuggestionView = Suggestion & {
	kind: ReturnType<typeof suggestionKind>;
	authorName: string;
	deciderName: string | null;
	/** `outdated` for open suggestions whose text has changed since (they cannot be accepted). */
	shownStatus: Suggestion['status'];
	outdatedBecause: string | null;
	from: number | null;
	block: number | null;
};

export async function listSuggestions(
	db: DB,
	documentId: string,
	opts: { status?: Suggestion['status'] } = {}
): Promise<SuggestionView[]> {
	const decider = db.$with('decider').as(db.select({ id: users.id, name: users.name }).from(users));
	const rows = await db
		.with(decider)
		.select({
			s: suggestions,
			authorName: sql<
				string | null
			>`coalesce(${users.name}, ${consultationGuests.name} || ' (via consultation link)')`,
			deciderName: decider.name
		})
		.from(suggestions)
		.leftJoin(users, eq(users.id, suggestions.authorId))
		.leftJoin(consultationGuests, eq(consultationGuests.id, suggestions.guestId))
		.leftJoin(decider, eq(decider.id, suggestions.decidedBy))
		.where(eq(suggestions.documentId, documentId))
		.orderBy(asc(suggestions.createdAt));
	let content: Awaited<ReturnType<typeof registry.readDocument>> = null;
	let map: TextMap | null = null;
	if (rows.some((r) => r.s.status === 'open')) {
		content = await registry.readDocument(documentId);
		map = content ? textMap(content) : null;
	}
	const views = rows.map(({ s, authorName, deciderName }): SuggestionView => {
		let shownStatus = s.status;
		let outdatedBecause = s.status === 'outdated' ? s.reason : null;
		let from: number | null = null;
		let block: number | null = null;
		if (s.status === 'open' && content && map) {
			const c = checkSuggestion(
				content,
				{ start: s.anchorStart, end: s.anchorEnd, quote: s.quote, replacement: s.replacement },
				map
			);
			if (c.applied) {
				from = c.from;
				block = map.blocks.find((b) => c.from >= b.from && c.from <= b.to)?.index ?? null;
			} else {
				shownStatus = 'outdated';
				outdatedBecause = c.message;
			}
		}
		return {
			...s,
			kind: suggestionKind(s),
			authorName: authorName ?? 'Former member',
			deciderName,
			shownStatus,
			outdatedBecause,
			from,
			block
		};
	});
	content?.destroy();
	return opts.status ? views.filter((v) => v.shownStatus === opts.status) : views;
}

export function serializeSuggestion(s: SuggestionView | (Suggestion & { authorName?: string })) {
	const v = s as Partial<SuggestionView> & Suggestion;
	return {
		id: s.id,
		documentId: s.documentId,
		consultationId: s.consultationId,
		kind: suggestionKind(s),
		quote: s.quote,
		replacement: s.replacement,
		note: s.note,
		anchor: { start: s.anchorStart, end: s.anchorEnd },
		author: { id: s.authorId, name: v.authorName ?? null, guest: !!s.guestId },
		status: v.shownStatus ?? s.status,
		reason: s.status === 'outdated' || s.status === 'rejected' ? s.reason : (v.outdatedBecause ?? null),
		decidedBy: s.decidedBy,
		decidedAt: s.decidedAt ? new Date(s.decidedAt).toISOString() : null,
		createdAt: new Date(s.createdAt).toISOString(),
		position: v.from ?? null
	};
}

/** Suggestions decided since a time, for "since your last visit". */
export async function suggestionsDecidedSince(db: DB, workspaceId: string, since: number) {
	return await db
		.select({
			id: suggestions.id,
			status: suggestions.status,
			documentId: suggestions.documentId,
			documentTitle: documents.title,
			quote: suggestions.quote,
			replacement: suggestions.replacement,
			decidedAt: suggestions.decidedAt,
			authorName: sql<string>`coalesce(${users.name}, ${consultationGuests.name} || ' (via consultation link)', 'someone')`
		})
		.from(suggestions)
		.innerJoin(documents, eq(documents.id, suggestions.documentId))
		.leftJoin(users, eq(users.id, suggestions.authorId))
		.leftJoin(consultationGuests, eq(consultationGuests.id, suggestions.guestId))
		.where(
			and(
				eq(suggestions.workspaceId, workspaceId),
				sql`${suggestions.decidedAt} > ${since}`,
				ne(suggestions.status, 'open')
			)
		)
		.orderBy(desc(suggestions.decidedAt))
		.limit(30);
}
