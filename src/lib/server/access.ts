import { error } from '@sveltejs/kit';
import { and, eq, or } from 'drizzle-orm';
import type { DB } from './db/index.ts';
import { workspaceMembers, workspaces, type Role } from './db/schema/index.ts';
import type { SessionUser } from './auth/session.ts';
import { tokenReaches, type TokenInfo } from './auth/tokens.ts';

export const ROLE_RANK: Record<Role, number> = { observer: 0, commenter: 1, editor: 2, facilitator: 3 };

/** Who is acting: a signed-in user (cookie) or a personal access token's user, or nobody. */
export type Actor = { user: SessionUser | null; token: TokenInfo | null };

export type Membership = {
	role: Role;
	organisationId: string | null;
	standing: 'representative' | 'participant';
	votingDelegate: boolean;
};

export type Workspace = typeof workspaces.$inferSelect;
export type WorkspaceAccess = { workspace: Workspace; member: Membership | null; actor: Actor };

export function getMembership(db: DB, workspaceId: string, userId: string): Membership | null {
	const m = db
		.select({
			role: workspaceMembers.role,
			organisationId: workspaceMembers.organisationId,
			standing: workspaceMembers.standing,
			votingDelegate: workspaceMembers.votingDelegate
		})
		.from(workspaceMembers)
		.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
		.get();
	return m ?? null;
}

export function hasRole(member: Membership | null, min: Role): boolean {
	return !!member && ROLE_RANK[member.role] >= ROLE_RANK[min];
}

/**
 * Loads a workspace by id or slug for the actor. A private workspace is 404 to anyone who is not a member,
 * and to a token whose workspace list does not name it. Public workspaces load for everyone, with
 * `member: null` for visitors: callers decide what visitors may see.
 */
export function loadWorkspace(db: DB, actor: Actor, idOrSlug: string): WorkspaceAccess {
	const workspace = db
		.select()
		.from(workspaces)
		.where(or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)))
		.get();
	if (!workspace) error(404, { message: 'Not found', code: 'not_found' });
	const reachable = tokenReaches(actor.token, workspace.id);
	const member = actor.user && reachable ? getMembership(db, workspace.id, actor.user.id) : null;
	if (!reachable || (workspace.visibility === 'private' && !member))
		error(404, { message: 'Not found', code: 'not_found' });
	return { workspace, member, actor };
}

/** Requires a signed-in actor (401 otherwise). */
export function requireUser(actor: Actor): SessionUser {
	if (!actor.user) error(401, { message: 'Sign in first.', code: 'unauthenticated' });
	return actor.user;
}

/** Refuses a change made with a read-only token. */
export function requireWriteScope(actor: Actor): void {
	if (actor.token && actor.token.scope !== 'write')
		error(403, { message: 'This token is read-only.', code: 'forbidden' });
}

/**
 * Loads the workspace and requires at least `min` role in it: 404 if the actor cannot see it, 401 if not
 * signed in, 403 if the role is too low. It does not look at the token's scope: reads by facilitators (such as
 * the invitation list) work with read-only tokens, so every change also calls `requireWriteScope`.
 */
export function requireRole(
	db: DB,
	actor: Actor,
	idOrSlug: string,
	min: Role
): WorkspaceAccess & { member: Membership } {
	const access = loadWorkspace(db, actor, idOrSlug);
	requireUser(actor);
	if (!access.member) error(403, { message: 'You are not a member of this workspace.', code: 'forbidden' });
	if (!hasRole(access.member, min))
		error(403, { message: `This needs the ${min} role or higher.`, code: 'forbidden' });
	return access as WorkspaceAccess & { member: Membership };
}

/** Requires a member (any role) to read members-only content such as drafts and comments. */
export function requireMember(
	db: DB,
	actor: Actor,
	idOrSlug: string
): WorkspaceAccess & { member: Membership } {
	const access = loadWorkspace(db, actor, idOrSlug);
	if (!access.member) {
		requireUser(actor);
		error(403, { message: 'Only members of this workspace can see this.', code: 'forbidden' });
	}
	return access as WorkspaceAccess & { member: Membership };
}

export function requireAdmin(actor: Actor): SessionUser {
	const user = requireUser(actor);
	if (!user.isAdmin) error(403, { message: 'Administrators only.', code: 'forbidden' });
	return user;
}
