/**
 * A document's content as a block tree (src/lib/domain/render), for the pages that show it read-only: the
 * current text, a saved version, and what changed between two of them.
 */
import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DB } from '../db/index.ts';
import { documentVersions } from '../db/schema/index.ts';
import * as repo from './repository.ts';
import * as registry from '../collab/registry.ts';
import { contentHash } from '../../domain/content.ts';
import { fromYjs } from '../../domain/render/tree.ts';
import type { DocNode } from '../../domain/render/nodes.ts';
import { changesOnly, diffBlocks, diffTreeStats, hasChanges } from '../../domain/diff-tree.ts';

/**
 * A saved version's blocks, from the Yjs state saved with it; from its plain text, a paragraph a line, when the
 * state cannot be read (versions are written with both, but a copy brought in from elsewhere may lack it).
 */
export function versionBlocks(version: { state: Uint8Array; text: string }): DocNode[] {
	const doc = new Y.Doc();
	let blocks: DocNode[] = [];
	try {
		Y.applyUpdate(doc, new Uint8Array(version.state));
		blocks = fromYjs(doc);
	} catch {
		blocks = [];
	} finally {
		doc.destroy();
	}
	if (blocks.length || !version.text) return blocks;
	return version.text
		.split('\n')
		.map((line) =>
			line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' }
		);
}

/** The current text's blocks and content hash; null when the document has no content. */
export async function currentShape(documentId: string): Promise<{ blocks: DocNode[]; hash: string } | null> {
	const doc = await registry.readDocument(documentId);
	if (!doc) return null;
	const out = { blocks: fromYjs(doc), hash: contentHash(doc) };
	doc.destroy();
	return out;
}

/**
 * What changed between the version saved before `versionId` and `versionId` itself (for example the version
 * a consultation was opened on): the changed blocks, each under its section's heading, and the word counts;
 * null when there is no earlier version or nothing changed.
 */
export async function changesSincePrevious(db: DB, documentId: string, versionId: string) {
	const version = await repo.getVersion(db, documentId, versionId);
	if (!version) return null;
	const previous = await repo.versionBefore(db, documentId, version.createdAt);
	if (!previous || previous.hash === version.hash) return null;
	const diff = diffBlocks(versionBlocks(previous), versionBlocks(version));
	if (!hasChanges(diff)) return null;
	return {
		from: { name: previous.name, createdAt: previous.createdAt },
		to: { name: version.name, createdAt: version.createdAt },
		diff: changesOnly(diff),
		stats: diffTreeStats(diff)
	};
}

/** A saved version's blocks by its id; null when the document has no such version. */
export async function versionBlocksById(
	db: DB,
	documentId: string,
	versionId: string
): Promise<DocNode[] | null> {
	const version = (
		await db
			.select({ state: documentVersions.state, text: documentVersions.text })
			.from(documentVersions)
			.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
			.limit(1)
	)[0];
	return version ? versionBlocks(version) : null;
}
