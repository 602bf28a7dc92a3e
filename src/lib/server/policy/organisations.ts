// Rules about organisations. Organisations belong to no workspace, so their rights are not a membership check:
// `organisationPolicy` gathers the few facts about the actor once and answers for each organisation.
import { eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import {
	membershipColumns,
	organisationMembers,
	workspaceMembers,
	workspacePartners,
	workspaces
} from '../db/schema/index.ts';
import { atLeast, changing, reading, type Actor } from './rules.ts';

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

/** The facts about an actor that decide their rights over organisations. */
export type OrganisationFacts = {
	signedIn: boolean;
	admin: boolean;
	/** A token limited to some workspaces: the partners of those it can see; null when not limited. */
	scopedPartners: Set<string> | null;
	/** Organisations the actor is a member (keeper) of. */
	keeps: Set<string>;
	/** Workspaces the actor facilitates. */
	facilitates: Set<string>;
	/** Partners of the workspaces the actor is a member of. */
	partnered: Set<string>;
};

/**
 * The organisation rules, in one place. Organisations belong to no workspace:
 * - its members (keepers) and administrators may change it and its member list and see members' emails;
 * - everyone signed in sees verified organisations; an unverified one is seen by administrators, its members,
 *   the facilitators of the workspace it came from, and the members of workspaces where it is a partner;
 * - a token limited to some workspaces sees only the partners of those workspaces, and changes nothing.
 * Acting for an organisation in a workspace gives no right over it.
 */
export function organisationRights(facts: OrganisationFacts, org: OrganisationSubject): OrganisationRights {
	if (!facts.signedIn) return NO_RIGHTS;
	if (facts.scopedPartners) return { ...NO_RIGHTS, see: facts.scopedPartners.has(org.id) };
	const keeper = facts.keeps.has(org.id);
	if (facts.admin) return { see: true, keeper, change: true, manageMembers: true, administer: true };
	if (keeper) return { see: true, keeper: true, change: true, manageMembers: true, administer: false };
	const see =
		org.verified ||
		(org.originWorkspaceId !== null && facts.facilitates.has(org.originWorkspaceId)) ||
		facts.partnered.has(org.id);
	return { ...NO_RIGHTS, see };
}

/**
 * The actor's rights over organisations, as a function, so that a list is checked with a few queries for the
 * actor rather than some per row.
 */
export async function organisationPolicy(
	db: DB,
	actor: Actor
): Promise<(org: OrganisationSubject) => OrganisationRights> {
	const facts = await organisationFacts(db, actor);
	return (org) => organisationRights(facts, org);
}

async function organisationFacts(db: DB, actor: Actor): Promise<OrganisationFacts> {
	const none = new Set<string>();
	const user = actor.user;
	const facts: OrganisationFacts = {
		signedIn: !!user,
		admin: !!user?.isAdmin,
		scopedPartners: null,
		keeps: none,
		facilitates: none,
		partnered: none
	};
	if (!user) return facts;
	const memberships = await db
		.select({ workspaceId: workspaceMembers.workspaceId, ...membershipColumns })
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
		return { ...facts, scopedPartners: await partnersOf(db, visible) };
	}
	facts.keeps = new Set(
		(
			await db
				.select({ id: organisationMembers.organisationId })
				.from(organisationMembers)
				.where(eq(organisationMembers.userId, user.id))
		).map((r) => r.id)
	);
	if (facts.admin) return facts;
	facts.facilitates = new Set(memberships.filter((m) => atLeast(m, 'facilitator')).map((m) => m.workspaceId));
	facts.partnered = await partnersOf(
		db,
		memberships.map((m) => m.workspaceId)
	);
	return facts;
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

/** Rules over one organisation, given the actor's rights over it (see `organisationRights`). */
export const organisationRules = {
	'organisation.see': reading<OrganisationRights>(
		'Everyone signed in sees verified organisations; an unverified one is seen by administrators, its members, the facilitators of the workspace it came from and the members of workspaces where it is a partner. A token limited to some workspaces sees only their partners.',
		({ subject }) => subject.see || 'Not found'
	),
	'organisation.change': changing<OrganisationRights>(
		'Its members and administrators rename it and change its sector or size band.',
		({ subject }) => subject.change || 'Only the organisation’s members can change it.'
	),
	'organisation.manageMembers': changing<OrganisationRights>(
		'Its members and administrators see its members’ email addresses and add or remove members.',
		({ subject }) => subject.manageMembers || 'Only the organisation’s members can see or change its members.'
	),
	'organisation.administer': changing<OrganisationRights>(
		'Administrators verify an organisation and merge it into another.',
		({ subject }) => subject.administer || 'Administrators only.'
	)
};
