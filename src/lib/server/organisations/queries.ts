// Reads of organisations and their members, with the visibility checks inside.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from '../db/alias.ts';
import { type DB, one } from '../db/index.ts';
import {
	organisationMembers,
	organisations,
	users,
	workspaceMembers,
	workspaces
} from '../db/schema/index.ts';
import { organisationPolicy } from '../policy/organisations.ts';
import type { Actor } from '../policy/rules.ts';
import { requireSiteAdmin } from '../workspaces/access.ts';
import { requireOrganisationRight } from './access.ts';
import type { Organisation } from './repository.ts';
import type { z } from 'zod';
import type { OrganisationJson, organisationMemberJson } from './schemas.ts';
import { isoUtc } from '../../domain/time.ts';

/** An organisation as the API shows it (the caller adds `mine`). */
export function serializeOrganisation(org: Organisation): Omit<OrganisationJson, 'mine'> {
	return {
		id: org.id,
		name: org.name,
		sector: org.sector,
		sizeBand: org.sizeBand,
		verified: org.verified,
		originWorkspaceId: org.originWorkspaceId,
		mergedIntoId: org.mergedIntoId,
		isDemo: org.isDemo,
		createdAt: isoUtc(org.createdAt)
	};
}

/** Every organisation the actor may see (merged duplicates left out), with `mine` for their own. */
export async function listOrganisations(db: DB, actor: Actor): Promise<OrganisationJson[]> {
	const may = await organisationPolicy(db, actor);
	return (
		await db
			.select()
			.from(organisations)
			.where(isNull(organisations.mergedIntoId))
			.orderBy(asc(organisations.name))
	)
		.map((o) => ({ o, r: may(o) }))
		.filter(({ r }) => r.see)
		.map(({ o, r }) => ({ ...serializeOrganisation(o), mine: r.keeper }));
}

/** The organisations the actor is a member of (with a limited token: only those partnered in its workspaces). */
export async function organisationsOfUser(db: DB, actor: Actor): Promise<Organisation[]> {
	if (!actor.user) return [];
	const may = await organisationPolicy(db, actor);
	return (
		await db
			.select({ o: organisations })
			.from(organisationMembers)
			.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
			.where(eq(organisationMembers.userId, actor.user.id))
			.orderBy(asc(organisations.name))
	)
		.map((r) => r.o)
		.filter((o) => may(o).see);
}

export type OrganisationMember = z.output<typeof organisationMemberJson>;

const adder = alias(users, 'adder');

/** The members of an organisation, with their email addresses: for its members and administrators. */
export async function listOrganisationMembers(
	db: DB,
	actor: Actor,
	organisationId: string
): Promise<OrganisationMember[]> {
	await requireOrganisationRight(db, actor, organisationId, 'manageMembers', false);
	return (
		await db
			.select({
				id: users.id,
				name: users.name,
				email: users.email,
				createdAt: organisationMembers.createdAt,
				addedByName: adder.name
			})
			.from(organisationMembers)
			.innerJoin(users, eq(users.id, organisationMembers.userId))
			.leftJoin(adder, eq(adder.id, organisationMembers.addedBy))
			.where(eq(organisationMembers.organisationId, organisationId))
			.orderBy(asc(users.name))
	).map(({ createdAt, ...m }) => ({ ...m, addedAt: isoUtc(createdAt) }));
}

/**
 * The person an organisation's member may add, by email address or user id: an administrator may add anyone
 * with an account, anyone else only someone they already work with in a workspace. Everybody else is
 * "not found", so adding members cannot be used to learn who has an account.
 */
export async function findAddableUser(
	db: DB,
	actor: { id: string; isAdmin: boolean },
	ref: { email?: string; userId?: string }
): Promise<{ id: string; name: string; email: string } | undefined> {
	const where =
		ref.email !== undefined
			? eq(users.email, ref.email.trim().toLowerCase())
			: eq(users.id, ref.userId ?? '');
	const user = one(
		await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(where).limit(1)
	);
	if (!user || actor.isAdmin || user.id === actor.id) return user;
	const mine = db
		.select({ id: workspaceMembers.workspaceId })
		.from(workspaceMembers)
		.where(eq(workspaceMembers.userId, actor.id));
	const shared = one(
		await db
			.select({ id: workspaceMembers.userId })
			.from(workspaceMembers)
			.where(and(eq(workspaceMembers.userId, user.id), inArray(workspaceMembers.workspaceId, mine)))
			.limit(1)
	);
	return shared ? user : undefined;
}

/** Unverified organisations, oldest first, with the workspace each came from (administrators). */
export async function listUnverified(db: DB, actor: Actor) {
	requireSiteAdmin(actor);
	return (
		await db
			.select({ o: organisations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
			.from(organisations)
			.leftJoin(workspaces, eq(workspaces.id, organisations.originWorkspaceId))
			.where(and(eq(organisations.verified, false), isNull(organisations.mergedIntoId)))
			.orderBy(asc(organisations.createdAt))
	).map((r) => ({ ...r.o, workspaceName: r.workspaceName, workspaceSlug: r.workspaceSlug }));
}
