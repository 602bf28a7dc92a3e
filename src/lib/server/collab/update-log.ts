// The collaboration store's update log as other features read it ("since your last visit", digests): who
// changed which document when, until the log is folded into the snapshot. Only the collaboration store and
// this module name its tables.
import { and, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { collabSnapshots, collabUpdates, documents } from '../db/schema/index.ts';

/** Logged changes by anyone but `exceptUserId` (the system's included). */
const byOthers = (exceptUserId: string) =>
	or(isNull(collabUpdates.userId), ne(collabUpdates.userId, exceptUserId));

/** Others' updates to a document since a time, newest first, at most `limit`; none once folded. */
export async function updatesSince(
	db: DB,
	documentId: string,
	since: number,
	exceptUserId: string,
	limit = 500
): Promise<Uint8Array[]> {
	const rows = await db
		.select({ data: collabUpdates.data })
		.from(collabUpdates)
		.where(
			and(
				eq(collabUpdates.documentId, documentId),
				gt(collabUpdates.createdAt, since),
				byOthers(exceptUserId)
			)
		)
		.orderBy(desc(collabUpdates.id))
		.limit(limit);
	return rows.map((r) => r.data);
}

export type Edits = { documentId: string; userId: string | null; changes: number; lastAt: number };

/**
 * Per document of a workspace and per person (a user id, `guest:<id>` for a person from a consultation link,
 * or null for the system): how many updates others logged since a time, and when the last one was.
 */
export async function editsSince(
	db: DB,
	workspaceId: string,
	since: number,
	exceptUserId: string
): Promise<Edits[]> {
	return await db
		.select({
			documentId: collabUpdates.documentId,
			userId: collabUpdates.userId,
			changes: sql<number>`count(*)`,
			lastAt: sql<number>`max(${collabUpdates.createdAt})`
		})
		.from(collabUpdates)
		.innerJoin(documents, eq(documents.id, collabUpdates.documentId))
		.where(
			and(eq(documents.workspaceId, workspaceId), gt(collabUpdates.createdAt, since), byOthers(exceptUserId))
		)
		.groupBy(collabUpdates.documentId, collabUpdates.userId);
}

/** Documents of a workspace whose snapshot was rewritten since a time (their log no longer says by whom). */
export async function foldedSince(
	db: DB,
	workspaceId: string,
	since: number
): Promise<{ documentId: string; lastAt: number }[]> {
	return await db
		.select({ documentId: collabSnapshots.documentId, lastAt: collabSnapshots.updatedAt })
		.from(collabSnapshots)
		.innerJoin(documents, eq(documents.id, collabSnapshots.documentId))
		.where(and(eq(documents.workspaceId, workspaceId), gt(collabSnapshots.updatedAt, since)));
}
