// Reads of the discussion of a document, with their visibility checks: threads, suggestions, and the view
// model the comment pages (members' and public consultation) show.
import { fromYjs } from '../../domain/render/tree.ts';
import { textblockStarts } from '../../domain/render/text-offsets.ts';
import { getDb, type DB } from '../db/index.ts';
import type { Actor } from '../access.ts';
import type { Membership } from '../policy/index.ts';
import { NotFound } from '../errors.ts';
import * as registry from '../collab/registry.ts';
import { isOpen } from '../consultations/lifecycle.ts';
import { latestConsultation, ownResponse, respondentKey } from '../consultations/repository.ts';
import { respondedCounts } from '../consultations/summary.ts';
import { resolveAnchor, textMap, type Resolved, type TextMap } from '../../domain/anchor.ts';
import { checkSuggestion, suggestionKind } from '../../domain/suggestion.ts';
import { documentFor, mayOn, type DocumentNeed } from '../documents/queries.ts';
import type { Document } from '../documents/repository.ts';
import * as repo from './repository.ts';
import type { Author, Suggestion } from './repository.ts';
import type { ThreadFilter } from './schemas.ts';
import { sha256Hex } from '../../domain/secrets.ts';
import { formerMember } from '../../domain/labels.ts';

export type CommentView = {
	id: string;
	/** The organisation they write for: theirs in the workspace, or the one given at a consultation link. */
	author: { id: string | null; name: string; organisation: string | null; guest: boolean };
	body: string;
	createdAt: number;
	editedAt: number | null;
	deleted: boolean;
	edits: { body: string; replacedAt: number }[];
	mentions: string[];
};

export type ThreadView = {
	id: string;
	documentId: string;
	consultationId: string | null;
	status: 'open' | 'resolved';
	quote: string;
	anchor: { start: string; end: string };
	/** Where the anchor sits now; `deleted` when its text is gone (the quote stays). */
	position: Resolved;
	/** The top-level block the thread starts in, when its text is still there. */
	block: number | null;
	resolvedAt: number | null;
	createdAt: number;
	updatedAt: number;
	comments: CommentView[];
};

/** Threads of a document with their comments, resolved against the current content (no access check). */
export async function listThreads(
	db: DB,
	documentId: string,
	opts: { filter?: ThreadFilter; userId?: string | null; consultationId?: string } = {}
): Promise<ThreadView[]> {
	const threads = await repo.threadRows(db, documentId, {
		filter: opts.filter ?? 'all',
		userId: opts.userId ?? '',
		consultationId: opts.consultationId
	});
	if (threads.length === 0) return [];
	const content = await registry.readDocument(documentId);
	const map = content ? textMap(content) : null;
	const commentsBy = await loadComments(
		db,
		threads.map((t) => t.id)
	);
	const views = threads.map((t): ThreadView => {
		const anchor = { start: t.anchorStart, end: t.anchorEnd, quote: t.quote };
		const position: Resolved =
			content && map ? resolveAnchor(content, anchor, map) : { status: 'deleted', quote: t.quote };
		const block =
			position.status === 'ok' && map
				? (map.blocks.find((b) => position.from >= b.from && position.from <= b.to)?.index ?? null)
				: null;
		return {
			id: t.id,
			documentId: t.documentId,
			consultationId: t.consultationId,
			status: t.status,
			quote: t.quote,
			anchor: { start: t.anchorStart, end: t.anchorEnd },
			position,
			block,
			resolvedAt: t.resolvedAt,
			createdAt: t.createdAt,
			updatedAt: t.updatedAt,
			comments: commentsBy.get(t.id) ?? []
		};
	});
	content?.destroy();
	// In document order; threads whose text is gone go last.
	return views.sort((a, b) => {
		const pa = a.position.status === 'ok' ? a.position.from : Infinity;
		const pb = b.position.status === 'ok' ? b.position.from : Infinity;
		return pa === pb ? a.createdAt - b.createdAt : pa - pb;
	});
}

