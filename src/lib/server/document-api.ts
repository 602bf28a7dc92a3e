import { error } from '@sveltejs/kit';
import type { DB } from './db/index.ts';
import { hasRole, loadWorkspace, requireUser, requireWriteScope, type Actor } from './access.ts';
import { getDocument, type Document, type VersionSummary } from './documents.ts';

/**
 * Loads a document for an API caller: 404 unless the caller can see its workspace and is a member
 * (documents are members-only), 403 when `write` is asked of someone below editor or of a read-only token.
 */
export function documentForActor(db: DB, actor: Actor, id: string, need: 'read' | 'write'): Document {
	requireUser(actor);
	const doc = getDocument(db, id);
	if (!doc) error(404, { message: 'Not found', code: 'not_found' });
	const { member } = loadWorkspace(db, actor, doc.workspaceId);
	if (!member) error(404, { message: 'Not found', code: 'not_found' });
	if (need === 'write') {
		requireWriteScope(actor);
		if (!hasRole(member, 'editor'))
			error(403, { message: 'This needs the editor role or higher.', code: 'forbidden' });
	}
	return doc;
}

export function serializeDocument(d: Document) {
	return {
		id: d.id,
		workspaceId: d.workspaceId,
		title: d.title,
		kind: d.kind,
		status: d.status,
		adoptedVersionId: d.adoptedVersionId,
		createdAt: new Date(d.createdAt).toISOString(),
		updatedAt: new Date(d.updatedAt).toISOString()
	};
}

export function serializeVersion(v: Omit<VersionSummary, 'authorName'> & { authorName?: string | null }) {
	return {
		id: v.id,
		documentId: v.documentId,
		name: v.name,
		hash: v.hash,
		createdBy: v.createdBy,
		authorName: v.authorName ?? null,
		createdAt: new Date(v.createdAt).toISOString()
	};
}
