// What changed in a workspace since a person's last visit, for the workspace page and the email digests:
// documents edited (and which sections), new comments and replies by others, suggestions decided,
// consultations opened or closing soon. It reads what the commands recorded and imports no feature's
// commands or pages, so the mail worker can load it without the editor or the web framework.
import { and, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import * as registry from './collab/registry.ts';
import * as updateLog from './collab/update-log.ts';
import type { DB } from './db/index.ts';
import {
	comments,
	commentThreads,
	consultationGuests,
	consultations,
	documents,
	suggestions,
	users
} from './db/schema/index.ts';
import { GUEST_CREDIT } from './comments/credit.ts';
import { withAuthorName } from './comments/repository.ts';
import { FRAGMENT } from '../domain/fragment.ts';

const open = (c: { openedAt: number; closesAt: number }, now: number) =>
	now >= c.openedAt && now < c.closesAt;

/**
 * The sections (named by their nearest heading above, or their opening words) that others' logged updates
 * since a time touched: inserted content and deletions are traced to their top-level block in the current
 * document. Empty once the log has been compacted.
 */
async function changedSections(db: DB, documentId: string, since: number, userId: string): Promise<string[]> {
	const rows = await updateLog.updatesSince(db, documentId, since, userId);
	if (rows.length === 0) return [];
	const doc = await registry.readDocument(documentId);
	if (!doc) return [];
	const fragment = doc.getXmlFragment(FRAGMENT);
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
	for (const data of rows) {
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
 * The workspace's documents others edited since a time, most recent first (at most 20), with who edited them
 * while the log still names them. The log is folded into the snapshot when a room goes idle; after that the
 * document's last change to its content still says who changed it last, and when.
 */
async function editedDocuments(db: DB, workspaceId: string, since: number, userId: string) {
	const byDocument = new Map<string, { editors: Set<string>; changes: number; lastAt: number }>();
	for (const e of await updateLog.editsSince(db, workspaceId, since, userId)) {
		const d = byDocument.get(e.documentId) ?? { editors: new Set<string>(), changes: 0, lastAt: 0 };
		if (e.userId) d.editors.add(e.userId);
		d.changes += e.changes;
		d.lastAt = Math.max(d.lastAt, e.lastAt);
		byDocument.set(e.documentId, d);
	}
	const logged = [...byDocument.entries()].sort((a, b) => b[1].lastAt - a[1].lastAt).slice(0, 20);
	const folded = (await updateLog.contentChangedSince(db, workspaceId, since, userId))
		.filter((f) => !byDocument.has(f.documentId))
		.map(
			(f) =>
				[
					f.documentId,
					{ editors: new Set(f.userId ? [f.userId] : []), changes: 0, lastAt: f.lastAt }
				] as const
		);
	const all = [...logged, ...folded];
	const titles = await documentTitles(
		db,
		all.map(([id]) => id)
	);
	const names = await editorNames(
		db,
		all.flatMap(([, d]) => [...d.editors])
	);
	return all
		.filter(([id]) => titles.has(id))
		.map(([documentId, d]) => ({
			documentId,
			title: titles.get(documentId)!,
			editors: [...d.editors].map((id) => names.get(id)).filter((n): n is string => !!n),
			changes: d.changes,
			lastAt: d.lastAt
		}));
}

async function documentTitles(db: DB, ids: string[]): Promise<Map<string, string>> {
	if (!ids.length) return new Map();
	const rows = await db
		.select({ id: documents.id, title: documents.title })
		.from(documents)
		.where(inArray(documents.id, ids));
	return new Map(rows.map((r) => [r.id, r.title]));
}

/** Names for the ids the log credits: members by name, people from a consultation link as such. */
async function editorNames(db: DB, ids: string[]): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const userIds = [...new Set(ids.filter((id) => !id.startsWith(GUEST_CREDIT)))];
	const guestIds = [...new Set(ids.filter((id) => id.startsWith(GUEST_CREDIT)))].map((id) =>
		id.slice(GUEST_CREDIT.length)
	);
	if (userIds.length)
		for (const u of await db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(inArray(users.id, userIds)))
			names.set(u.id, u.name);
	if (guestIds.length)
		for (const g of await db
			.select({ id: consultationGuests.id, name: consultationGuests.name })
			.from(consultationGuests)
			.where(inArray(consultationGuests.id, guestIds)))
			names.set(GUEST_CREDIT + g.id, `${g.name} (via consultation link)`);
	return names;
}

/**
 * What changed in a workspace since a person's last visit: documents edited (and by whom), new comments and
 * replies by others, suggestions decided, consultations opened or closing soon.
 */
export async function activitySince(db: DB, workspaceId: string, userId: string, since: number) {
	const edited = await editedDocuments(db, workspaceId, since, userId);
	const withSections = [];
	for (const d of edited)
		withSections.push({ ...d, sections: await changedSections(db, d.documentId, since, userId) });
	return {
		since,
		edited: withSections,
		comments: await commentsSince(db, workspaceId, since, userId),
		decided: await suggestionsDecidedSince(db, workspaceId, since),
		consultations: await consultationsNews(db, workspaceId, since)
	};
}

/** New comments and replies by others since a time. */
export async function commentsSince(db: DB, workspaceId: string, since: number, userId: string) {
	const rows = await withAuthorName(
		db
			.select({
				threadId: commentThreads.id,
				documentId: commentThreads.documentId,
				documentTitle: documents.title,
				quote: commentThreads.quote,
				commentId: comments.id,
				createdAt: comments.createdAt,
				authorName: sql<string>`coalesce(${users.name}, ${consultationGuests.name}, 'Someone')`,
				isFirst: sql<number>`${comments.createdAt} = (select min(c2.created_at) from comments c2 where c2.thread_id = ${commentThreads.id})`,
				mentionsMe: sql<number>`exists (select 1 from comment_mentions m where m.comment_id = ${comments.id} and m.user_id = ${userId})`
			})
			.from(comments)
			.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
			.innerJoin(documents, eq(documents.id, commentThreads.documentId))
			.$dynamic(),
		comments
	)
		.where(
			and(
				eq(commentThreads.workspaceId, workspaceId),
				sql`${comments.createdAt} > ${since}`,
				isNull(comments.deletedAt),
				or(isNull(comments.authorId), sql`${comments.authorId} <> ${userId}`)
			)
		)
		.orderBy(desc(comments.createdAt))
		.limit(50);
	return rows.map((r) => ({ ...r, isFirst: !!r.isFirst, mentionsMe: !!r.mentionsMe }));
}

/** Suggestions decided since a time, for "since your last visit". */
export async function suggestionsDecidedSince(db: DB, workspaceId: string, since: number) {
	return await withAuthorName(
		db
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
			.$dynamic(),
		suggestions
	)
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

/** Consultations opened since a time, or closing within the next three days, for "since your last visit". */
export async function consultationsNews(db: DB, workspaceId: string, since: number, now = Date.now()) {
	const soon = now + 3 * 24 * 60 * 60 * 1000;
	const rows = await db
		.select({ c: consultations, documentTitle: documents.title })
		.from(consultations)
		.innerJoin(documents, eq(documents.id, consultations.documentId))
		.where(eq(consultations.workspaceId, workspaceId))
		.orderBy(desc(consultations.openedAt));
	return rows
		.filter(({ c }) => c.openedAt > since || (open(c, now) && c.closesAt <= soon))
		.map(({ c, documentTitle }) => ({
			id: c.id,
			title: c.title,
			documentId: c.documentId,
			documentTitle,
			openedAt: c.openedAt,
			closesAt: c.closesAt,
			opened: c.openedAt > since,
			closingSoon: open(c, now) && c.closesAt <= soon
		}));
}
