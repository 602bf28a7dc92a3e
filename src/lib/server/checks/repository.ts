// SQL for the drafting checks: a workspace's settings and a document's dismissed findings.
import { and, eq } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { checkDismissals, checkSettings } from '../db/schema/index.ts';

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
