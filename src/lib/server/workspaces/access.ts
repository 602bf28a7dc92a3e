// Who reaches a workspace: the loaders every area calls before it reads or changes something in one. They throw
// domain errors (src/lib/server/errors.ts); the web edge turns them into 404, 401 and 403.
import type { DB } from '../db/index.ts';
import type { Role } from '../db/schema/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { tokenReaches } from '../auth/tokens.ts';
import { Forbidden, NotFound, Unauthenticated } from '../errors.ts';
import { atLeast, needs, type Actor, type Membership } from '../policy/rules.ts';
import { findWorkspace, getMembership, type Workspace } from './repository.ts';

export type { Actor, Membership } from '../policy/rules.ts';
export type { Workspace } from './repository.ts';
export type WorkspaceAccess = { workspace: Workspace; member: Membership | null; actor: Actor };

/**
 * Loads a workspace by id or slug for the actor. A private workspace is 404 to anyone who is not a member,
 * and to a token whose workspace list does not name it. Public workspaces load for everyone, with
 * `member: null` for visitors: callers decide what visitors may see.
 */
export async function loadWorkspace(db: DB, actor: Actor, idOrSlug: string): Promise<WorkspaceAccess> {
	const workspace = await findWorkspace(db, idOrSlug);
	if (!workspace) throw new NotFound();
	const reachable = tokenReaches(actor.token, workspace.id);
	const member = actor.user && reachable ? await getMembership(db, workspace.id, actor.user.id) : null;
	if (!reachable || (workspace.visibility === 'private' && !member)) throw new NotFound();
	return { workspace, member, actor };
}

/** Requires a signed-in actor (401 otherwise). */
export function requireUser(actor: Actor): SessionUser {
	if (!actor.user) throw new Unauthenticated();
	return actor.user;
}

/** Refuses a change made with a read-only token. */
export function requireWriteScope(actor: Actor): void {
	if (actor.token && actor.token.scope !== 'write') throw new Forbidden('This token is read-only.');
}

/**
 * Loads the workspace and requires at least `min` role in it: 404 if the actor cannot see it, 401 if not
 * signed in, 403 if the role is too low. It does not look at the token's scope: reads by facilitators (such as
 * the invitation list) work with read-only tokens, so every change also calls `requireWriteScope`.
 */
export async function requireRole(
	db: DB,
	actor: Actor,
	idOrSlug: string,
	min: Role
): Promise<WorkspaceAccess & { member: Membership }> {
	const access = await loadWorkspace(db, actor, idOrSlug);
	requireUser(actor);
	if (!access.member) throw new Forbidden('You are not a member of this workspace.');
	if (!atLeast(access.member, min)) throw new Forbidden(needs(min));
	return access as WorkspaceAccess & { member: Membership };
}

/** Requires a member (any role) to read members-only content such as drafts and comments. */
export async function requireMember(
	db: DB,
	actor: Actor,
	idOrSlug: string
): Promise<WorkspaceAccess & { member: Membership }> {
	const access = await loadWorkspace(db, actor, idOrSlug);
	if (!access.member) {
		requireUser(actor);
		throw new Forbidden('Only members of this workspace can see this.');
	}
	return access as WorkspaceAccess & { member: Membership };
}

/** Requires a signed-in site administrator. */
export function requireAdmin(actor: Actor): SessionUser {
	const user = requireUser(actor);
	if (!user.isAdmin) throw new Forbidden('Administrators only.');
	return user;
}

/**
 * Loads a workspace for an administrator's task there (such as a redaction), whether or not they are a member.
 * A token limited to other workspaces does not reach it: 404, as for any workspace it cannot see.
 */
export async function requireAdminOfWorkspace(db: DB, actor: Actor, idOrSlug: string): Promise<Workspace> {
	requireAdmin(actor);
	const workspace = await findWorkspace(db, idOrSlug);
	if (!workspace || !tokenReaches(actor.token, workspace.id)) throw new NotFound();
	return workspace;
}

/** An administrator acting across the whole site (not through a token limited to some workspaces). */
export function requireSiteAdmin(actor: Actor): SessionUser {
	const user = requireAdmin(actor);
	if (actor.token?.workspaceIds) throw new Forbidden('This token is limited to some workspaces.');
	return user;
}