async function loadComments(db: DB, threadIds: string[]): Promise<Map<string, CommentView[]>> {
	const { rows, edits, mentions } = await repo.commentRows(db, threadIds);
	const out = new Map<string, CommentView[]>();
	for (const r of rows) {
		const list = out.get(r.c.threadId) ?? [];
		list.push({
			id: r.c.id,
			author: {
				id: r.c.authorId,
				name:
					r.userName ??
					(r.guestName
						? `${r.guestName} (via consultation link)`
						: formerMember(r.c.formerAuthorOrganisation)),
				organisation: r.organisation,
				guest: !!r.c.guestId
			},
			body: r.c.body,
			createdAt: r.c.createdAt,
			editedAt: r.c.editedAt,
			deleted: r.c.deletedAt !== null,
			edits: r.c.deletedAt
				? []
				: edits
						.filter((e) => e.commentId === r.c.id)
						.map((e) => ({ body: e.body, replacedAt: e.replacedAt })),
			mentions: mentions.filter((m) => m.commentId === r.c.id).map((m) => m.name)
		});
		out.set(r.c.threadId, list);
	}
	return out;
}

/** One thread as a view (after a change, for the API's answer). */
export async function threadView(db: DB, thread: { id: string; documentId: string }): Promise<ThreadView> {
	const t = (await listThreads(db, thread.documentId)).find((x) => x.id === thread.id);
	if (!t) throw new NotFound();
	return t;
}

/**
 * A thread by its id or by the id of a comment in it, once the actor may reach its document for `need`;
 * `commentId` is set when a comment was named.
 */
export async function threadFor(actor: Actor, id: string, need: DocumentNeed = 'read') {
	const db = getDb();
	let thread = await repo.getThread(db, id);
	let comment: repo.Comment | null = null;
	if (!thread) {
		const row = await repo.getComment(db, id);
		if (!row) throw new NotFound();
		thread = row.thread;
		comment = row.comment;
	}
	const access = await documentFor(actor, thread.documentId, need);
	return { ...access, thread, comment };
}

/** The threads of a document the actor may read. */
export async function threadsOf(actor: Actor, documentId: string, filter: ThreadFilter = 'all') {
	const { document } = await documentFor(actor, documentId);
	return await listThreads(getDb(), document.id, { filter, userId: actor.user?.id });
}

export type SuggestionView = Suggestion & {
	kind: ReturnType<typeof suggestionKind>;
	authorName: string;
	authorOrganisation: string | null;
	deciderName: string | null;
	/** `outdated` for open suggestions whose text has changed since (they cannot be accepted). */
	shownStatus: Suggestion['status'];
	outdatedBecause: string | null;
	from: number | null;
	block: number | null;
};

