/** Per-workspace email preferences: immediate messages, a daily or weekly digest, or nothing. */
import { and, eq } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { mailPreferences, workspaceMembers, workspaces, type MailMode } from '../db/schema/index.ts';

/** Someone who has not chosen gets a daily digest: one short message a day at most, and only with news. */
export const DEFAULT_MODE: MailMode = 'daily';

export const MODE_LABELS: Record<MailMode, string> = {
	immediate: 'Straight away',
	daily: 'Daily digest',
	weekly: 'Weekly digest',
	none: 'No email'
};

export function getMode(db: DB, userId: string, workspaceId: string): MailMode {
	return (
		db
			.select({ mode: mailPreferences.mode })
			.from(mailPreferences)
			.where(and(eq(mailPreferences.userId, userId), eq(mailPreferences.workspaceId, workspaceId)))
			.get()?.mode ?? DEFAULT_MODE
	);
}

export function setMode(db: DB, userId: string, workspaceId: string, mode: MailMode, now = Date.now()): void {
	db.insert(mailPreferences)
		.values({ userId, workspaceId, mode, lastDigestAt: now, updatedAt: now })
		.onConflictDoUpdate({
			target: [mailPreferences.userId, mailPreferences.workspaceId],
			set: { mode, updatedAt: now }
		})
		.run();
}

/** Each workspace the person belongs to, with their choice. */
export function listPreferences(db: DB, userId: string) {
	return db
		.select({
			workspaceId: workspaces.id,
			name: workspaces.name,
			slug: workspaces.slug,
			mode: mailPreferences.mode
		})
		.from(workspaceMembers)
		.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
		.leftJoin(
			mailPreferences,
			and(eq(mailPreferences.userId, workspaceMembers.userId), eq(mailPreferences.workspaceId, workspaces.id))
		)
		.where(eq(workspaceMembers.userId, userId))
		.orderBy(workspaces.name)
		.all()
		.map((r) => ({ ...r, mode: r.mode ?? DEFAULT_MODE }));
}
