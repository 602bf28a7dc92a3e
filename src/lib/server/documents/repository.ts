// The SQL of documents and their named versions.
import { asc, and, desc, eq, lt } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { decisions, documents, documentVersions, users } from '../db/schema/index.ts';

export type Document = typeof documents.$inferSelect;
export type Version = typeof documentVersions.$inferSelect;
export type VersionSummary = Omit<Version, 'state' | 'checks' | 'html' | 'text'> & {
	authorName: string | null;
};

export async function listDocuments(db: DB, workspaceId: string): Promise<Document[]> {
	return await db
		.select()
		.from(documents)
		.where(eq(documents.workspaceId, workspaceId))
		.orderBy(desc(documents.updatedAt), asc(documents.id));
}

export async function getDocument(db: DB, id: string): Promise<Document | undefined> {
	return one(await db.select().from(documents).where(eq(documents.id, id)).limit(1));
}

export async function insertDocument(db: DB, d: Document): Promise<void> {
	await db.insert(documents).values(d);
}

export async function deleteDocument(db: DB, id: string): Promise<void> {
	await db.delete(documents).where(eq(documents.id, id));
}

export async function setTitle(db: DB, id: string, title: string | undefined, now: number): Promise<void> {
	await db.update(documents).set({ title, updatedAt: now }).where(eq(documents.id, id));
}

/** Marks a document as changed now (its list is ordered by this). */
export async function touchDocument(db: DB, id: string, now = Date.now()): Promise<void> {
	await db.update(documents).set({ updatedAt: now }).where(eq(documents.id, id));
}

export async function insertVersion(db: DB, v: Version): Promise<void> {
	await db.insert(documentVersions).values(v);
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
		.orderBy(desc(documentVersions.createdAt), desc(documentVersions.id));
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

/** The named version saved just before one made at `before`. */
export async function versionBefore(
	db: DB,
	documentId: string,
	before: number
): Promise<Version | undefined> {
	return one(
		await db
			.select()
			.from(documentVersions)
			.where(and(eq(documentVersions.documentId, documentId), lt(documentVersions.createdAt, before)))
			.orderBy(desc(documentVersions.createdAt), desc(documentVersions.id))
			.limit(1)
	);
}

/** Whether an approved decision adopted this version of the document. */
export async function approvedDecisionNames(db: DB, documentId: string, versionId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ id: decisions.id })
			.from(decisions)
			.where(
				and(
					eq(decisions.documentId, documentId),
					eq(decisions.documentVersionId, versionId),
					eq(decisions.outcome, 'approved')
				)
			)
			.limit(1)
	);
}

/** Whether the version is a version of the document. */
export async function versionOfDocument(db: DB, versionId: string, documentId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ id: documentVersions.id })
			.from(documentVersions)
			.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
			.limit(1)
	);
}
