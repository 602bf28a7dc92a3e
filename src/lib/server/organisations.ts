import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { writeTransaction, type DB } from './db/index.ts';
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
import * as access from './access.ts';
import type { Actor } from './access.ts';

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
	error(403, { message, code: 'forbidden' });
}

/** Every organisation the actor may see (merged duplicates left out), with `mine` for their own. */
export function listOrganisations(db: DB, actor: Actor): OrganisationView[] {
	const may = access.organisationPolicy(db, actor);
	return db
		.select()
		.from(organisations)
		.where(isNull(organisations.mergedIntoId))
		.orderBy(asc(organisations.name))
		.all()
		.map((o) => ({ o, r: may(o) }))
		.filter(({ r }) => r.see)
		.map(({ o, r }) => ({ ...serializeOrganisation(o), mine: r.keeper }));
}

/** The raw row, for server code that has already checked access. */
export function getOrganisation(db: DB, id: string): Organisation | undefined {
	return db.select().from(organisations).where(eq(organisations.id, id)).get();
}

/** An organisation the actor may see, with their rights over it; 404 for one they may not see. */
export function loadOrganisation(
	db: DB,
	actor: Actor,
	id: string
): { organisation: Organisation; rights: access.OrganisationRights } {
	const organisation = getOrganisation(db, id);
	const rights = organisation ? access.organisationPolicy(db, actor)(organisation) : null;
	if (!organisation || !rights?.see) error(404, { message: 'No such organisation.', code: 'not_found' });
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
export function requireOrganisationRight(
	db: DB,
	actor: Actor,
	id: string,
	right: keyof typeof REFUSALS,
	write: boolean
): Organisation {
	access.requireUser(actor);
	const { organisation, rights } = loadOrganisation(db, actor, id);
	if (!rights[right]) forbidden(REFUSALS[right]);
	if (write) access.requireWriteScope(actor);
	return organisation;
}

/** The organisations the actor is a member of (with a limited token: only those partnered in its workspaces). */
export function organisationsOfUser(db: DB, actor: Actor): Organisation[] {
	if (!actor.user) return [];
	const may = access.organisationPolicy(db, actor);
	return db
		.select({ o: organisations })
		.from(organisationMembers)
		.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
		.where(eq(organisationMembers.userId, actor.user.id))
		.orderBy(asc(organisations.name))
		.all()
		.map((r) => r.o)
		.filter((o) => may(o).see);
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
export function createOrganisation(
	db: DB,
	actor: Actor,
	input: z.infer<typeof organisationInput>,
	opts: { workspaceId?: string } = {}
): Organisation {
	const user = access.requireUser(actor);
	access.requireWriteScope(actor);
	if (actor.token?.workspaceIds) forbidden('A token limited to some workspaces cannot create organisations.');
	const origin = opts.workspaceId
		? access.requireRole(db, actor, opts.workspaceId, 'facilitator').workspace.id
		: null;
	return insertOrganisation(
		db,
		{ ...input, verified: user.isAdmin && !origin, originWorkspaceId: origin },
		user.id
	);
}

/** Inserts an organisation and its creator as first member (the demo and consultations call this too). */
export function insertOrganisation(
	db: DB,
	input: z.infer<typeof organisationInput> & {
		isDemo?: boolean;
		verified?: boolean;
		originWorkspaceId?: string | null;
	},
	createdBy: string | null
): Organisation {
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
	writeTransaction(db, () => {
		db.insert(organisations).values(org).run();
		if (createdBy)
			db.insert(organisationMembers)
				.values({ organisationId: org.id, userId: createdBy, addedBy: null, createdAt: now })
				.run();
	});
	return org;
}

/**
 * Changes an organisation's own name, sector or size band: its members or an administrator. No workspace's
 * record of it as a partner changes; each shows its facilitators the difference to confirm or dismiss.
 */
export function updateOrganisation(
	db: DB,
	actor: Actor,
	id: string,
	patch: z.infer<typeof organisationPatch>
): Organisation {
	const organisation = requireOrganisationRight(db, actor, id, 'change', true);
	if (organisation.mergedIntoId) conflict('This organisation was merged into another; change that one.');
	if (Object.keys(patch).length) db.update(organisations).set(patch).where(eq(organisations.id, id)).run();
	return getOrganisation(db, id)!;
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
export function listOrganisationMembers(db: DB, actor: Actor, organisationId: string): OrganisationMember[] {
	requireOrganisationRight(db, actor, organisationId, 'manageMembers', false);
	return db
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
		.all()
		.map(({ createdAt, ...m }) => ({ ...m, addedAt: new Date(createdAt).toISOString() }));
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

export const NOT_ADDABLE =
	'No account you can add: add people you work with in a workspace, or invite them to a workspace first.';

/** Adds a member to an organisation: only its members or an administrator may. */
export function addOrganisationMember(
	db: DB,
	actor: Actor,
	organisationId: string,
	ref: { email?: string; userId?: string }
): { id: string; name: string; email: string } {
	requireOrganisationRight(db, actor, organisationId, 'manageMembers', true);
	const user = findAddableUser(db, actor.user!, ref);
	if (!user) error(404, { message: NOT_ADDABLE, code: 'not_found' });
	if (isOrganisationMember(db, organisationId, user.id)) conflict(`${user.name} is already a member.`);
	insertOrganisationMember(db, organisationId, user.id, actor.user!.id);
	return user;
}

/** Inserts a membership row (the demo loader; callers have checked access). */
export function insertOrganisationMember(
	db: DB,
	organisationId: string,
	userId: string,
	addedBy: string | null
): void {
	db.insert(organisationMembers)
		.values({ organisationId, userId, addedBy, createdAt: Date.now() })
		.onConflictDoNothing()
		.run();
}

/** Removes a member of an organisation: only its members or an administrator may. */
export function removeOrganisationMember(db: DB, actor: Actor, organisationId: string, userId: string): void {
	requireOrganisationRight(db, actor, organisationId, 'manageMembers', true);
	const r = db
		.delete(organisationMembers)
		.where(
			and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))
		)
		.run();
	if (r.changes !== 1)
		error(404, { message: 'That person is not a member of this organisation.', code: 'not_found' });
}

export function organisationsByIds(db: DB, ids: string[]): Organisation[] {
	if (!ids.length) return [];
	return db.select().from(organisations).where(inArray(organisations.id, ids)).all();
}

/** Unverified organisations, oldest first, with the workspace each came from (administrators). */
export function listUnverified(db: DB, actor: Actor) {
	access.requireSiteAdmin(actor);
	return db
		.select({ o: organisations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
		.from(organisations)
		.leftJoin(workspaces, eq(workspaces.id, organisations.originWorkspaceId))
		.where(and(eq(organisations.verified, false), isNull(organisations.mergedIntoId)))
		.orderBy(asc(organisations.createdAt))
		.all()
		.map((r) => ({ ...r.o, workspaceName: r.workspaceName, workspaceSlug: r.workspaceSlug }));
}

/** Verifies an organisation: it joins the directory every signed-in user sees (administrators). */
export function verifyOrganisation(db: DB, actor: Actor, id: string): Organisation {
	access.requireSiteAdmin(actor);
	access.requireWriteScope(actor);
	const org = getOrganisation(db, id);
	if (!org) error(404, { message: 'No such organisation.', code: 'not_found' });
	if (org.mergedIntoId) conflict('This organisation was merged into another.');
	db.update(organisations).set({ verified: true }).where(eq(organisations.id, id)).run();
	return getOrganisation(db, id)!;
}

/**
 * Merges a duplicate into another organisation (administrators): its partnerships (with each workspace's
 * record, unless the other is already a partner there), the members acting for it in workspaces, invitations,
 * consultation responses and its own members move to the other. Ballots, decisions, dissents and actions keep
 * naming the duplicate as recorded; it stays as a row marked merged and leaves the directory. The one kept is
 * verified when the duplicate was. Refused while the duplicate is in the electorate of an open vote.
 */
export function mergeOrganisations(db: DB, actor: Actor, fromId: string, intoId: string): Organisation {
	const admin = access.requireSiteAdmin(actor);
	access.requireWriteScope(actor);
	if (fromId === intoId) error(422, { message: 'Choose two different organisations.', code: 'invalid' });
	return writeTransaction(db, () => {
		const from = getOrganisation(db, fromId);
		const into = getOrganisation(db, intoId);
		if (!from || !into) error(404, { message: 'No such organisation.', code: 'not_found' });
		if (from.mergedIntoId || into.mergedIntoId)
			conflict('One of these organisations has already been merged into another.');
		const open = db
			.select({ id: votes.id })
			.from(votes)
			.where(and(eq(votes.status, 'open'), sql`instr(${votes.electorate}, ${JSON.stringify(from.id)}) > 0`))
			.get();
		if (open) conflict(`${from.name} is in the electorate of an open vote: merge it after that vote closes.`);
		const now = Date.now();
		for (const p of db
			.select()
			.from(workspacePartners)
			.where(eq(workspacePartners.organisationId, from.id))
			.all()) {
			const both = db
				.select({ id: workspacePartners.organisationId })
				.from(workspacePartners)
				.where(
					and(eq(workspacePartners.workspaceId, p.workspaceId), eq(workspacePartners.organisationId, into.id))
				)
				.get();
			if (!both)
				db.insert(workspacePartners)
					.values({ ...p, organisationId: into.id, recordedBy: admin.id, recordedAt: now })
					.run();
			db.delete(workspacePartners)
				.where(
					and(eq(workspacePartners.workspaceId, p.workspaceId), eq(workspacePartners.organisationId, from.id))
				)
				.run();
		}
		db.update(workspaceMembers)
			.set({ organisationId: into.id })
			.where(eq(workspaceMembers.organisationId, from.id))
			.run();
		db.update(invitations)
			.set({ organisationId: into.id })
			.where(eq(invitations.organisationId, from.id))
			.run();
		db.update(consultationGuests)
			.set({ organisationId: into.id })
			.where(eq(consultationGuests.organisationId, from.id))
			.run();
		db.update(consultationResponses)
			.set({ organisationId: into.id })
			.where(eq(consultationResponses.organisationId, from.id))
			.run();
		for (const v of db
			.select({ id: votes.id, choice: votes.electorateChoice })
			.from(votes)
			.where(eq(votes.status, 'draft'))
			.all())
			if (v.choice?.includes(from.id))
				db.update(votes)
					.set({ electorateChoice: [...new Set(v.choice.map((id) => (id === from.id ? into.id : id)))] })
					.where(eq(votes.id, v.id))
					.run();
		for (const m of db
			.select()
			.from(organisationMembers)
			.where(eq(organisationMembers.organisationId, from.id))
			.all())
			db.insert(organisationMembers)
				.values({ ...m, organisationId: into.id })
				.onConflictDoNothing()
				.run();
		db.delete(organisationMembers).where(eq(organisationMembers.organisationId, from.id)).run();
		db.update(organisations).set({ mergedIntoId: into.id }).where(eq(organisations.id, from.id)).run();
		// The organisation kept takes the duplicate's place in the directory (and its votes).
		if (from.verified && !into.verified)
			db.update(organisations).set({ verified: true }).where(eq(organisations.id, into.id)).run();
		return getOrganisation(db, into.id)!;
	});
}

function conflict(message: string): never {
	error(409, { message, code: 'conflict' });
}
