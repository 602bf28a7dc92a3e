// SQL for the drafting checks: a workspace's settings, a document's dismissed findings, and the families picked
// for a document of kind `other`.
import { and, eq } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { checkDismissals, checkSettings, documentCheckSets, documents } from '../db/schema/index.ts';

export type CheckSetting = typeof checkSettings.$inferSelect;
export type Dismissal = typeof checkDismissals.$inferSelect;

export async function settingsOf(db: DB, workspaceId: string): Promise<CheckSetting[]> {
	return await db.select().from(checkSettings).where(eq(checkSettings.workspaceId, workspaceId));
}

export async function putSetting(db: DB, row: CheckSetting): Promise<void> {
	await db
		.insert(checkSettings)
		.values(row)
		.onConflictDoUpdate({
			target: [checkSettings.workspaceId, checkSettings.checkId],
			set: {
				off: row.off,
				reason: row.reason,
				value: row.value,
				updatedBy: row.updatedBy,
				updatedAt: row.updatedAt
			}
		});
}

export async function dismissalsOf(db: DB, documentId: string): Promise<Dismissal[]> {
	return await db.select().from(checkDismissals).where(eq(checkDismissals.documentId, documentId));
}

export async function putDismissal(db: DB, row: Dismissal): Promise<void> {
	await db
		.insert(checkDismissals)
		.values(row)
		.onConflictDoUpdate({
			target: [checkDismissals.documentId, checkDismissals.key],
			set: { reason: row.reason, createdBy: row.createdBy, createdAt: row.createdAt }
		});
}

export async function deleteDismissal(db: DB, documentId: string, key: string): Promise<boolean> {
	const gone = await db
		.delete(checkDismissals)
		.where(and(eq(checkDismissals.documentId, documentId), eq(checkDismissals.key, key)))
		.returning();
	return gone.length > 0;
}

/** The families picked for a document of kind `other` (empty: none). */
export async function checkSetOf(db: DB, documentId: string): Promise<string[]> {
	const [row] = await db
		.select({ families: documentCheckSets.families })
		.from(documentCheckSets)
		.where(eq(documentCheckSets.documentId, documentId));
	return row?.families ?? [];
}

/** The `other` documents of a workspace with the families picked for each. */
export async function otherDocumentsOf(db: DB, workspaceId: string) {
	return await db
		.select({ id: documents.id, title: documents.title, families: documentCheckSets.families })
		.from(documents)
		.leftJoin(documentCheckSets, eq(documentCheckSets.documentId, documents.id))
		.where(and(eq(documents.workspaceId, workspaceId), eq(documents.kind, 'other')))
		.orderBy(documents.title);
}

export async function putCheckSet(db: DB, row: typeof documentCheckSets.$inferInsert): Promise<void> {
	await db
		.insert(documentCheckSets)
		.values(row)
		.onConflictDoUpdate({
			target: documentCheckSets.documentId,
			set: { families: row.families, updatedBy: row.updatedBy, updatedAt: row.updatedAt }
		});
}
