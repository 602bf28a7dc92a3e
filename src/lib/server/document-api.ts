import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { type DB, one } from './db/index.ts';
import { decisions } from './db/schema/index.ts';
import { hasRole, loadWorkspace, requireUser, requireWriteScope, type Actor } from './access.ts';
import { getDocument, getVersion, type Document, type VersionSummary } from './documents.ts';

/**
 * Loads a document for an API caller: 404 unless the caller can see its workspace and is a member
 * (documents are members-only), 403 when `write` is asked of someone below editor or of a read-only token.
 */
export async function documentForActor(
	db: DB,
	actor: Actor,
	id: string,
	need: 'read' | 'write'
): Promise<Document> {
	requireUser(actor);
	const doc = await getDocument(db, id);
	if (!doc) error(404, { message: 'Not found', code: 'not_found' });
	const { member } = await loadWorkspace(db, actor, doc.workspaceId);
	if (!member) error(404, { message: 'Not found', code: 'not_found' });
	if (need === 'write') {
		requireWriteScope(actor);
		if (!hasRole(member, 'editor'))
			error(403, { message: 'This needs the editor role or higher.', code: 'forbidden' });
	}
	return doc;
}

/**
 * Loads a version for reading. Members see every version. In a public workspace anyone (signed in or not) also
 * reads a version that was adopted: the document's adopted version, or one an approved decision names.
 */
export async function versionForActor(db: DB, actor: Actor, documentId: string, versionId: string) {
	const doc = await getDocument(db, documentId);
	if (!doc) error(404, { message: 'Not found', code: 'not_found' });
	const { workspace, member } = await loadWorkspace(db, actor, doc.workspaceId);
	const version = await getVersion(db, doc.id, versionId);
	if (member) {
		if (!version) error(404, { message: 'Not found', code: 'not_found' });
		return { document: doc, version };
	}
	const adopted =
		!!version &&
		(doc.adoptedVersionId === version.id ||
			!!one(
				await db
					.select({ id: decisions.id })
					.from(decisions)
					.where(
						and(
							eq(decisions.documentId, doc.id),
							eq(decisions.documentVersionId, version.id),
							eq(decisions.outcome, 'approved')
						)
					)
					.limit(1)
			));
	if (workspace.visibility === 'public' && adopted) return { document: doc, version: version! };
	requireUser(actor);
	error(404, { message: 'Not found', code: 'not_found' });
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
