// The collaboration store's update log as other features read it ("since your last visit", digests): who
// changed which document when, until the log is folded into the snapshot, and each document's last change to
// its content, which folding keeps. Only updates that changed the content count (an editor that only opens a
// document may write without anyone typing). Only the collaboration store and this module name its tables.
import { and, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { collabUpdates, documents } from '../db/schema/index.ts';

/** Logged changes to the content by anyone but `exceptUserId` (the system's included). */
const byOthers = (exceptUserId: string) =>
	and(
		eq(collabUpdates.changesContent, true),
		or(isNull(collabUpdates.userId), ne(collabUpdates.userId, exceptUserId))
	);

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

/**
 * Documents of a workspace whose content someone other than `exceptUserId` changed last, since a time: who
 * (a user id, `guest:<id>`, or null for the system) and when. Folding the log into the snapshot changes nothing.
 */
export async function contentChangedSince(
	db: DB,
	workspaceId: string,
	since: number,
	exceptUserId: string
): Promise<{ documentId: string; userId: string | null; lastAt: number }[]> {
	return await db
		.select({
			documentId: documents.id,
			userId: documents.contentChangedBy,
			lastAt: sql<number>`${documents.contentChangedAt}`
		})
		.from(documents)
		.where(
			and(
				eq(documents.workspaceId, workspaceId),
				gt(documents.contentChangedAt, since),
				or(isNull(documents.contentChangedBy), ne(documents.contentChangedBy, exceptUserId))
			)
		);
}
