import { error } from '@sveltejs/kit';
import { and, eq, inArray, or } from 'drizzle-orm';
import { type DB, one } from './db/index.ts';
import {
	organisationMembers,
	workspaceMembers,
	workspacePartners,
	workspaces,
	type Role
} from './db/schema/index.ts';
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

export function hasRole(member: Membership | null, min: Role): boolean {
	return !!member && ROLE_RANK[member.role] >= ROLE_RANK[min];
}

/**
 * Loads a workspace by id or slug for the actor. A private workspace is 404 to anyone who is not a member,
 * and to a token whose workspace list does not name it. Public workspaces load for everyone, with
 * `member: null` for visitors: callers decide what visitors may see.
 */
export async function loadWorkspace(db: DB, actor: Actor, idOrSlug: string): Promise<WorkspaceAccess> {
	const workspace = one(
		await db
			.select()
			.from(workspaces)
			.where(or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)))
			.limit(1)
	);
	if (!workspace) error(404, { message: 'Not found', code: 'not_found' });
	const reachable = tokenReaches(actor.token, workspace.id);
	const member = actor.user && reachable ? await getMembership(db, workspace.id, actor.user.id) : null;
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
export async function requireRole(
	db: DB,
	actor: Actor,
	idOrSlug: string,
	min: Role
): Promise<WorkspaceAccess & { member: Membership }> {
	const access = await loadWorkspace(db, actor, idOrSlug);
	requireUser(actor);
	if (!access.member) error(403, { message: 'You are not a member of this workspace.', code: 'forbidden' });
	if (!hasRole(access.member, min))
		error(403, { message: `This needs the ${min} role or higher.`, code: 'forbidden' });
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
		error(403, { message: 'Only members of this workspace can see this.', code: 'forbidden' });
	}
	return access as WorkspaceAccess & { member: Membership };
}

export function requireAdmin(actor: Actor): SessionUser {
	const user = requireUser(actor);
	if (!user.isAdmin) error(403, { message: 'Administrators only.', code: 'forbidden' });
	return user;
}

/**
 * Loads a workspace for an administrator's task there (such as a redaction), whether or not they are a member.
 * A token limited to other workspaces does not reach it: 404, as for any workspace it cannot see.
 */
export async function requireAdminOfWorkspace(db: DB, actor: Actor, idOrSlug: string): Promise<Workspace> {
	requireAdmin(actor);
	const workspace = one(
		await db
			.select()
			.from(workspaces)
			.where(or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)))
			.limit(1)
	);
	if (!workspace || !tokenReaches(actor.token, workspace.id))
		error(404, { message: 'Not found', code: 'not_found' });
	return workspace;
}

/** An administrator acting across the whole site (not through a token limited to some workspaces). */
export function requireSiteAdmin(actor: Actor): SessionUser {
	const user = requireAdmin(actor);
	if (actor.token?.workspaceIds)
		error(403, { message: 'This token is limited to some workspaces.', code: 'forbidden' });
	return user;
}

/**
 * Whether an organisation may be a partner of a workspace and vote there: when it is verified (in the
 * directory), or when it came from that workspace (a facilitator created it there).
 */
export function mayTakePart(
	org: { verified: boolean; originWorkspaceId: string | null },
	workspaceId: string
): boolean {
	return org.verified || org.originWorkspaceId === workspaceId;
}

/** What an actor may do to one organisation. */
export type OrganisationRights = {
	/** Read its name, sector and size band. */
	see: boolean;
	/** One of its members (the keepers of its record). */
	keeper: boolean;
	/** Rename it, change its sector or size band. */
	change: boolean;
	/** See its members and their email addresses; add and remove members. */
	manageMembers: boolean;
	/** Verify it, merge it into another. */
	administer: boolean;
};

export type OrganisationSubject = { id: string; verified: boolean; originWorkspaceId: string | null };

const NO_RIGHTS: OrganisationRights = {
	see: false,
	keeper: false,
	change: false,
	manageMembers: false,
	administer: false
};

/**
 * The organisation rules, in one place. Organisations belong to no workspace:
 * - its members (keepers) and administrators may change it and its member list and see members' emails;
 * - everyone signed in sees verified organisations; an unverified one is seen by administrators, its members,
 *   the facilitators of the workspace it came from, and the members of workspaces where it is a partner;
 * - a token limited to some workspaces sees only the partners of those workspaces, and changes nothing.
 * Acting for an organisation in a workspace gives no right over it.
 *
 * Returns a function, so that a list is checked with a few queries for the actor rather than some per row.
 */
export async function organisationPolicy(
	db: DB,
	actor: Actor
): Promise<(org: OrganisationSubject) => OrganisationRights> {
	const user = actor.user;
	if (!user) return () => NO_RIGHTS;
	const memberships = await db
		.select({ workspaceId: workspaceMembers.workspaceId, role: workspaceMembers.role })
		.from(workspaceMembers)
		.where(eq(workspaceMembers.userId, user.id));
	const scope = actor.token?.workspaceIds ?? null;
	if (scope) {
		const visible = (
			await db
				.select({ id: workspaces.id, visibility: workspaces.visibility })
				.from(workspaces)
				.where(inArray(workspaces.id, scope))
		)
			.filter((w) => w.visibility === 'public' || memberships.some((m) => m.workspaceId === w.id))
			.map((w) => w.id);
		const partnered = await partnersOf(db, visible);
		return (org) => ({ ...NO_RIGHTS, see: partnered.has(org.id) });
	}
	const keeps = await keeperOf(db, user.id);
	if (user.isAdmin)
		return (org) => ({
			see: true,
			keeper: keeps.has(org.id),
			change: true,
			manageMembers: true,
			administer: true
		});
	const facilitates = new Set(memberships.filter((m) => m.role === 'facilitator').map((m) => m.workspaceId));
	const partnered = await partnersOf(
		db,
		memberships.map((m) => m.workspaceId)
	);
	return (org) => {
		if (keeps.has(org.id))
			return { see: true, keeper: true, change: true, manageMembers: true, administer: false };
		const see =
			org.verified ||
			(org.originWorkspaceId !== null && facilitates.has(org.originWorkspaceId)) ||
			partnered.has(org.id);
		return { ...NO_RIGHTS, see };
	};
}

async function keeperOf(db: DB, userId: string): Promise<Set<string>> {
	return new Set(
		(
			await db
				.select({ id: organisationMembers.organisationId })
				.from(organisationMembers)
				.where(eq(organisationMembers.userId, userId))
		).map((r) => r.id)
	);
}

async function partnersOf(db: DB, workspaceIds: string[]): Promise<Set<string>> {
	if (!workspaceIds.length) return new Set();
	return new Set(
		(
			await db
				.select({ id: workspacePartners.organisationId })
				.from(workspacePartners)
				.where(inArray(workspacePartners.workspaceId, workspaceIds))
		).map((r) => r.id)
	);
}
