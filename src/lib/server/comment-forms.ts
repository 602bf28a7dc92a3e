/**
 * What the comment pages show and the form actions behind them, shared by the members' page
 * (/w/…/documents/…/comments) and the public consultation page (/consult/…). Every action works without
 * JavaScript; the caller checks who is acting before calling these.
 */
import { fail, isHttpError } from '@sveltejs/kit';
import { and, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import * as Y from 'yjs';
import { textMap } from '../domain/anchor.ts';
import { fromYjs } from '../domain/render/tree.ts';
import * as registry from './collab/registry.ts';
import * as comments from './comments.ts';
import * as consultations from './consultations.ts';
import * as suggestions from './suggestions.ts';
import type { DB } from './db/index.ts';
import { collabSnapshots, collabUpdates, consultationGuests, documents, users } from './db/schema/index.ts';
import { formValues } from './forms.ts';

export type Ctx = {
	db: DB;
	document: comments.DocumentRow;
	author: comments.Author;
	userId: string | null;
	/** The consultation a person from a public link writes in. */
	consultationId?: string | null;
};

/** The document's top-level blocks, threads, suggestions and consultation, ready for a page. */
export async function discussion(
	db: DB,
	document: comments.DocumentRow,
	opts: {
		userId: string | null;
		guestId?: string;
		filter?: comments.ThreadFilter;
		consultationId?: string;
		/** Each block's content as a tree too, for pages that show the document block by block. */
		shape?: boolean;
	}
) {
	const content = await registry.readDocument(document.id);
	const tree = content && opts.shape ? fromYjs(content) : null;
	const blocks = content
		? textMap(content).blocks.map((b) => ({
				index: b.index,
				name: b.name,
				level: b.level,
				from: b.from,
				text: b.text,
				node: tree?.[b.index] ?? null
			}))
		: [];
	content?.destroy();
	const threads = (
		await comments.listThreads(db, document.id, {
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
		// The anchor, for the live editor to show the passage.
		start: t.anchor.start,
		end: t.anchor.end,
		consultationId: t.consultationId,
		comments: t.comments.map((c) => ({
			id: c.id,
			authorId: c.author.id,
			authorName: c.author.name,
			body: c.body,
			createdAt: c.createdAt,
			editedAt: c.editedAt,
			deleted: c.deleted,
			edits: c.edits
		}))
	}));
	const list = (await suggestions.listSuggestions(db, document.id))
		.filter((s) => !opts.consultationId || s.consultationId === opts.consultationId)
		.map((s) => ({
			id: s.id,
			kind: s.kind,
			quote: s.quote,
			replacement: s.replacement,
			note: s.note,
			authorName: s.authorName,
			status: s.shownStatus,
			reason: s.outdatedBecause ?? s.reason,
			deciderName: s.deciderName,
			decidedAt: s.decidedAt,
			createdAt: s.createdAt,
			block: s.block,
			start: s.anchorStart,
			end: s.anchorEnd
		}));
	const latest = consultations.latestConsultation(db, document.id);
	const consultation = latest
		? {
				id: latest.id,
				title: latest.title,
				closesAt: latest.closesAt,
				open: consultations.isOpen(latest),
				questions: latest.questions,
				audience: latest.audience,
				responded: consultations.respondedCounts(db, latest),
				mine:
					opts.userId || opts.guestId
						? consultations.ownResponse(
								db,
								latest.id,
								opts.guestId ? `g:${opts.guestId}` : `u:${opts.userId}`
							)
						: null
			}
		: null;
	return { blocks, threads, suggestions: list, consultation };
}

function str(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v : '';
}

function intOrNull(data: FormData, name: string): number | null {
	const v = str(data, name);
	return /^\d{1,6}$/.test(v) ? Number(v) : null;
}

/** Runs a command; 4xx errors other than access errors become a form failure with their message. */
async function run(data: FormData, fn: () => unknown | Promise<unknown>, success: string, anchor?: string) {
	try {
		await fn();
		return { success, anchor };
	} catch (e) {
		if (isHttpError(e) && ![401, 403, 404].includes(e.status))
			return fail(e.status, { message: e.body.message, errors: {}, values: formValues(data) });
		throw e;
	}
}

function invalid(data: FormData, field: string, message: string) {
	return fail(400, { message, errors: { [field]: message }, values: formValues(data) });
}

function parseBody(data: FormData, field = 'body', what = 'The comment') {
	const r = comments.commentText(what).safeParse(str(data, field));
	return r.success
		? { ok: true as const, value: r.data }
		: { ok: false as const, message: r.error.issues[0].message };
}

/** A new thread on a selection (quote, with `near`) or on a whole top-level block. */
export async function comment(ctx: Ctx, data: FormData) {
	const body = parseBody(data);
	if (!body.ok) return invalid(data, 'body', body.message);
	const quote = str(data, 'quote');
	const block = intOrNull(data, 'block');
	const spec: comments.AnchorSpec =
		quote.trim() !== ''
			? { quote: quote.slice(0, comments.MAX_TEXT), near: intOrNull(data, 'near') ?? undefined }
			: block !== null
				? { block }
				: {};
	return run(
		data,
		() =>
			comments.createThread(ctx.db, ctx.document, ctx.author, {
				spec,
				body: body.value,
				consultationId: ctx.consultationId
			}),
		'Your comment was added.'
	);
}

export async function reply(ctx: Ctx, data: FormData) {
	const body = parseBody(data, 'body', 'The reply');
	if (!body.ok) return invalid(data, 'body', body.message);
	const thread = comments.getThread(ctx.db, str(data, 'threadId'));
	if (!thread || thread.documentId !== ctx.document.id)
		return invalid(data, 'body', 'That thread no longer exists.');
	return run(data, () => comments.reply(ctx.db, thread.id, ctx.author, body.value), 'Your reply was added.');
}

export async function setStatus(ctx: Ctx, data: FormData, status: 'open' | 'resolved') {
	const thread = comments.getThread(ctx.db, str(data, 'threadId'));
	if (!thread || thread.documentId !== ctx.document.id || !ctx.userId)
		return invalid(data, 'threadId', 'That thread no longer exists.');
	comments.setThreadStatus(ctx.db, thread.id, ctx.userId, status);
	return { success: status === 'resolved' ? 'The thread is resolved.' : 'The thread is open again.' };
}

export async function edit(ctx: Ctx, data: FormData) {
	const body = parseBody(data);
	if (!body.ok) return invalid(data, 'body', body.message);
	return run(
		data,
		() => comments.editComment(ctx.db, str(data, 'commentId'), ctx.userId ?? '', body.value),
		'Your comment was changed; the earlier wording is kept.'
	);
}

export async function remove(ctx: Ctx, data: FormData) {
	return run(
		data,
		() => comments.deleteComment(ctx.db, str(data, 'commentId'), ctx.userId ?? ''),
		'Your comment was deleted.'
	);
}

/**
 * A suggestion: the text to change (`find`, which must be in the chosen block, or the selected `quote`) and
 * its replacement (empty to delete). Without a text to change, the replacement is added at the end of the block.
 */
export async function suggest(ctx: Ctx, data: FormData) {
	const replacement = suggestions.replacementText.safeParse(str(data, 'replacement'));
	if (!replacement.success) return invalid(data, 'replacement', replacement.error.issues[0].message);
	const note = suggestions.noteText.safeParse(str(data, 'note'));
	if (!note.success) return invalid(data, 'note', note.error.issues[0].message);
	const find = str(data, 'find') || str(data, 'quote');
	const block = intOrNull(data, 'block');
	let spec: comments.AnchorSpec;
	if (find) {
		const near = intOrNull(data, 'near') ?? undefined;
		if (block !== null && near === undefined) {
			const content = await registry.readDocument(ctx.document.id);
			const b = content ? textMap(content).blocks.find((x) => x.index === block) : undefined;
			content?.destroy();
			if (!b) return invalid(data, 'find', 'That section no longer exists; reload the page.');
			const at = b.text.indexOf(find);
			if (at === -1)
				return invalid(data, 'find', 'That text is not in this section. Copy it exactly from the section.');
			spec = { range: { from: b.from + at, to: b.from + at + find.length } };
		} else spec = { quote: find, near };
	} else if (block !== null) {
		const content = await registry.readDocument(ctx.document.id);
		const b = content ? textMap(content).blocks.find((x) => x.index === block) : undefined;
		content?.destroy();
		if (!b) return invalid(data, 'find', 'That section no longer exists; reload the page.');
		spec = { range: { from: b.to, to: b.to } };
	} else return invalid(data, 'find', 'Say which text to change.');
	return run(
		data,
		() =>
			suggestions.createSuggestion(ctx.db, ctx.document, ctx.author, {
				spec,
				replacement: replacement.data,
				note: note.data,
				consultationId: ctx.consultationId
			}),
		'Your suggestion was added. An editor will accept or reject it.'
	);
}

export async function accept(ctx: Ctx, data: FormData) {
	const s = suggestions.getSuggestion(ctx.db, str(data, 'suggestionId'));
	if (!s || s.documentId !== ctx.document.id)
		return invalid(data, 'suggestionId', 'That suggestion no longer exists.');
	try {
		const r = await suggestions.acceptSuggestion(ctx.db, s.id, ctx.userId ?? '');
		if (r.status === 'outdated')
			return fail(409, {
				message: `This suggestion is outdated and cannot be accepted: ${r.message}`,
				errors: {},
				values: {}
			});
		return { success: 'The suggestion was accepted and applied to the document.' };
	} catch (e) {
		if (isHttpError(e) && e.status === 409)
			return fail(409, { message: e.body.message, errors: {}, values: {} });
		throw e;
	}
}

export async function reject(ctx: Ctx, data: FormData) {
	const reason = suggestions.reasonText.safeParse(str(data, 'reason'));
	if (!reason.success) return invalid(data, 'reason', reason.error.issues[0].message);
	const s = suggestions.getSuggestion(ctx.db, str(data, 'suggestionId'));
	if (!s || s.documentId !== ctx.document.id)
		return invalid(data, 'suggestionId', 'That suggestion no longer exists.');
	return run(
		data,
		() => suggestions.rejectSuggestion(ctx.db, s.id, ctx.userId ?? '', reason.data),
		'The suggestion was rejected.'
	);
}

const answersSchema = z.array(z.string().max(10_000, 'An answer is at most 10 000 characters.'));

export async function respond(ctx: Ctx, data: FormData, who: Parameters<typeof consultations.respond>[2]) {
	const c = consultations.getConsultation(ctx.db, str(data, 'consultationId'));
	if (!c || c.documentId !== ctx.document.id)
		return invalid(data, 'answer-0', 'That consultation does not exist.');
	const answers = answersSchema.safeParse(c.questions.map((_, i) => str(data, `answer-${i}`).trim()));
	if (!answers.success) return invalid(data, 'answer-0', answers.error.issues[0].message);
	return run(
		data,
		() => consultations.respond(ctx.db, c, who, answers.data),
		'Your answers were recorded. Thank you.'
	);
}

/**
 * The sections (named by their nearest heading above, or their opening words) that others' logged updates
 * since a time touched: inserted content and deletions are traced to their top-level block in the current
 * document. Empty once the log has been compacted.
 */
async function changedSections(db: DB, documentId: string, since: number, userId: string): Promise<string[]> {
	const rows = db
		.select({ data: collabUpdates.data })
		.from(collabUpdates)
		.where(
			and(
				eq(collabUpdates.documentId, documentId),
				gt(collabUpdates.createdAt, since),
				or(isNull(collabUpdates.userId), ne(collabUpdates.userId, userId))
			)
		)
		.orderBy(desc(collabUpdates.id))
		.limit(500)
		.all();
	if (rows.length === 0) return [];
	const doc = await registry.readDocument(documentId);
	if (!doc) return [];
	const fragment = doc.getXmlFragment('default');
	const tops = new Set<Y.Item>();
	const trace = (id: Y.ID) => {
		let item: Y.Item | Y.GC;
		try {
			item = Y.getItem(doc.store, id);
		} catch {
			return;
		}
		if (!(item instanceof Y.Item)) return;
		for (let at: Y.Item | null = item; at;) {
			const parent = at.parent as Y.AbstractType<unknown>;
			if (parent === fragment) return void tops.add(at);
			at = parent._item;
		}
	};
	for (const { data } of rows) {
		try {
			const { structs, ds } = Y.decodeUpdate(data);
			for (const st of structs) if (st instanceof Y.Item) trace(st.id);
			for (const [client, ranges] of ds.clients) for (const r of ranges) trace(Y.createID(client, r.clock));
		} catch {
			/* an update this reader cannot decode names no section */
		}
	}
	const names: string[] = [];
	let heading: string | null = null;
	let removed = 0;
	for (const top of tops) if (top.deleted) removed++;
	for (const child of fragment.toArray()) {
		const text = child instanceof Y.XmlElement ? textOfElement(child) : '';
		if (child instanceof Y.XmlElement && child.nodeName === 'heading') heading = text;
		if (child._item && tops.has(child._item)) {
			const name = heading ?? (text.length > 40 ? text.slice(0, 40) + '…' : text || 'an empty paragraph');
			if (!names.includes(name)) names.push(name);
		}
	}
	doc.destroy();
	if (removed) names.push(removed === 1 ? 'a removed paragraph' : `${removed} removed paragraphs`);
	return names;
}

function textOfElement(el: Y.XmlElement): string {
	return el
		.toArray()
		.map((c) =>
			c instanceof Y.XmlText
				? (c.toDelta() as { insert: unknown }[])
						.map((o) => (typeof o.insert === 'string' ? o.insert : ''))
						.join('')
				: c instanceof Y.XmlElement
					? textOfElement(c)
					: ''
		)
		.join(' ')
		.trim();
}

/**
 * What changed in a workspace since a person's last visit: documents edited (and by whom), new comments and
 * replies by others, suggestions decided, consultations opened or closing soon.
 */
export async function activitySince(db: DB, workspaceId: string, userId: string, since: number) {
	const edited = db
		.select({
			documentId: collabUpdates.documentId,
			title: documents.title,
			// A person from a public consultation link is credited as `guest:<id>` (suggestions.creditFor).
			editors: sql<string>`group_concat(distinct coalesce(${users.name}, ${consultationGuests.name} || ' (via consultation link)'))`,
			changes: sql<number>`count(*)`,
			lastAt: sql<number>`max(${collabUpdates.createdAt})`
		})
		.from(collabUpdates)
		.innerJoin(documents, eq(documents.id, collabUpdates.documentId))
		.leftJoin(users, eq(users.id, collabUpdates.userId))
		.leftJoin(
			consultationGuests,
			and(
				sql`${collabUpdates.userId} like ${suggestions.GUEST_CREDIT + '%'}`,
				sql`${consultationGuests.id} = substr(${collabUpdates.userId}, ${suggestions.GUEST_CREDIT.length + 1})`
			)
		)
		.where(
			and(
				eq(documents.workspaceId, workspaceId),
				gt(collabUpdates.createdAt, since),
				or(isNull(collabUpdates.userId), ne(collabUpdates.userId, userId))
			)
		)
		.groupBy(collabUpdates.documentId)
		.orderBy(desc(sql`max(${collabUpdates.createdAt})`))
		.limit(20)
		.all()
		.map((d) => ({ ...d, editors: d.editors ? d.editors.split(',') : [] }));
	// The log names who edited until it is compacted into the snapshot (when a room goes idle); after that
	// only the snapshot's time says that the document changed.
	const named = new Set(edited.map((d) => d.documentId));
	const compacted = db
		.select({ documentId: documents.id, title: documents.title, lastAt: collabSnapshots.updatedAt })
		.from(collabSnapshots)
		.innerJoin(documents, eq(documents.id, collabSnapshots.documentId))
		.where(and(eq(documents.workspaceId, workspaceId), gt(collabSnapshots.updatedAt, since)))
		.all()
		.filter((d) => !named.has(d.documentId))
		.map((d) => ({ ...d, editors: [] as string[], changes: 0 }));
	edited.push(...compacted);
	const withSections = [];
	for (const d of edited)
		withSections.push({ ...d, sections: await changedSections(db, d.documentId, since, userId) });
	return {
		since,
		edited: withSections,
		comments: comments.commentsSince(db, workspaceId, since, userId),
		decided: suggestions.suggestionsDecidedSince(db, workspaceId, since),
		consultations: consultations.consultationsNews(db, workspaceId, since)
	};
}