/** The suggestions of a document, checked against the current content (no access check). */
export async function listSuggestions(
	db: DB,
	documentId: string,
	opts: { status?: Suggestion['status'] } = {}
): Promise<SuggestionView[]> {
	const rows = await repo.suggestionRows(db, documentId);
	let content: Awaited<ReturnType<typeof registry.readDocument>> = null;
	let map: TextMap | null = null;
	if (rows.some((r) => r.s.status === 'open')) {
		content = await registry.readDocument(documentId);
		map = content ? textMap(content) : null;
	}
	const views = rows.map(({ s, authorName, authorOrganisation, deciderName }): SuggestionView => {
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
			authorName: authorName ?? formerMember(s.formerAuthorOrganisation),
			authorOrganisation,
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

/** One suggestion as a view (after a change, for the API's answer). */
export async function suggestionView(db: DB, s: { id: string; documentId: string }): Promise<SuggestionView> {
	const v = (await listSuggestions(db, s.documentId)).find((x) => x.id === s.id);
	if (!v) throw new NotFound();
	return v;
}

/** The suggestions of a document the actor may read. */
export async function suggestionsOf(actor: Actor, documentId: string, status?: Suggestion['status']) {
	const { document } = await documentFor(actor, documentId);
	return await listSuggestions(getDb(), document.id, { status });
}

/** A suggestion, once the actor may reach its document for `need`. */
export async function suggestionFor(actor: Actor, id: string, need: DocumentNeed = 'read') {
	const suggestion = await repo.getSuggestion(getDb(), id);
	if (!suggestion) throw new NotFound();
	return { ...(await documentFor(actor, suggestion.documentId, need)), suggestion };
}

/**
 * Whether a person who came through a consultation link sees a thread: one of their consultation's threads
 * in which they wrote (they see their own comments and the replies to them, not other people's threads).
 */
export async function authorSees(
	db: DB,
	thread: { id: string; consultationId: string | null },
	author: Author
): Promise<boolean> {
	if (author.kind !== 'guest') return true;
	if (thread.consultationId !== author.consultationId) return false;
	return await repo.guestWroteIn(db, thread.id, author.guestId);
}

/**
 * Whom a member writing on a document can @mention, as they type: the workspace's members, by name with
 * their organisation (no emails). Only for those who may comment (members); everyone else gets none.
 */
export async function mentionableFor(
	actor: Actor,
	member: Membership | null,
	document: Document
): Promise<{ name: string; organisation: string | null }[]> {
	if (!mayOn(actor, 'comment.create', member, document)) return [];
	return (await repo.mentionable(getDb(), document.workspaceId)).map((m) => ({
		name: m.name,
		organisation: m.organisation
	}));
}

/** The document's top-level blocks, threads, suggestions and consultation, ready for a page. */
export async function discussion(
	db: DB,
	document: Document,
	opts: {
		userId: string | null;
		guestId?: string;
		filter?: ThreadFilter;
		consultationId?: string;
		/**
		 * Each block's content as a tree too, and where its text blocks start, for pages that show the document
		 * block by block in its shape.
		 */
		shape?: boolean;
	}
) {
	const content = await registry.readDocument(document.id);
	const map = content ? textMap(content) : null;
	const tree = content && opts.shape ? fromYjs(content) : null;
	const starts = content && map && opts.shape ? textblockStarts(content, map) : null;
	const blocks = map
		? map.blocks.map((b) => ({
				index: b.index,
				name: b.name,
				level: b.level,
				from: b.from,
				text: b.text,
				node: tree?.[b.index] ?? null,
				starts: starts?.[b.index] ?? []
			}))
		: [];
	content?.destroy();
	const threads = (
		await listThreads(db, document.id, {
			filter: opts.filter,
			userId: opts.userId,
			consultationId: opts.consultationId
		})
	).map((t) => ({
		id: t.id,
		status: t.status,
		quote: t.quote,
		deleted: t.position.status === 'deleted',
		text: t.position.status === 'ok' ? t.position.text : null,
		block: t.block,
		// The anchor, for the live editor to show the passage; where it is in the plain text, for the page
		// that shows the text without the editor.
		start: t.anchor.start,
		end: t.anchor.end,
		from: t.position.status === 'ok' ? t.position.from : null,
		to: t.position.status === 'ok' ? t.position.to : null,
		consultationId: t.consultationId,
		comments: t.comments.map((c) => ({
			id: c.id,
			authorId: c.author.id,
			authorName: c.author.name,
			authorOrganisation: c.author.organisation,
			body: c.body,
			createdAt: c.createdAt,
			editedAt: c.editedAt,
			deleted: c.deleted,
			edits: c.edits
		}))
	}));
	const list = (await listSuggestions(db, document.id))
		.filter((s) => !opts.consultationId || s.consultationId === opts.consultationId)
		.map((s) => ({
			id: s.id,
			kind: s.kind,
			quote: s.quote,
			replacement: s.replacement,
			note: s.note,
			authorName: s.authorName,
			authorOrganisation: s.authorOrganisation,
			status: s.shownStatus,
			reason: s.outdatedBecause ?? s.reason,
			deciderName: s.deciderName,
			decidedAt: s.decidedAt,
			createdAt: s.createdAt,
			block: s.block,
			start: s.anchorStart,
			end: s.anchorEnd,
			from: s.from,
			to: s.from === null ? null : s.from + s.quote.length
		}));
	const latest = await latestConsultation(db, document.id);
	const own =
		latest && (opts.userId || opts.guestId)
			? await ownResponse(
					db,
					latest.id,
					respondentKey(opts.guestId ? { guestId: opts.guestId } : { userId: opts.userId! })
				)
			: null;
	const consultation = latest
		? {
				id: latest.id,
				title: latest.title,
				closesAt: latest.closesAt,
				open: isOpen(latest),
				questions: latest.questions,
				audience: latest.audience,
				responded: await respondedCounts(db, latest),
				mine: own && { answers: own.answers, updatedAt: own.updatedAt }
			}
		: null;
	return { blocks, threads, suggestions: list, consultation };
}

/**
 * A short fingerprint of what any reader of the document sees: its text, threads, comments, suggestions and
 * consultation (not what one person sees of it: their own answers). The document page without the live
 * editor asks for it now and then, to say when the document has changed since it was loaded.
 */
export function stampOf(d: Awaited<ReturnType<typeof discussion>>): string {
	const seen = {
		text: d.blocks.map((b) => b.text),
		threads: d.threads,
		suggestions: d.suggestions,
		consultation: d.consultation && { ...d.consultation, mine: null }
	};
	return sha256Hex(JSON.stringify(seen)).slice(0, 16);
}

/** The fingerprint (`stampOf`) of a document's discussion as it is now. */
export async function discussionStamp(db: DB, document: Document): Promise<string> {
	return stampOf(await discussion(db, document, { userId: null }));
}
