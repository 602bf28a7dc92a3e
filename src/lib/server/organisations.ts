import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	organisationMembers,
	organisations,
	SECTORS,
	SIZE_BANDS,
	users,
	workspaceMembers
} from './db/schema/index.ts';

export type Organisation = typeof organisations.$inferSelect;

export const SIZE_BAND_LABELS: Record<(typeof SIZE_BANDS)[number], string> = {
	micro: 'Micro (income under £10k)',
	small: 'Small (£10k–£100k)',
	medium: 'Medium (£100k–£1m)',
	large: 'Large (£1m–£10m)',
	major: 'Major (over £10m)'
};
export const SECTOR_LABELS = { vcse: 'VCSE', statutory: 'Statutory' } as const;

export const organisationInput = z
	.object({
		name: z
			.string({ error: 'Enter the organisation’s name.' })
			.trim()
			.min(2, 'Enter the organisation’s name.')
			.max(160, 'Use at most 160 characters.'),
		sector: z.enum(SECTORS, { error: 'Choose VCSE or statutory.' }),
		sizeBand: z.enum(SIZE_BANDS, { error: 'Choose a size band.' })
	})
	.strict();
export const organisationPatch = organisationInput.partial().strict();

export function listOrganisations(db: DB): Organisation[] {
	return db.select().from(organisations).orderBy(asc(organisations.name)).all();
}

export function getOrganisation(db: DB, id: string): Organisation | undefined {
	return db.select().from(organisations).where(eq(organisations.id, id)).get();
}

export function organisationsOfUser(db: DB, userId: string): Organisation[] {
	return db
		.select({ o: organisations })
		.from(organisationMembers)
		.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
		.where(eq(organisationMembers.userId, userId))
		.orderBy(asc(organisations.name))
		.all()
		.map((r) => r.o);
}

export function isOrganisationMember(db: DB, organisationId: string, userId: string): boolean {
	return !!db
		.select({ u: organisationMembers.userId })
		.from(organisationMembers)
		.where(
			and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))
		)
		.get();
}

/** An organisation's members and administrators may change it and its member list. */
export function canManageOrganisation(
	db: DB,
	organisationId: string,
	user: { id: string; isAdmin: boolean } | null
): boolean {
	return !!user && (user.isAdmin || isOrganisationMember(db, organisationId, user.id));
}

/** An organisation as the API shows it. */
export function serializeOrganisation(org: Organisation) {
	return {
		id: org.id,
		name: org.name,
		sector: org.sector,
		sizeBand: org.sizeBand,
		verified: org.verified,
		isDemo: org.isDemo,
		createdAt: new Date(org.createdAt).toISOString()
	};
}

/** Creates an organisation; its creator becomes its first member. */
export function createOrganisation(
	db: DB,
	input: z.infer<typeof organisationInput> & { isDemo?: boolean; verified?: boolean },
	createdBy: string | null
): Organisation {
	const now = Date.now();
	const org: Organisation = {
		id: newId(),
		name: input.name,
		sector: input.sector,
		sizeBand: input.sizeBand,
		verified: input.verified ?? true,
		isDemo: input.isDemo ?? false,
		createdBy,
		createdAt: now
	};
	db.$client
		.transaction(() => {
			db.insert(organisations).values(org).run();
			if (createdBy)
				db.insert(organisationMembers)
					.values({ organisationId: org.id, userId: createdBy, createdAt: now })
					.run();
		})
		.immediate();
	return org;
}

export function updateOrganisation(
	db: DB,
	id: string,
	patch: z.infer<typeof organisationPatch>
): Organisation | undefined {
	if (Object.keys(patch).length) db.update(organisations).set(patch).where(eq(organisations.id, id)).run();
	return getOrganisation(db, id);
}

export function organisationMembersOf(db: DB, organisationId: string) {
	return db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(organisationMembers)
		.innerJoin(users, eq(users.id, organisationMembers.userId))
		.where(eq(organisationMembers.organisationId, organisationId))
		.orderBy(asc(users.name))
		.all();
}

/**
 * The person an organisation's member may add, by email address or user id: an administrator may add anyone
 * with an account, anyone else only someone they already work with in a workspace. Everybody else is
 * "not found", so adding members cannot be used to learn who has an account.
 */
export function findAddableUser(
	db: DB,
	actor: { id: string; isAdmin: boolean },
	ref: { email?: string; userId?: string }
): { id: string; name: string; email: string } | undefined {
	const where =
		ref.email !== undefined
			? eq(users.email, ref.email.trim().toLowerCase())
			: eq(users.id, ref.userId ?? '');
	const user = db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(users)
		.where(where)
		.get();
	if (!user || actor.isAdmin || user.id === actor.id) return user;
	const mine = db
		.select({ id: workspaceMembers.workspaceId })
		.from(workspaceMembers)
		.where(eq(workspaceMembers.userId, actor.id));
	const shared = db
		.select({ id: workspaceMembers.userId })
		.from(workspaceMembers)
		.where(and(eq(workspaceMembers.userId, user.id), inArray(workspaceMembers.workspaceId, mine)))
		.get();
	return shared ? user : undefined;
}

export function addOrganisationMember(db: DB, organisationId: string, userId: string): void {
	db.insert(organisationMembers)
		.values({ organisationId, userId, createdAt: Date.now() })
		.onConflictDoNothing()
		.run();
}

export function removeOrganisationMember(db: DB, organisationId: string, userId: string): boolean {
	return (
		db
			.delete(organisationMembers)
			.where(
				and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))
			)
			.run().changes === 1
	);
}

export function organisationsByIds(db: DB, ids: string[]): Organisation[] {
	if (!ids.length) return [];
	return db.select().from(organisations).where(inArray(organisations.id, ids)).all();
}
