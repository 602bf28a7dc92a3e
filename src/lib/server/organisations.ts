import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { Conflict, Forbidden, Invalid, NotFound } from './errors.ts';
import { transaction, type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	consultationGuests,
	consultationResponses,
	invitations,
	organisationMembers,
	organisations,
	SECTORS,
	SIZE_BANDS,
	users,
	votes,
	workspaceMembers,
	workspacePartners,
	workspaces
} from './db/schema/index.ts';
import * as access from './workspaces/access.ts';
import { organisationPolicy, type OrganisationRights } from './policy/organisations.ts';
import type { Actor } from './policy/rules.ts';

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

export type OrganisationView = ReturnType<typeof serializeOrganisation> & { mine: boolean };

function forbidden(message: string): never {
	throw new Forbidden(message);
}

/** Every organisation the actor may see (merged duplicates left out), with `mine` for their own. */
export async function listOrganisations(db: DB, actor: Actor): Promise<OrganisationView[]> {
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

/** The raw row, for server code that has already checked access. */
export async function getOrganisation(db: DB, id: string): Promise<Organisation | undefined> {
	return one(await db.select().from(organisations).where(eq(organisations.id, id)).limit(1));
}

/** An organisation the actor may see, with their rights over it; 404 for one they may not see. */
export async function loadOrganisation(
	db: DB,
	actor: Actor,
	id: string
): Promise<{ organisation: Organisation; rights: OrganisationRights }> {
	const organisation = await getOrganisation(db, id);
	const rights = organisation ? (await organisationPolicy(db, actor))(organisation) : null;
	if (!organisation || !rights?.see) throw new NotFound('No such organisation.');
	return { organisation, rights };
}

const REFUSALS = {
	change: 'Only the organisation’s members can change it.',
	manageMembers: 'Only the organisation’s members can see or change its members.'
} as const;

/**
 * Loads an organisation and requires a right over it (404 if the actor may not see it, 403 without the right);
 * a change also needs a write token.
 */
export async function requireOrganisationRight(
	db: DB,
	actor: Actor,
	id: string,
	right: keyof typeof REFUSALS,
	write: boolean
): Promise<Organisation> {
	access.requireUser(actor);
	const { organisation, rights } = await loadOrganisation(db, actor, id);
	if (!rights[right]) forbidden(REFUSALS[right]);
	if (write) access.requireWriteScope(actor);
	return organisation;
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

/** An organisation as the API shows it. */
export function serializeOrganisation(org: Organisation) {
	return {
		id: org.id,
		name: org.name,
		sector: org.sector,
		sizeBand: org.sizeBand,
		verified: org.verified,
		originWorkspaceId: org.originWorkspaceId,
		mergedIntoId: org.mergedIntoId,
		isDemo: org.isDemo,
		createdAt: new Date(org.createdAt).toISOString()
	};
}

/**
 * Creates an organisation; its creator becomes its first member. An administrator's is verified at once;
 * anyone else's waits for an administrator. A facilitator may create one for their workspace
 * (`workspaceId`): it comes from that workspace, which may make it a partner and let it vote there at once.
 */
export async function createOrganisation(
	db: DB,
	actor: Actor,
	input: z.infer<typeof organisationInput>,
	opts: { workspaceId?: string } = {}
): Promise<Organisation> {
	const user = access.requireUser(actor);
	access.requireWriteScope(actor);
	if (actor.token?.workspaceIds) forbidden('A token limited to some workspaces cannot create organisations.');
	const origin = opts.workspaceId
		? (await access.requireRole(db, actor, opts.workspaceId, 'facilitator')).workspace.id
		: null;
	return await insertOrganisation(
		db,
		{ ...input, verified: user.isAdmin && !origin, originWorkspaceId: origin },
		user.id
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

/**
 * Changes an organisation's own name, sector or size band: its members or an administrator. No workspace's
 * record of it as a partner changes; each shows its facilitators the difference to confirm or dismiss.
 */
export async function updateOrganisation(
	db: DB,
	actor: Actor,
	id: string,
	patch: z.infer<typeof organisationPatch>
): Promise<Organisation> {
	const organisation = await requireOrganisationRight(db, actor, id, 'change', true);
	if (organisation.mergedIntoId) conflict('This organisation was merged into another; change that one.');
	if (Object.keys(patch).length) await db.update(organisations).set(patch).where(eq(organisations.id, id));
	return (await getOrganisation(db, id))!;
}

export type OrganisationMember = {
	id: string;
	name: string;
	email: string;
	addedAt: string;
	addedByName: string | null;
};

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
	).map(({ createdAt, ...m }) => ({ ...m, addedAt: new Date(createdAt).toISOString() }));
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

export const NOT_ADDABLE =
	'No account you can add: add people you work with in a workspace, or invite them to a workspace first.';

/** Adds a member to an organisation: only its members or an administrator may. */
export async function addOrganisationMember(
	db: DB,
	actor: Actor,
	organisationId: string,
	ref: { email?: string; userId?: string }
): Promise<{ id: string; name: string; email: string }> {
	await requireOrganisationRight(db, actor, organisationId, 'manageMembers', true);
	const user = await findAddableUser(db, actor.user!, ref);
	if (!user) throw new NotFound(NOT_ADDABLE);
	if (await isOrganisationMember(db, organisationId, user.id)) conflict(`${user.name} is already a member.`);
	await insertOrganisationMember(db, organisationId, user.id, actor.user!.id);
	return user;
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

/** Removes a member of an organisation: only its members or an administrator may. */
export async function removeOrganisationMember(
	db: DB,
	actor: Actor,
	organisationId: string,
	userId: string
): Promise<void> {
	await requireOrganisationRight(db, actor, organisationId, 'manageMembers', true);
	const r = await db
		.delete(organisationMembers)
		.where(
			and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))
		);
	if (r.changes !== 1) throw new NotFound('That person is not a member of this organisation.');
}

export async function organisationsByIds(db: DB, ids: string[]): Promise<Organisation[]> {
	if (!ids.length) return [];
	return await db.select().from(organisations).where(inArray(organisations.id, ids));
}

/** Unverified organisations, oldest first, with the workspace each came from (administrators). */
export async function listUnverified(db: DB, actor: Actor) {
	access.requireSiteAdmin(actor);
	return (
		await db
			.select({ o: organisations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
			.from(organisations)
			.leftJoin(workspaces, eq(workspaces.id, organisations.originWorkspaceId))
			.where(and(eq(organisations.verified, false), isNull(organisations.mergedIntoId)))
			.orderBy(asc(organisations.createdAt))
	).map((r) => ({ ...r.o, workspaceName: r.workspaceName, workspaceSlug: r.workspaceSlug }));
}

/** Verifies an organisation: it joins the directory every signed-in user sees (administrators). */
export async function verifyOrganisation(db: DB, actor: Actor, id: string): Promise<Organisation> {
	access.requireSiteAdmin(actor);
	access.requireWriteScope(actor);
	const org = await getOrganisation(db, id);
	if (!org) throw new NotFound('No such organisation.');
	if (org.mergedIntoId) conflict('This organisation was merged into another.');
	await db.update(organisations).set({ verified: true }).where(eq(organisations.id, id));
	return (await getOrganisation(db, id))!;
}

/**
 * Merges a duplicate into another organisation (administrators): its partnerships (with each workspace's
 * record, unless the other is already a partner there), the members acting for it in workspaces, invitations,
 * consultation responses and its own members move to the other. Ballots, decisions, dissents and actions keep
 * naming the duplicate as recorded; it stays as a row marked merged and leaves the directory. The one kept is
 * verified when the duplicate was. Refused while the duplicate is in the electorate of an open vote.
 */
export async function mergeOrganisations(
	db: DB,
	actor: Actor,
	fromId: string,
	intoId: string
): Promise<Organisation> {
	const admin = access.requireSiteAdmin(actor);
	access.requireWriteScope(actor);
	if (fromId === intoId) throw new Invalid('Choose two different organisations.');
	return await transaction(db, async () => {
		const from = await getOrganisation(db, fromId);
		const into = await getOrganisation(db, intoId);
		if (!from || !into) throw new NotFound('No such organisation.');
		if (from.mergedIntoId || into.mergedIntoId)
			conflict('One of these organisations has already been merged into another.');
		const open = one(
			await db
				.select({ id: votes.id })
				.from(votes)
				.where(and(eq(votes.status, 'open'), sql`instr(${votes.electorate}, ${JSON.stringify(from.id)}) > 0`))
				.limit(1)
		);
		if (open) conflict(`${from.name} is in the electorate of an open vote: merge it after that vote closes.`);
		const now = Date.now();
		for (const p of await db
			.select()
			.from(workspacePartners)
			.where(eq(workspacePartners.organisationId, from.id))) {
			const both = one(
				await db
					.select({ id: workspacePartners.organisationId })
					.from(workspacePartners)
					.where(
						and(
							eq(workspacePartners.workspaceId, p.workspaceId),
							eq(workspacePartners.organisationId, into.id)
						)
					)
					.limit(1)
			);
			if (!both)
				await db
					.insert(workspacePartners)
					.values({ ...p, organisationId: into.id, recordedBy: admin.id, recordedAt: now });
			await db
				.delete(workspacePartners)
				.where(
					and(eq(workspacePartners.workspaceId, p.workspaceId), eq(workspacePartners.organisationId, from.id))
				);
		}
		await db
			.update(workspaceMembers)
			.set({ organisationId: into.id })
			.where(eq(workspaceMembers.organisationId, from.id));
		await db
			.update(invitations)
			.set({ organisationId: into.id })
			.where(eq(invitations.organisationId, from.id));
		await db
			.update(consultationGuests)
			.set({ organisationId: into.id })
			.where(eq(consultationGuests.organisationId, from.id));
		await db
			.update(consultationResponses)
			.set({ organisationId: into.id })
			.where(eq(consultationResponses.organisationId, from.id));
		for (const v of await db
			.select({ id: votes.id, choice: votes.electorateChoice })
			.from(votes)
			.where(eq(votes.status, 'draft')))
			if (v.choice?.includes(from.id))
				await db
					.update(votes)
					.set({ electorateChoice: [...new Set(v.choice.map((id) => (id === from.id ? into.id : id)))] })
					.where(eq(votes.id, v.id));
		for (const m of await db
			.select()
			.from(organisationMembers)
			.where(eq(organisationMembers.organisationId, from.id)))
			await db
				.insert(organisationMembers)
				.values({ ...m, organisationId: into.id })
				.onConflictDoNothing();
		await db.delete(organisationMembers).where(eq(organisationMembers.organisationId, from.id));
		await db.update(organisations).set({ mergedIntoId: into.id }).where(eq(organisations.id, from.id));
		// The organisation kept takes the duplicate's place in the directory (and its votes).
		if (from.verified && !into.verified)
			await db.update(organisations).set({ verified: true }).where(eq(organisations.id, into.id));
		return (await getOrganisation(db, into.id))!;
	});
}

function conflict(message: string): never {
	throw new Conflict(message);
}
