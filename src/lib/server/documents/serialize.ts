// The JSON shapes of documents and versions in the API.
import type { Document, VersionSummary } from './repository.ts';
import type { DocumentJson, VersionJson } from './schemas.ts';

export function serializeDocument(d: Document): DocumentJson {
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

export function serializeVersion(
	v: Omit<VersionSummary, 'authorName'> & { authorName?: string | null }
): VersionJson {
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
