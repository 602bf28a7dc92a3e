// One function per thing a person does in the discussion of a document: open a thread, reply, resolve or
// reopen it, edit or delete their own comment, suggest a change, accept or reject a suggestion. Each checks
// the policy, refuses with a domain error and returns plain data; the page actions and the API call the same
// function. People from a public consultation link (no account) write through the `…As` functions, which the
// consultation page calls once it has checked their link.
import { getDb, transaction } from '../db/index.ts';
import type { Actor } from '../access.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { authorize } from '../policy/index.ts';
import * as registry from '../collab/registry.ts';
import { consultationGate } from '../consultations/lifecycle.ts';
import { DECIDED_MESSAGE, isDecided } from '../decisions/adoption.ts';
import { applySuggestion, checkSuggestion, type ApplyResult } from '../../domain/suggestion.ts';
import { newId } from '../db/ids.ts';
import { assertEditable } from '../documents/content.ts';
import { documentFor } from '../documents/queries.ts';
import { touchDocument, type Document } from '../documents/repository.ts';
import { anchorColumns, liveText, makeAnchor } from './anchors.ts';
import { creditFor } from './credit.ts';
import { recordCommentNotices, wakeMailWorker } from './notices.ts';
import { authorSees, threadFor } from './queries.ts';
import * as repo from './repository.ts';
import type { Author, Thread } from './repository.ts';
import { commentText, noteText, reasonText, replacementText, type AnchorSpec } from './schemas.ts';
import type { z } from 'zod';

function parse<S extends z.ZodType>(schema: S, value: unknown, field: string): z.infer<S> {
	const r = schema.safeParse(value);
	if (r.success) return r.data;
	const message = r.error.issues[0].message;
	throw new Invalid(message, { [field]: message });
}

const memberAuthor = (actor: Actor): Author => ({ kind: 'user', userId: actor.user!.id });

/** A document page names its document: a thread or suggestion of another document is not found there. */
function within(documentId: string | undefined, actual: string) {
	if (documentId !== undefined && documentId !== actual) throw new NotFound();
}

export type ThreadInput = { spec: AnchorSpec; body: unknown; consultationId?: string | null };

/** Opens a thread with its first comment (the author is a member or a person from a consultation link). */
export async function openThreadAs(document: Document, author: Author, input: ThreadInput) {
	const body = parse(commentText(), input.body, 'body');
	const db = getDb();
	const { doc, map } = await liveText(document.id);
	let anchor;
	try {
		anchor = makeAnchor(doc, map, input.spec);
	} finally {
		doc.destroy();
	}
	const mentions = author.kind === 'user' ? await repo.findMentions(db, document.workspaceId, body) : [];
	const now = Date.now();
	const threadId = newId();
	const commentId = newId();
	const told = await transaction(db, async (tx) => {
		const consultationId = await consultationGate(tx, document.id, author, input.consultationId ?? null, now);
		await repo.insertThread(tx, {
			id: threadId,
			workspaceId: document.workspaceId,
			documentId: document.id,
			consultationId,
			...anchorColumns(anchor, map),
			createdAt: now,
			updatedAt: now
		});
		await repo.insertComment(
			tx,
			{ id: commentId, threadId, ...repo.authorColumns(author), body, createdAt: now },
			mentions
		);
		return await recordCommentNotices(
			tx,
			{ threadId, commentId, author, body, mentions, isReply: false },
			now
		);
	});
	if (told) wakeMailWorker();
	registry.notifyAnnotationsChanged(document.id);
	return { threadId, commentId, documentId: document.id };
}

/** A commenter opens a thread on a passage or a section. */
export async function openThread(actor: Actor, documentId: string, input: ThreadInput) {
	const { document } = await documentFor(actor, documentId, 'comment.create');
	return await openThreadAs(document, memberAuthor(actor), input);
}

/**
 * Adds a reply; refused after the close of the consultation the thread belongs to. A thread that a person from
 * a consultation link does not see does not exist for them.
 */
