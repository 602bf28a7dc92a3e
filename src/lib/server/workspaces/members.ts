// A workspace's members: role, the organisation each acts for, standing and voting delegation. Callers have
// checked access (workspaces/commands.ts and queries.ts do).
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { transaction, one } from '../db/index.ts';
import type { DB } from '../db/index.ts';
import { isFacilitator, isObserver } from '../policy/membership.ts';
import {
	membershipOf,
	organisations,
	ROLES,
	STANDINGS,
	users,
	workspaceMembers,
	workspaces
} from '../db/schema/index.ts';
import type { MemberJson, memberPatch } from './schemas.ts';
import { isPartner } from './partners.ts';

export type Member = {
	userId: string;
	name: string;
	email: string;
	role: (typeof ROLES)[number];
	organisationId: string | null;
	organisationName: string | null;
	standing: (typeof STANDINGS)[number];
	votingDelegate: boolean;
	isDemo: boolean;
};

/** A member as the API shows them; email addresses only for facilitators' eyes. */
export function serializeMember(m: Member, showEmail: boolean): MemberJson {
	const { email, ...rest } = m;
	return showEmail ? { ...rest, email } : rest;
}

export async function listMembers(db: DB, workspaceId: string): Promise<Member[]> {
	return await db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: workspaceMembers.role,
			organisationId: workspaceMembers.organisationId,
			organisationName: organisations.name,
			standing: workspaceMembers.standing,
			votingDelegate: workspaceMembers.votingDelegate,
			isDemo: users.isDemo
		})
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.leftJoin(organisations, eq(organisations.id, workspaceMembers.organisationId))
		.where(eq(workspaceMembers.workspaceId, workspaceId))
		.orderBy(asc(users.name));
}

async function facilitatorCount(db: DB, workspaceId: string, exceptUserId: string): Promise<number> {
	return one(
		await db
			.select({ n: sql<number>`count(*)` })
			.from(workspaceMembers)
			.where(
				and(
					eq(workspaceMembers.workspaceId, workspaceId),
					eq(workspaceMembers.role, 'facilitator'),
					ne(workspaceMembers.userId, exceptUserId)
				)
			)
			.limit(1)
	)!.n;
}

/** Checks a membership's role, organisation and delegate flag together. */
async function checkMembership(
	db: DB,
	workspaceId: string,
	m: { role: string; organisationId: string | null; votingDelegate: boolean }
) {
	if (m.organisationId && !(await isPartner(db, workspaceId, m.organisationId)))
		throw new Invalid('A member can only act for a partner organisation of this workspace.');
	if (m.votingDelegate && !m.organisationId)
		throw new Invalid('A voting delegate must act for a partner organisation.');
	if (m.votingDelegate && isObserver(m)) throw new Invalid('Observers cannot be voting delegates.');
}

export async function updateMember(
	db: DB,
	workspaceId: string,
	userId: string,
	patch: z.infer<typeof memberPatch>
): Promise<Member> {
	return await transaction(db, async () => {
		const current = (await listMembers(db, workspaceId)).find((m) => m.userId === userId);
		if (!current) throw new NotFound('That person is not a member here.');
		const next = { ...current, ...patch };
		if (isObserver(next) && patch.votingDelegate === undefined) next.votingDelegate = false;
		await checkMembership(db, workspaceId, next);
		if (
			isFacilitator(current) &&
			!isFacilitator(next) &&
			(await facilitatorCount(db, workspaceId, userId)) === 0
		)
			throw new Invalid('A workspace needs at least one facilitator.');
		await db
			.update(workspaceMembers)
			.set({
				role: next.role,
				organisationId: next.organisationId,
				standing: next.standing,
				votingDelegate: next.votingDelegate
			})
			.where(membershipOf(workspaceId, userId));
		return (await listMembers(db, workspaceId)).find((m) => m.userId === userId)!;
	});
}

/** What a membership says: the role, the organisation the member acts for, their standing, whether they vote. */
type MemberTerms = {
	role: (typeof ROLES)[number];
	organisationId: string | null;
	standing: (typeof STANDINGS)[number];
	votingDelegate: boolean;
};

/**
 * Adds someone who already has an account as a member. 409 when they are a member already; like an
 * invitation, anyone but a facilitator must act for a partner organisation.
 */
export async function addMember(
	db: DB,
	workspaceId: string,
	userId: string,
	m: MemberTerms
): Promise<Member> {
	return await transaction(db, async () => {
		if ((await listMembers(db, workspaceId)).some((x) => x.userId === userId))
			throw new Conflict('This person is already a member of the workspace.');
		if (!isFacilitator(m) && !m.organisationId)
			throw new Invalid('Choose the partner organisation this person will act for.');
		await upsertMember(db, workspaceId, userId, m);
		return (await listMembers(db, workspaceId)).find((x) => x.userId === userId)!;
	});
}

export async function removeMember(db: DB, workspaceId: string, userId: string): Promise<void> {
	await transaction(db, async () => {
		const current = (await listMembers(db, workspaceId)).find((m) => m.userId === userId);
		if (!current) throw new NotFound('That person is not a member here.');
		if (isFacilitator(current) && (await facilitatorCount(db, workspaceId, userId)) === 0)
			throw new Invalid('A workspace needs at least one facilitator.');
		await db.delete(workspaceMembers).where(membershipOf(workspaceId, userId));
	});
}

/** Adds (or updates) a membership, for invitations and the demo. */
export async function upsertMember(
	db: DB,
	workspaceId: string,
	userId: string,
	m: MemberTerms
): Promise<void> {
	await checkMembership(db, workspaceId, m);
	await db
		.insert(workspaceMembers)
		.values({ workspaceId, userId, ...m, createdAt: Date.now() })
		.onConflictDoUpdate({ target: [workspaceMembers.workspaceId, workspaceMembers.userId], set: m });
}

/**
 * Every workspace a person belongs to, by name, with their role, the organisation they act for and whether they
 * are its voting delegate (a person's own data download, an administrator's view of them).
 */
export async function membershipsOfPerson(db: DB, userId: string) {
	return await db
		.select({
			workspace: workspaces.name,
			workspaceSlug: workspaces.slug,
			role: workspaceMembers.role,
			organisation: organisations.name,
			standing: workspaceMembers.standing,
			votingDelegate: workspaceMembers.votingDelegate,
			joinedAt: workspaceMembers.createdAt
		})
		.from(workspaceMembers)
		.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
		.leftJoin(organisations, eq(organisations.id, workspaceMembers.organisationId))
		.where(eq(workspaceMembers.userId, userId))
		.orderBy(asc(workspaces.name));
}
