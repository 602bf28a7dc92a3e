// The JSON shapes of documents and versions in the API.
import type { Document, VersionSummary } from './repository.ts';
import type { DocumentJson, VersionJson } from './schemas.ts';
import { isoUtc } from '../../domain/time.ts';

export function serializeDocument(d: Document): DocumentJson {
	return {
		id: d.id,
		workspaceId: d.workspaceId,
		title: d.title,
		kind: d.kind,
		status: d.status,
		adoptedVersionId: d.adoptedVersionId,
		createdAt: isoUtc(d.createdAt),
		updatedAt: isoUtc(d.updatedAt)
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
		createdAt: isoUtc(v.createdAt)
	};
}
