// Who can be emailed in a workspace: its members with a real address (demo accounts have made-up ones), each
// with the mail mode they chose there. Notices, digests and vote reminders all start from this one query.
import { and, eq, type SQL } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { mailPreferences, users, workspaceMembers, type MailMode } from '../db/schema/index.ts';
import { DEFAULT_MODE } from './preferences.ts';

export type Recipient = {
	userId: string;
	email: string;
	name: string;
	organisationId: string | null;
	role: string;
	votingDelegate: boolean;
	mode: MailMode;
	lastVisitAt: number | null;
};

/** The workspace's members who can be emailed, narrowed by `where` (on `workspaceMembers` or `users`). */
export async function emailableMembers(db: DB, workspaceId: string, where?: SQL): Promise<Recipient[]> {
	const rows = await db
		.select({
			userId: users.id,
			email: users.email,
			name: users.name,
			organisationId: workspaceMembers.organisationId,
			role: workspaceMembers.role,
			votingDelegate: workspaceMembers.votingDelegate,
			mode: mailPreferences.mode,
			lastVisitAt: workspaceMembers.lastVisitAt
		})
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.leftJoin(
			mailPreferences,
			and(eq(mailPreferences.userId, users.id), eq(mailPreferences.workspaceId, workspaceMembers.workspaceId))
		)
		.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(users.isDemo, false), where))
		.orderBy(users.name);
	return rows.map((r) => ({ ...r, mode: r.mode ?? DEFAULT_MODE }));
}
