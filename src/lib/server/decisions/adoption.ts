/**
 * Decisions pin the text they adopt. A vote (or a consensus decision) that names only a document pins the
 * text it has at that moment, saved as a named version when it differs from the last one. An approved
 * decision that adopts a version makes the document `decided`: first any text changed since is saved as a
 * version, then the live text is set to the adopted version through the live room. A decided document is
 * read-only until a facilitator starts a revision (`under_review`). See docs/documents.md.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import { versionRecord } from '../checks/run.ts';
import { affected, transaction, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { decisions, documents, documentVersions } from '../db/schema/index.ts';
import { CollabStore } from '../collab/persistence.ts';
import { getDocument } from '../documents/repository.ts';
import * as registry from '../collab/registry.ts';
import { Conflict, NotFound } from '../errors.ts';
import { loadWorkspace, type Actor } from '../access.ts';
import { authorize } from '../policy/index.ts';
import { contentHash, FRAGMENT, renderHtml, renderText } from '../../domain/content.ts';

export const AS_PUT_TO_THE_VOTE = 'As put to the vote';
export const AS_DECIDED = 'As decided';
export const EDITS_DURING_THE_VOTE = 'Edits during the vote';
export const EDITS_BEFORE_THE_DECISION = 'Edits before the decision';
export const SET_BY_HAND = 'Text when its status was set by hand';

export type PinnedVersion = { id: string; name: string; hash: string };

async function latestVersion(db: DB, documentId: string): Promise<PinnedVersion | undefined> {
	return one(
		await db
			.select({ id: documentVersions.id, name: documentVersions.name, hash: documentVersions.hash })
			.from(documentVersions)
			.where(eq(documentVersions.documentId, documentId))
			.orderBy(desc(documentVersions.createdAt))
			.limit(1)
	);
}

/** Saves `doc` as a named version (by the system: no author). */
async function insertVersion(
	db: DB,
	documentId: string,
	name: string,
	doc: Y.Doc,
	now: number
): Promise<PinnedVersion> {
	const version = {
		id: newId(),
		documentId,
		name,
		html: renderHtml(doc),
		text: renderText(doc),
		hash: contentHash(doc),
		state: Buffer.from(Y.encodeStateAsUpdate(doc)),
		// The drafting checks on the text put to a vote or adopted, kept with it.
		checks: await versionRecord(db, documentId, doc),
		createdBy: null,
		createdAt: now
	};
	await db.insert(documentVersions).values(version);
	return { id: version.id, name, hash: version.hash };
}

/**
 * Pins a document's current text, inside the caller's write transaction: the last saved version when the text
 * still matches it, otherwise a new version named `name`. The text is read from the database, which holds every
 * edit anyone has been shown (the live room stores an update before it broadcasts it).
 */
export async function pinCurrentText(
	db: DB,
	documentId: string,
	name: string,
	now = Date.now()
): Promise<PinnedVersion> {
	const { doc } = await new CollabStore(db).load(documentId);
	try {
		const last = await latestVersion(db, documentId);
		if (last && last.hash === contentHash(doc)) return last;
		return await insertVersion(db, documentId, name, doc, now);
	} finally {
		doc.destroy();
	}
}

/**
 * Sets the live text of a document to its adopted version through the live room. Open sockets re-check their
 * rights first (a decided document is read-only), then, in one change of the room: text that differs from the
 * adopted version and from the last saved version is saved as a version named `editsName`, and the blocks are
 * replaced by copies of the version's. Returns the version the edits were saved as, if any.
 */
export async function applyAdoptedText(
	db: DB,
	documentId: string,
	versionId: string,
	editsName: string
): Promise<PinnedVersion | null> {
	registry.notifyAccessChanged({ documentId });
	// The re-check runs on the next turn of the event loop: let it, so no socket writes after this point.
	await new Promise((resolve) => setImmediate(resolve));
	const version = one(
		await db
			.select()
			.from(documentVersions)
			.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
			.limit(1)
	);
	if (!version) return null;
	const adopted = new Y.Doc();
	Y.applyUpdate(adopted, new Uint8Array(version.state));
	const blocks = adopted.getXmlFragment(FRAGMENT).toArray();
	try {
		const saved = await registry.transact(
			documentId,
			async (ydoc) => {
				const hash = contentHash(ydoc);
				if (hash === version.hash) return null;
				const last = await latestVersion(db, documentId);
				const edits =
					last?.hash === hash ? null : await insertVersion(db, documentId, editsName, ydoc, Date.now());
				const fragment = ydoc.getXmlFragment(FRAGMENT);
				fragment.delete(0, fragment.length);
				fragment.insert(
					0,
					blocks.map((b) => (b as Y.XmlElement | Y.XmlText).clone())
				);
				return edits;
			},
			{ userId: null }
		);
		// Open document pages reload their data, and so show that the document is decided.
		registry.notifyAnnotationsChanged(documentId);
		return saved;
	} finally {
		adopted.destroy();
	}
}

export const DECIDED_MESSAGE =
	'This document is decided: its adopted text is read-only until a facilitator starts a revision.';

