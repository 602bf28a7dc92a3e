// The SQL of workspaces and their members.
import { and, eq, or } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { workspaceMembers, workspaces } from '../db/schema/index.ts';
import type { Membership } from '../policy/rules.ts';

export type Workspace = typeof workspaces.$inferSelect;

/** A workspace by id or slug. */
export async function findWorkspace(db: DB, idOrSlug: string): Promise<Workspace | undefined> {
	return one(
		await db
			.select()
			.from(workspaces)
			.where(or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)))
			.limit(1)
	);
}

/** A user's membership of a workspace, or null. */
export async function getMembership(db: DB, workspaceId: string, userId: string): Promise<Membership | null> {
	const m = one(
		await db
			.select({
				role: workspaceMembers.role,
				organisationId: workspaceMembers.organisationId,
				standing: workspaceMembers.standing,
				votingDelegate: workspaceMembers.votingDelegate
			})
			.from(workspaceMembers)
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
			.limit(1)
	);
	return m ?? null;
}
