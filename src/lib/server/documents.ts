import { and, desc, eq, lt } from 'drizzle-orm';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import * as Y from 'yjs';
import { type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import { documents, documentVersions, DOCUMENT_KINDS, DOCUMENT_STATUSES, users } from './db/schema/index.ts';
import { assertEditable, isDecided } from './decisions/adoption.ts';
import * as registry from './collab/registry.ts';
import { blankContent, isTemplateKey, TEMPLATES, type TemplateKey } from '../domain/templates/index.ts';
import { writeContent } from '../domain/templates/ydoc.ts';
import { contentHash, FRAGMENT, renderHtml, renderMarkdown, renderText } from '../domain/content.ts';
import { diffStats, diffWords } from '../domain/diff.ts';

export type Document = typeof documents.$inferSelect;
export type Version = typeof documentVersions.$inferSelect;
export type VersionSummary = Omit<Version, 'state' | 'html' | 'text'> & { authorName: string | null };

export const KIND_LABELS: Record<(typeof DOCUMENT_KINDS)[number], string> = {
	social_value: 'Social value policy',
	reimbursement: 'Involvement and reimbursement policy',
	procurement_principles: 'Procurement principles',
	commissioning_review: 'Commissioning review',
	other: 'Other'
};
export const STATUS_LABELS: Record<(typeof DOCUMENT_STATUSES)[number], string> = {
	drafting: 'Drafting',
	consultation: 'In consultation',
	decided: 'Decided',
	under_review: 'Under review'
};

export const documentInput = z
	.object({
		title: z
			.string({ error: 'Enter a title.' })
			.trim()
			.min(3, 'Use at least 3 characters for the title.')
			.max(200, 'Use at most 200 characters.'),
		kind: z.enum(DOCUMENT_KINDS, { error: 'Choose what kind of document this is.' }),
		template: z
			.string()
			.nullable()
			.default(null)
			.refine((t) => t === null || t === '' || isTemplateKey(t), 'Choose one of the templates, or none.')
			.transform((t) => (t ? (t as TemplateKey) : null))
	})
	.strict();
export const documentPatch = z
	.object({
		title: documentInput.shape.title.optional(),
		/** Refused with a message: the status moves by events only (see adoption.ts). */
		status: z
			.never({
				error:
					'status is not set by hand: opening a consultation, an approved decision and a facilitator starting a revision move it.'
			})
			.optional()
	})
	.strict();
export const versionInput = z
	.object({
		name: z
			.string({ error: 'Name the version.' })
			.trim()
			.min(1, 'Name the version.')
			.max(120, 'Use at most 120 characters.')
	})
	.strict();

export async function listDocuments(db: DB, workspaceId: string): Promise<Document[]> {
	return await db
		.select()
		.from(documents)
		.where(eq(documents.workspaceId, workspaceId))
		.orderBy(desc(documents.updatedAt));
}

export async function getDocument(db: DB, id: string): Promise<Document | undefined> {
	return one(await db.select().from(documents).where(eq(documents.id, id)).limit(1));
}

/** A document of this workspace, or 404. */
export async function documentInWorkspace(db: DB, workspaceId: string, id: string): Promise<Document> {
	const d = await getDocument(db, id);
	if (!d || d.workspaceId !== workspaceId) error(404, { message: 'Not found', code: 'not_found' });
	return d;
}

/** Creates a document and writes its starting content (a template or a blank title) through the live room. */
export async function createDocument(
	db: DB,
	workspaceId: string,
	input: z.infer<typeof documentInput>,
	userId: string
): Promise<Document> {
	const now = Date.now();
	const d: Document = {
		id: newId(),
		workspaceId,
		title: input.title,
		kind: input.kind,
		status: 'drafting',
		adoptedVersionId: null,
		createdBy: userId,
		createdAt: now,
		updatedAt: now
	};
	await db.insert(documents).values(d);
	const content = input.template ? TEMPLATES[input.template].content : blankContent(input.title);
	try {
		await registry.transact(d.id, (ydoc) => writeContent(ydoc, content), { userId });
	} catch (e) {
		// The row and its starting content are written in two steps; never leave a document without its content.
		await db.delete(documents).where(eq(documents.id, d.id));
		registry.notifyDocumentDeleted(d.id);
		throw e;
	}
	return d;
}

export async function updateDocument(
	db: DB,
	id: string,
	patch: z.infer<typeof documentPatch>
): Promise<Document> {
	const doc = await getDocument(db, id);
	if (!doc) error(404, { message: 'Not found', code: 'not_found' });
	assertEditable(doc);
	await db.update(documents).set({ title: patch.title, updatedAt: Date.now() }).where(eq(documents.id, id));
	return (await getDocument(db, id))!;
}

/** The current content, rendered. */
export async function currentContent(documentId: string) {
	const ydoc = await registry.readDocument(documentId);
	if (!ydoc) error(404, { message: 'Not found', code: 'not_found' });
	const out = {
		html: renderHtml(ydoc),
		text: renderText(ydoc),
		markdown: renderMarkdown(ydoc),
		hash: contentHash(ydoc)
	};
	ydoc.destroy();
	return out;
}

/** Saves a named version of the current content. */
export async function saveVersion(
	db: DB,
	documentId: string,
	name: string,
	userId: string | null
): Promise<Version> {
	const ydoc = await registry.readDocument(documentId);
	if (!ydoc) error(404, { message: 'Not found', code: 'not_found' });
	const html = renderHtml(ydoc);
	const version: Version = {
		id: newId(),
		documentId,
		name,
		html,
		text: renderText(ydoc),
		hash: contentHash(ydoc),
		state: Buffer.from(Y.encodeStateAsUpdate(ydoc)),
		createdBy: userId,
		createdAt: Date.now()
	};
	ydoc.destroy();
	await db.insert(documentVersions).values(version);
	return version;
}

export async function listVersions(db: DB, documentId: string): Promise<VersionSummary[]> {
	return await db
		.select({
			id: documentVersions.id,
			documentId: documentVersions.documentId,
			name: documentVersions.name,
			hash: documentVersions.hash,
			createdBy: documentVersions.createdBy,
			createdAt: documentVersions.createdAt,
			authorName: users.name
		})
		.from(documentVersions)
		.leftJoin(users, eq(users.id, documentVersions.createdBy))
		.where(eq(documentVersions.documentId, documentId))
		.orderBy(desc(documentVersions.createdAt));
}

export async function getVersion(
	db: DB,
	documentId: string,
	versionId: string
): Promise<(Version & { authorName: string | null }) | undefined> {
	const row = one(
		await db
			.select({ v: documentVersions, authorName: users.name })
			.from(documentVersions)
			.leftJoin(users, eq(users.id, documentVersions.createdBy))
			.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
			.limit(1)
	);
	return row ? { ...row.v, authorName: row.authorName } : undefined;
}

/**
 * Restores a version as a new edit through the live room: the current blocks are replaced by copies of the
 * version's blocks, so everyone editing sees the change at once and it can be undone like any edit.
 */
export async function restoreVersion(
	db: DB,
	documentId: string,
	versionId: string,
	userId: string
): Promise<void> {
	const version = await getVersion(db, documentId, versionId);
	if (!version) error(404, { message: 'Not found', code: 'not_found' });
	assertEditable((await getDocument(db, documentId))!);
	const old = new Y.Doc();
	Y.applyUpdate(old, new Uint8Array(version.state));
	const blocks = old.getXmlFragment(FRAGMENT).toArray();
	const restored = await registry.transact(
		documentId,
		async (ydoc) => {
			if (await isDecided(db, documentId)) return false;
			const fragment = ydoc.getXmlFragment(FRAGMENT);
			fragment.delete(0, fragment.length);
			fragment.insert(
				0,
				blocks.map((b) => (b as Y.XmlElement | Y.XmlText).clone())
			);
			return true;
		},
		{ userId }
	);
	old.destroy();
	if (!restored) assertEditable({ status: 'decided' });
	await db.update(documents).set({ updatedAt: Date.now() }).where(eq(documents.id, documentId));
}

/**
 * What changed between the named version saved before `versionId` and `versionId` itself (for example the
 * version a consultation was opened on): the word diff and its counts, or null when there is no earlier
 * version or nothing changed.
 */
export async function changesSincePrevious(db: DB, documentId: string, versionId: string) {
	const version = await getVersion(db, documentId, versionId);
	if (!version) return null;
	const previous = one(
		await db
			.select()
			.from(documentVersions)
			.where(
				and(eq(documentVersions.documentId, documentId), lt(documentVersions.createdAt, version.createdAt))
			)
			.orderBy(desc(documentVersions.createdAt))
			.limit(1)
	);
	if (!previous || previous.hash === version.hash) return null;
	const parts = diffWords(previous.text, version.text);
	return {
		from: { name: previous.name, createdAt: previous.createdAt },
		to: { name: version.name, createdAt: version.createdAt },
		parts,
		stats: diffStats(parts)
	};
}
