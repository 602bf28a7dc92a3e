// A document's text: read, rendered and saved as named versions through the collaboration store. These
// functions check no permission: commands and the features that build on documents (consultations, decisions,
// the demo) call them once they know the actor may.
import * as Y from 'yjs';
import { type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import * as registry from '../collab/registry.ts';
import { Conflict, NotFound } from '../errors.ts';
import { DECIDED_MESSAGE, isDecided } from '../decisions/adoption.ts';
import { contentHash, FRAGMENT, renderHtml, renderMarkdown, renderText } from '../../domain/content.ts';
import * as repo from './repository.ts';
import { versionRecord } from '../checks/run.ts';
import type { Version } from './repository.ts';

export { getDocument, getVersion, listVersions } from './repository.ts';

/** Refuses a change to a decided document: its adopted text is read-only until a revision starts. */
export function assertEditable(doc: { status: string }): void {
	if (doc.status === 'decided') throw new Conflict(DECIDED_MESSAGE, 'decided');
}

/** The current content, rendered. */
export async function currentContent(documentId: string) {
	const ydoc = await registry.readDocument(documentId);
	if (!ydoc) throw new NotFound();
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
	if (!ydoc) throw new NotFound();
	const version: Version = {
		id: newId(),
		documentId,
		name,
		html: renderHtml(ydoc),
		text: renderText(ydoc),
		hash: contentHash(ydoc),
		state: Buffer.from(Y.encodeStateAsUpdate(ydoc)),
		// The drafting checks on this text, with the workspace's settings and dismissals as they are now.
		checks: await versionRecord(db, documentId, ydoc),
		createdBy: userId,
		createdAt: Date.now()
	};
	ydoc.destroy();
	await repo.insertVersion(db, version);
	return version;
}

/**
 * Restores a version as a new edit through the live room: the current blocks are replaced by copies of the
 * version's blocks, so everyone editing sees the change at once and it can be undone like any edit.
 */
export async function writeVersionBack(
	db: DB,
	documentId: string,
	versionId: string,
	userId: string
): Promise<void> {
	const version = await repo.getVersion(db, documentId, versionId);
	if (!version) throw new NotFound();
	assertEditable((await repo.getDocument(db, documentId)) ?? { status: 'drafting' });
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
	await repo.touchDocument(db, documentId);
}
