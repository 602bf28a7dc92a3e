/** Per-workspace email preferences: immediate messages, a daily or weekly digest, or nothing. */
import { and, eq } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { mailPreferences, workspaceMembers, workspaces, type MailMode } from '../db/schema/index.ts';

/** Someone who has not chosen gets a daily digest: one short message a day at most, and only with news. */
export const DEFAULT_MODE: MailMode = 'daily';

export const MODE_LABELS: Record<MailMode, string> = {
	immediate: 'Straight away',
	daily: 'Daily digest',
	weekly: 'Weekly digest',
	none: 'No email'
};

export async function getMode(db: DB, userId: string, workspaceId: string): Promise<MailMode> {
	return (
		one(
			await db
				.select({ mode: mailPreferences.mode })
				.from(mailPreferences)
				.where(and(eq(mailPreferences.userId, userId), eq(mailPreferences.workspaceId, workspaceId)))
				.limit(1)
		)?.mode ?? DEFAULT_MODE
	);
}

export async function setMode(
	db: DB,
	userId: string,
	workspaceId: string,
	mode: MailMode,
	now = Date.now()
): Promise<void> {
	await db
		.insert(mailPreferences)
		.values({ userId, workspaceId, mode, lastDigestAt: now, updatedAt: now })
		.onConflictDoUpdate({
			target: [mailPreferences.userId, mailPreferences.workspaceId],
			set: { mode, updatedAt: now }
		});
}

/** Each workspace the person belongs to, with their choice. */
export async function listPreferences(db: DB, userId: string) {
	return (
		await db
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
				and(
					eq(mailPreferences.userId, workspaceMembers.userId),
					eq(mailPreferences.workspaceId, workspaces.id)
				)
			)
			.where(eq(workspaceMembers.userId, userId))
			.orderBy(workspaces.name)
	).map((r) => ({ ...r, mode: r.mode ?? DEFAULT_MODE }));
}