export async function replyAs(thread: Thread, author: Author, input: { body: unknown }) {
	const db = getDb();
	if (!(await authorSees(db, thread, author))) throw new NotFound();
	const body = parse(commentText('The reply'), input.body, 'body');
	const mentions = author.kind === 'user' ? await repo.findMentions(db, thread.workspaceId, body) : [];
	const now = Date.now();
	const commentId = newId();
	const told = await transaction(db, async (tx) => {
		await consultationGate(tx, thread.documentId, author, thread.consultationId, now, true);
		await repo.insertComment(
			tx,
			{ id: commentId, threadId: thread.id, ...repo.authorColumns(author), body, createdAt: now },
			mentions
		);
		await repo.touchThread(tx, thread.id, now);
		return await recordCommentNotices(
			tx,
			{ threadId: thread.id, commentId, author, body, mentions, isReply: true },
			now
		);
	});
	if (told) wakeMailWorker();
	registry.notifyAnnotationsChanged(thread.documentId);
	return { threadId: thread.id, commentId, documentId: thread.documentId };
}

/** A person from a consultation link replies in one of their threads (`threadId` unknown: not found). */
export async function replyAsGuest(
	document: Document,
	author: Author,
	threadId: string,
	input: { body: unknown }
) {
	const thread = await repo.getThread(getDb(), threadId);
	if (!thread || thread.documentId !== document.id) throw new NotFound();
	return await replyAs(thread, author, input);
}

/** A commenter replies in a thread (named by its id or a comment's). */
export async function reply(actor: Actor, id: string, input: { body: unknown }, documentId?: string) {
	const { thread } = await threadFor(actor, id, 'comment.create');
	within(documentId, thread.documentId);
	return await replyAs(thread, memberAuthor(actor), input);
}

/** A commenter resolves a thread, or opens it again. */
export async function setThreadStatus(
	actor: Actor,
	id: string,
	status: 'open' | 'resolved',
	documentId?: string
) {
	const { thread } = await threadFor(actor, id, 'comment.resolve');
	within(documentId, thread.documentId);
	await repo.setThreadStatus(getDb(), thread.id, actor.user!.id, status, Date.now());
	registry.notifyAnnotationsChanged(thread.documentId);
	return { threadId: thread.id, documentId: thread.documentId };
}

/** The comment a request names: a comment id, or a thread id standing for the thread's first comment. */
async function ownComment(actor: Actor, id: string, documentId?: string) {
	const found = await threadFor(actor, id, 'read');
	within(documentId, found.thread.documentId);
	const comment = found.comment ?? (await repo.firstComment(getDb(), found.thread.id));
	if (!comment) throw new NotFound();
	authorize(actor, 'comment.changeOwn', found.member, { authorId: comment.authorId });
	if (comment.deletedAt) throw new Conflict('This comment was deleted.');
	return { ...found, comment };
}

/** Changes one's own comment; the earlier wording is kept in the history. */
export async function editComment(actor: Actor, id: string, input: { body: unknown }, documentId?: string) {
	const { thread, comment } = await ownComment(actor, id, documentId);
	const body = parse(commentText(), input.body, 'body');
	if (comment.body !== body) {
		const db = getDb();
		const mentions = await repo.findMentions(db, thread.workspaceId, body);
		await transaction(db, async (tx) => {
			await repo.replaceBody(tx, comment, actor.user!.id, body, mentions, Date.now());
		});
		registry.notifyAnnotationsChanged(thread.documentId);
	}
	return { threadId: thread.id, commentId: comment.id, documentId: thread.documentId };
}

/** Deletes one's own comment: the row stays (the thread keeps its shape), its text moves to the history. */
export async function deleteComment(actor: Actor, id: string, documentId?: string) {
	const { thread, comment } = await ownComment(actor, id, documentId);
	await transaction(getDb(), async (tx) => {
		await repo.replaceBody(tx, comment, actor.user!.id, '', [], Date.now(), true);
	});
	registry.notifyAnnotationsChanged(thread.documentId);
	return { threadId: thread.id, commentId: comment.id, documentId: thread.documentId };
}

export type SuggestionInput = {
	spec: AnchorSpec;
	replacement: unknown;
	note?: unknown;
	consultationId?: string | null;
};

