// The SQL of organisations and their members.
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { transaction, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { organisationMembers, organisations } from '../db/schema/index.ts';
import type { organisationInput } from './schemas.ts';

export type Organisation = typeof organisations.$inferSelect;

/** The raw row, for server code that has already checked access. */
export async function getOrganisation(db: DB, id: string): Promise<Organisation | undefined> {
	return one(await db.select().from(organisations).where(eq(organisations.id, id)).limit(1));
}

export async function isOrganisationMember(db: DB, organisationId: string, userId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ u: organisationMembers.userId })
			.from(organisationMembers)
			.where(
				and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))
			)
			.limit(1)
	);
}

/** Inserts an organisation and its creator as first member (the demo and consultations call this too). */
export async function insertOrganisation(
	db: DB,
	input: z.infer<typeof organisationInput> & {
		isDemo?: boolean;
		verified?: boolean;
		originWorkspaceId?: string | null;
	},
	createdBy: string | null
): Promise<Organisation> {
	const now = Date.now();
	const org: Organisation = {
		id: newId(),
		name: input.name,
		sector: input.sector,
		sizeBand: input.sizeBand,
		verified: input.verified ?? true,
		originWorkspaceId: input.originWorkspaceId ?? null,
		mergedIntoId: null,
		isDemo: input.isDemo ?? false,
		createdBy,
		createdAt: now
	};
	await transaction(db, async () => {
		await db.insert(organisations).values(org);
		if (createdBy)
			await db
				.insert(organisationMembers)
				.values({ organisationId: org.id, userId: createdBy, addedBy: null, createdAt: now });
	});
	return org;
}

/** Inserts a membership row (the demo loader; callers have checked access). */
export async function insertOrganisationMember(
	db: DB,
	organisationId: string,
	userId: string,
	addedBy: string | null
): Promise<void> {
	await db
		.insert(organisationMembers)
		.values({ organisationId, userId, addedBy, createdAt: Date.now() })
		.onConflictDoNothing();
}
