// One function per thing a person does to an organisation. The page's form action and the API call the same
// function; each checks permission inside and throws domain errors.
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { affected, transaction, type DB, one } from '../db/index.ts';
import {
	consultationGuests,
	consultationResponses,
	invitations,
	organisationMembers,
	organisations,
	partnershipOf,
	votes,
	workspaceMembers,
	workspacePartners
} from '../db/schema/index.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.ts';
import type { Actor } from '../policy/rules.ts';
import * as access from '../workspaces/access.ts';
import { isPartner } from '../workspaces/partners.ts';
import { recordChanges } from '../governance/history.ts';
import { requireOrganisationRight } from './access.ts';
import { findAddableUser } from './queries.ts';
import {
	getOrganisation,
	insertOrganisation,
	insertOrganisationMember,
	isOrganisationMember,
	type Organisation
} from './repository.ts';
import type { organisationInput, organisationPatch } from './schemas.ts';

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
	if (actor.token?.workspaceIds)
		throw new Forbidden('A token limited to some workspaces cannot create organisations.');
	const origin = opts.workspaceId
		? (await access.requireRole(db, actor, opts.workspaceId, 'facilitator')).workspace.id
		: null;
	return await insertOrganisation(
		db,
		{ ...input, verified: user.isAdmin && !origin, originWorkspaceId: origin },
		user.id
	);
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
	if (affected(r) !== 1) throw new NotFound('That person is not a member of this organisation.');
}

/** Verifies an organisation: it joins the directory every signed-in user sees (administrators). */
export async function verifyOrganisation(db: DB, actor: Actor, id: string): Promise<Organisation> {
	const admin = access.requireSiteAdmin(actor);
	access.requireWriteScope(actor);
	return await transaction(db, async () => {
		const org = await getOrganisation(db, id);
		if (!org) throw new NotFound('No such organisation.');
		if (org.mergedIntoId) conflict('This organisation was merged into another.');
		if (org.verified) return org;
		await db.update(organisations).set({ verified: true }).where(eq(organisations.id, id));
		// In the history of each workspace it is a partner of: an administrator vouched for it.
		for (const ws of await workspacesOf(db, org.id))
			await recordChanges(db, ws, admin, [
				{
					kind: 'organisation.verified',
					subjectId: org.id,
					summary: `${org.name} verified for the directory by an administrator`,
					concernsVotes: false
				}
			]);
		return (await getOrganisation(db, id))!;
	});
}

/** The workspaces an organisation is a partner of, or has members acting for it in. */
async function workspacesOf(db: DB, organisationId: string): Promise<string[]> {
	const partnerOf = await db
		.select({ id: workspacePartners.workspaceId })
		.from(workspacePartners)
		.where(eq(workspacePartners.organisationId, organisationId));
	const actedFor = await db
		.select({ id: workspaceMembers.workspaceId })
		.from(workspaceMembers)
		.where(eq(workspaceMembers.organisationId, organisationId));
	return [...new Set([...partnerOf, ...actedFor].map((r) => r.id))];
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
				// The electorate is a JSON list of ids (base32: no LIKE wildcard in them).
				.where(and(eq(votes.status, 'open'), sql`${votes.electorate} like ${`%${JSON.stringify(from.id)}%`}`))
				.limit(1)
		);
		if (open) conflict(`${from.name} is in the electorate of an open vote: merge it after that vote closes.`);
		const now = Date.now();
		const affected = await workspacesOf(db, from.id);
		for (const p of await db
			.select()
			.from(workspacePartners)
			.where(eq(workspacePartners.organisationId, from.id))) {
			if (!(await isPartner(db, p.workspaceId, into.id)))
				await db
					.insert(workspacePartners)
					.values({ ...p, organisationId: into.id, recordedBy: admin.id, recordedAt: now });
			await db.delete(workspacePartners).where(partnershipOf(p.workspaceId, from.id));
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
		// Who votes for which organisation changed in each workspace the duplicate was in: in its history.
		const summary = `${from.name} merged into ${into.name} by an administrator: its partnership and the members acting for it moved to ${into.name}`;
		for (const ws of affected)
			await recordChanges(
				db,
				ws,
				admin,
				[
					{
						kind: 'organisation.merged',
						subjectId: from.id,
						summary,
						concernsVotes: true,
						publicSummary: summary
					}
				],
				now
			);
		return (await getOrganisation(db, into.id))!;
	});
}

function conflict(message: string): never {
	throw new Conflict(message);
}