/**
 * Refuses a change to a decided document (its adopted text is read-only until a revision starts). A change
 * made through the live room checks again inside the room's change (`isDecided`), since a decision may have
 * adopted a version while it waited for the room.
 */
export function assertEditable(doc: { status: string }): void {
	if (doc.status === 'decided') throw new Conflict(DECIDED_MESSAGE, 'decided');
}

export async function isDecided(db: DB, documentId: string): Promise<boolean> {
	return (await getDocument(db, documentId))?.status === 'decided';
}

/**
 * A facilitator starts a revision of a decided document: it becomes `under_review` and editable again. The
 * adopted version stays recorded (and readable) until a new decision adopts another.
 */
export async function startRevision(db: DB, actor: Actor, documentId: string, now = Date.now()) {
	const doc = one(await db.select().from(documents).where(eq(documents.id, documentId)).limit(1));
	if (!doc) throw new NotFound();
	const access = await loadWorkspace(db, actor, doc.workspaceId);
	authorize(actor, 'decision.revise', access.member, access.workspace);
	const changed = affected(
		await db
			.update(documents)
			.set({ status: 'under_review', updatedAt: now })
			.where(and(eq(documents.id, documentId), eq(documents.status, 'decided')))
	);
	if (!changed) throw new Conflict('Only a decided document can be revised: this one is already editable.');
	registry.notifyAccessChanged({ documentId });
	registry.notifyAnnotationsChanged(documentId);
	return one(await db.select().from(documents).where(eq(documents.id, documentId)).limit(1))!;
}

/**
 * Start-up upgrade (idempotent; runs before the collaboration server opens rooms):
 * - a document marked `decided` by hand (no adopted version) keeps that status only when the latest approved
 *   record about it, not superseded, names a version whose text is the current text; that version becomes its
 *   adopted version. Otherwise it becomes `under_review`, its current text saved as a version.
 * - a decided document whose live text is not its adopted version (the server stopped between publishing a
 *   decision and setting the text) gets its adopted text, the edits saved first.
 */
export async function upgradeDocuments(
	db: DB,
	now = Date.now(),
	log: (message: string) => void = console.error
): Promise<{ reviewed: number; adopted: number; reset: number }> {
	const done = { reviewed: 0, adopted: 0, reset: 0 };
	const decided = await db.select().from(documents).where(eq(documents.status, 'decided'));
	for (const doc of decided) {
		try {
			await upgradeDocument(db, doc, now, done);
		} catch (e) {
			// One unreadable document must not stop the server: it is tried again at the next start.
			log(`upgrade of document ${doc.id} failed: ${(e as Error).message}`);
		}
	}
	return done;
}

async function upgradeDocument(
	db: DB,
	doc: typeof documents.$inferSelect,
	now: number,
	done: { reviewed: number; adopted: number; reset: number }
): Promise<void> {
	const store = new CollabStore(db);
	if (!doc.adoptedVersionId) {
		await transaction(db, async (tx) => {
			const { doc: ydoc } = await store.load(doc.id);
			const hash = contentHash(ydoc);
			const record = one(
				await tx
					.select({ versionId: decisions.documentVersionId, hash: decisions.documentVersionHash })
					.from(decisions)
					.where(
						and(
							eq(decisions.documentId, doc.id),
							eq(decisions.outcome, 'approved'),
							isNull(decisions.supersededById)
						)
					)
					.orderBy(desc(decisions.registerSeq))
					.limit(1)
			);
			if (record?.versionId && record.hash === hash) {
				await tx
					.update(documents)
					.set({ adoptedVersionId: record.versionId })
					.where(eq(documents.id, doc.id));
				done.adopted++;
			} else {
				const last = await latestVersion(tx, doc.id);
				if (last?.hash !== hash) await insertVersion(tx, doc.id, SET_BY_HAND, ydoc, now);
				await tx
					.update(documents)
					.set({ status: 'under_review', updatedAt: now })
					.where(eq(documents.id, doc.id));
				done.reviewed++;
			}
			ydoc.destroy();
		});
		return;
	}
	const version = one(
		await db.select().from(documentVersions).where(eq(documentVersions.id, doc.adoptedVersionId)).limit(1)
	);
	if (!version) return;
	const { doc: current } = await store.load(doc.id);
	const differs = contentHash(current) !== version.hash;
	current.destroy();
	if (!differs) return;
	const adopted = new Y.Doc();
	Y.applyUpdate(adopted, new Uint8Array(version.state));
	const blocks = adopted.getXmlFragment(FRAGMENT).toArray();
	await transaction(db, async (tx) =>
		registry.transactOffline(
			new CollabStore(tx),
			doc.id,
			async (ydoc) => {
				const last = await latestVersion(tx, doc.id);
				if (last?.hash !== contentHash(ydoc))
					await insertVersion(tx, doc.id, EDITS_BEFORE_THE_DECISION, ydoc, now);
				const fragment = ydoc.getXmlFragment(FRAGMENT);
				fragment.delete(0, fragment.length);
				fragment.insert(
					0,
					blocks.map((b) => (b as Y.XmlElement | Y.XmlText).clone())
				);
			},
			{ userId: null }
		)
	);
	adopted.destroy();
	done.reset++;
}
