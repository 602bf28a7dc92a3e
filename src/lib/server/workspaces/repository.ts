// The SQL of workspaces and their members.
import { asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, one } from '../db/index.ts';
import type { DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { membershipColumns, membershipOf, workspaceMembers, workspaces } from '../db/schema/index.ts';
import { workspaceInput } from './schemas.ts';
import type { workspacePatch } from './schemas.ts';
import type { Membership } from '../policy/rules.ts';

export type Workspace = typeof workspaces.$inferSelect;

/** A workspace by id or slug. */
export async function findWorkspace(db: DB, idOrSlug: string): Promise<Workspace | undefined> {
	return one(
		await db
			.select()
			.from(workspaces)
			.where(or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)))
			.limit(1)
	);
}

/** A user's membership of a workspace, or null. */
export async function getMembership(db: DB, workspaceId: string, userId: string): Promise<Membership | null> {
	const m = one(
		await db
			.select(membershipColumns)
			.from(workspaceMembers)
			.where(membershipOf(workspaceId, userId))
			.limit(1)
	);
	return m ?? null;
}

export function slugify(name: string): string {
	const base = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/g, '');
	return base || 'workspace';
}

async function uniqueSlug(db: DB, name: string): Promise<string> {
	const base = slugify(name);
	for (let i = 1; ; i++) {
		const slug = i === 1 ? base : `${base}-${i}`;
		if (
			!one(await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug)).limit(1))
		)
			return slug;
	}
}

/** Creates a workspace; its creator is its first facilitator. */
export async function createWorkspace(
	db: DB,
	input: z.input<typeof workspaceInput> & { isDemo?: boolean },
	creatorId: string
): Promise<Workspace> {
	const { isDemo: _demo, ...fields } = input;
	const parsed = workspaceInput.parse(fields);
	const now = Date.now();
	return await transaction(db, async () => {
		const ws: Workspace = {
			id: newId(),
			slug: await uniqueSlug(db, parsed.name),
			name: parsed.name,
			description: parsed.description,
			visibility: parsed.visibility,
			timeZone: parsed.timeZone,
			requireTwoFactor: parsed.requireTwoFactor,
			isDemo: input.isDemo ?? false,
			createdBy: creatorId,
			createdAt: now
		};
		await db.insert(workspaces).values(ws);
		await db
			.insert(workspaceMembers)
			.values({ workspaceId: ws.id, userId: creatorId, role: 'facilitator', createdAt: now });
		return ws;
	});
}

export async function updateWorkspace(
	db: DB,
	id: string,
	patch: z.infer<typeof workspacePatch>
): Promise<Workspace> {
	if (Object.keys(patch).length) await db.update(workspaces).set(patch).where(eq(workspaces.id, id));
	return one(await db.select().from(workspaces).where(eq(workspaces.id, id)).limit(1))!;
}

/** Workspaces the user belongs to, with their role. */
export async function workspacesOfUser(db: DB, userId: string) {
	return await db
		.select({ workspace: workspaces, role: workspaceMembers.role })
		.from(workspaceMembers)
		.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
		.where(eq(workspaceMembers.userId, userId))
		.orderBy(asc(workspaces.name));
}

export async function publicWorkspaces(db: DB): Promise<Workspace[]> {
	return await db
		.select()
		.from(workspaces)
		.where(eq(workspaces.visibility, 'public'))
		.orderBy(asc(workspaces.name));
}

export async function touchLastVisit(
	db: DB,
	workspaceId: string,
	userId: string,
	at = Date.now()
): Promise<number | null> {
	const row = one(
		await db
			.select({ last: workspaceMembers.lastVisitAt })
			.from(workspaceMembers)
			.where(membershipOf(workspaceId, userId))
			.limit(1)
	);
	await db.update(workspaceMembers).set({ lastVisitAt: at }).where(membershipOf(workspaceId, userId));
	return row?.last ?? null;
}