/** Suggests a change (the author is a member or a person from a consultation link). */
export async function suggestAs(document: Document, author: Author, input: SuggestionInput) {
	const replacement = parse(replacementText, input.replacement, 'replacement');
	const note = parse(noteText, input.note ?? '', 'note');
	const db = getDb();
	const { doc, map } = await liveText(document.id);
	let anchor, check;
	try {
		anchor = makeAnchor(doc, map, input.spec, true);
		if (anchor.quote === '' && replacement === '')
			throw new Invalid('The suggestion changes nothing: give the text to insert or select text to delete.');
		if (anchor.quote === replacement) throw new Invalid('The replacement is the same as the selected text.');
		check = checkSuggestion(doc, { ...anchor, replacement }, map);
	} finally {
		doc.destroy();
	}
	if (!check.applied) throw new Invalid(check.message);
	const id = newId();
	const now = Date.now();
	await transaction(db, async (tx) => {
		assertEditable(await repo.documentStatus(tx, document.id));
		const consultationId = await consultationGate(tx, document.id, author, input.consultationId ?? null, now);
		await repo.insertSuggestion(tx, {
			id,
			workspaceId: document.workspaceId,
			documentId: document.id,
			consultationId,
			...anchorColumns(anchor, map),
			replacement,
			note,
			...repo.authorColumns(author),
			createdAt: now
		});
	});
	registry.notifyAnnotationsChanged(document.id);
	return (await repo.getSuggestion(db, id))!;
}

/** A commenter suggests a change to the text. */
export async function suggest(actor: Actor, documentId: string, input: SuggestionInput) {
	const { document } = await documentFor(actor, documentId, 'suggestion.create');
	return await suggestAs(document, memberAuthor(actor), input);
}

async function decidable(actor: Actor, id: string, documentId?: string) {
	const s = await repo.getSuggestion(getDb(), id);
	if (!s) throw new NotFound();
	const access = await documentFor(actor, s.documentId, 'suggestion.decide');
	within(documentId, s.documentId);
	return { ...access, suggestion: s };
}

const already = (status: string) => new Conflict(`This suggestion is already ${status}.`);

/**
 * An editor accepts an open suggestion: inside one transaction of the live room, checks that it is still open,
 * applies it when its quote still matches and records the decision, so two people accepting at once cannot
 * both apply it. The change is credited to the suggestion's author. A suggestion whose text has changed is
 * marked outdated and refused (409, code `outdated`).
 */
export async function acceptSuggestion(actor: Actor, id: string, documentId?: string) {
	const { suggestion: s } = await decidable(actor, id, documentId);
	const db = getDb();
	if (s.status !== 'open') throw already(s.status);
	assertEditable(await repo.documentStatus(db, s.documentId));
	const deciderId = actor.user!.id;
	const result = await registry.transact(
		s.documentId,
		async (doc): Promise<ApplyResult | { applied: false; reason: 'decided'; message: string }> => {
			const now = Date.now();
			if (await isDecided(db, s.documentId))
				return { applied: false, reason: 'decided', message: DECIDED_MESSAGE };
			const fresh = await repo.getSuggestion(db, id);
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
			await repo.decideSuggestion(
				db,
				id,
				r.applied
					? { status: 'accepted', decidedBy: deciderId, decidedAt: now, reason: null }
					: { status: 'outdated', decidedAt: now, reason: r.message }
			);
			return r;
		},
		{ userId: creditFor(s) }
	);
	registry.notifyAnnotationsChanged(s.documentId);
	if (result.applied) {
		await touchDocument(db, s.documentId);
		return { suggestionId: s.id, documentId: s.documentId };
	}
	if (result.reason === 'decided') throw new Conflict(result.message);
	throw new Conflict(`This suggestion is outdated and cannot be accepted: ${result.message}`, 'outdated');
}

/** An editor rejects an open suggestion, giving a reason. */
export async function rejectSuggestion(
	actor: Actor,
	id: string,
	input: { reason: unknown },
	documentId?: string
) {
	const { suggestion: s } = await decidable(actor, id, documentId);
	const reason = parse(reasonText, input.reason, 'reason');
	const db = getDb();
	const decided = await repo.decideSuggestion(db, s.id, {
		status: 'rejected',
		reason,
		decidedBy: actor.user!.id,
		decidedAt: Date.now()
	});
	if (!decided) throw already((await repo.getSuggestion(db, s.id))?.status ?? 'gone');
	registry.notifyAnnotationsChanged(s.documentId);
	return { suggestionId: s.id, documentId: s.documentId };
}
