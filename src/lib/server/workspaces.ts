import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { writeTransaction, type DB } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	organisations,
	ROLES,
	STANDINGS,
	users,
	workspaceMembers,
	workspacePartners,
	workspaces
} from './db/schema/index.ts';
import { addOrganisationMember } from './organisations.ts';
import { emailSchema } from './users.ts';
import type { Workspace } from './access.ts';

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export const timeZoneSchema = z
	.string()
	.trim()
	.refine((z) => zones.has(z), 'Choose a time zone from the list, such as Europe/London.');

const workspaceFields = {
	name: z
		.string({ error: 'Enter a name.' })
		.trim()
		.min(3, 'Use at least 3 characters for the name.')
		.max(120, 'Use at most 120 characters.'),
	description: z.string().trim().max(2000, 'Use at most 2,000 characters.'),
	visibility: z.enum(['private', 'public'], { error: 'Choose private or public.' }),
	timeZone: timeZoneSchema
};
export const workspaceInput = z
	.object({
		...workspaceFields,
		description: workspaceFields.description.default(''),
		visibility: workspaceFields.visibility.default('private'),
		timeZone: workspaceFields.timeZone.default('Europe/London')
	})
	.strict();
// Built from the fields without defaults: zod applies a default inside .partial(), so a patch naming one
// field would reset the others.
export const workspacePatch = z.object(workspaceFields).partial().strict();

export const partnerInput = z
	.object({
		organisationId: z.string({ error: 'Choose an organisation.' }).min(1, 'Choose an organisation.'),
		grassroots: z.boolean().default(false),
		byAndFor: z.boolean().default(false)
	})
	.strict();
export const partnerPatch = z
	.object({ grassroots: z.boolean().optional(), byAndFor: z.boolean().optional() })
	.strict();

export const memberPatch = z
	.object({
		role: z.enum(ROLES, { error: 'Choose a role.' }).optional(),
		organisationId: z.string().min(1).nullable().optional(),
		standing: z.enum(STANDINGS, { error: 'Choose representative or participant.' }).optional(),
		votingDelegate: z.boolean().optional()
	})
	.strict();

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

function uniqueSlug(db: DB, name: string): string {
	const base = slugify(name);
	for (let i = 1; ; i++) {
		const slug = i === 1 ? base : `${base}-${i}`;
		if (!db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug)).get())
			return slug;
	}
}

/** Creates a workspace; its creator is its first facilitator. */
export function createWorkspace(
	db: DB,
	input: z.input<typeof workspaceInput> & { isDemo?: boolean },
	creatorId: string
): Workspace {
	const { isDemo: _demo, ...fields } = input;
	const parsed = workspaceInput.parse(fields);
	const now = Date.now();
	return writeTransaction(db, () => {
		const ws: Workspace = {
			id: newId(),
			slug: uniqueSlug(db, parsed.name),
			name: parsed.name,
			description: parsed.description,
			visibility: parsed.visibility,
			timeZone: parsed.timeZone,
			isDemo: input.isDemo ?? false,
			createdBy: creatorId,
			createdAt: now
		};
		db.insert(workspaces).values(ws).run();
		db.insert(workspaceMembers)
			.values({ workspaceId: ws.id, userId: creatorId, role: 'facilitator', createdAt: now })
			.run();
		return ws;
	});
}

export function updateWorkspace(db: DB, id: string, patch: z.infer<typeof workspacePatch>): Workspace {
	if (Object.keys(patch).length) db.update(workspaces).set(patch).where(eq(workspaces.id, id)).run();
	return db.select().from(workspaces).where(eq(workspaces.id, id)).get()!;
}

/** A workspace as the API shows it. */
export function serializeWorkspace(ws: Workspace) {
	return {
		id: ws.id,
		slug: ws.slug,
		name: ws.name,
		description: ws.description,
		visibility: ws.visibility,
		timeZone: ws.timeZone,
		isDemo: ws.isDemo,
		createdAt: new Date(ws.createdAt).toISOString()
	};
}

/** Workspaces the user belongs to, with their role. */
export function workspacesOfUser(db: DB, userId: string) {
	return db
		.select({ workspace: workspaces, role: workspaceMembers.role })
		.from(workspaceMembers)
		.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
		.where(eq(workspaceMembers.userId, userId))
		.orderBy(asc(workspaces.name))
		.all();
}

export function publicWorkspaces(db: DB): Workspace[] {
	return db
		.select()
		.from(workspaces)
		.where(eq(workspaces.visibility, 'public'))
		.orderBy(asc(workspaces.name))
		.all();
}

export type Partner = {
	organisationId: string;
	name: string;
	sector: 'vcse' | 'statutory';
	sizeBand: string;
	verified: boolean;
	grassroots: boolean;
	byAndFor: boolean;
};

export function listPartners(db: DB, workspaceId: string): Partner[] {
	return db
		.select({
			organisationId: organisations.id,
			name: organisations.name,
			sector: organisations.sector,
			sizeBand: organisations.sizeBand,
			verified: organisations.verified,
			grassroots: workspacePartners.grassroots,
			byAndFor: workspacePartners.byAndFor
		})
		.from(workspacePartners)
		.innerJoin(organisations, eq(organisations.id, workspacePartners.organisationId))
		.where(eq(workspacePartners.workspaceId, workspaceId))
		.orderBy(asc(organisations.sector), asc(organisations.name))
		.all();
}

export function isPartner(db: DB, workspaceId: string, organisationId: string): boolean {
	return !!db
		.select({ o: workspacePartners.organisationId })
		.from(workspacePartners)
		.where(
			and(
				eq(workspacePartners.workspaceId, workspaceId),
				eq(workspacePartners.organisationId, organisationId)
			)
		)
		.get();
}

/** Adds a partner organisation. Equity flags apply to VCSE partners only. */
export function addPartner(db: DB, workspaceId: string, input: z.infer<typeof partnerInput>): Partner {
	const org = db.select().from(organisations).where(eq(organisations.id, input.organisationId)).get();
	if (!org) error(422, { message: 'That organisation does not exist.', code: 'invalid' });
	if (!org.verified) error(422, { message: 'Only verified organisations can be partners.', code: 'invalid' });
	if (isPartner(db, workspaceId, org.id))
		error(409, { message: `${org.name} is already a partner.`, code: 'conflict' });
	const vcse = org.sector === 'vcse';
	db.insert(workspacePartners)
		.values({
			workspaceId,
			organisationId: org.id,
			grassroots: vcse && input.grassroots,
			byAndFor: vcse && input.byAndFor,
			createdAt: Date.now()
		})
		.run();
	return listPartners(db, workspaceId).find((p) => p.organisationId === org.id)!;
}

export function updatePartner(
	db: DB,
	workspaceId: string,
	organisationId: string,
	patch: z.infer<typeof partnerPatch>
): Partner {
	const partner = listPartners(db, workspaceId).find((p) => p.organisationId === organisationId);
	if (!partner) error(404, { message: 'That organisation is not a partner here.', code: 'not_found' });
	if (partner.sector !== 'vcse' && (patch.grassroots || patch.byAndFor))
		error(422, { message: 'Equity flags apply to VCSE partners only.', code: 'invalid' });
	if (Object.keys(patch).length)
		db.update(workspacePartners)
			.set(patch)
			.where(
				and(
					eq(workspacePartners.workspaceId, workspaceId),
					eq(workspacePartners.organisationId, organisationId)
				)
			)
			.run();
	return listPartners(db, workspaceId).find((p) => p.organisationId === organisationId)!;
}

/** Removes a partner; members acting for it no longer act for any organisation and lose delegate status. */
export function removePartner(db: DB, workspaceId: string, organisationId: string): void {
	writeTransaction(db, () => {
		const r = db
			.delete(workspacePartners)
			.where(
				and(
					eq(workspacePartners.workspaceId, workspaceId),
					eq(workspacePartners.organisationId, organisationId)
				)
			)
			.run();
		if (r.changes === 0)
			error(404, { message: 'That organisation is not a partner here.', code: 'not_found' });
		db.update(workspaceMembers)
			.set({ organisationId: null, votingDelegate: false })
			.where(
				and(
					eq(workspaceMembers.workspaceId, workspaceId),
					eq(workspaceMembers.organisationId, organisationId)
				)
			)
			.run();
	});
}

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
export function serializeMember(m: Member, showEmail: boolean) {
	const { email, ...rest } = m;
	return showEmail ? { ...rest, email } : rest;
}

export function listMembers(db: DB, workspaceId: string): Member[] {
	return db
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
		.orderBy(asc(users.name))
		.all();
}

function facilitatorCount(db: DB, workspaceId: string, exceptUserId: string): number {
	return db
		.select({ n: sql<number>`count(*)` })
		.from(workspaceMembers)
		.where(
			and(
				eq(workspaceMembers.workspaceId, workspaceId),
				eq(workspaceMembers.role, 'facilitator'),
				ne(workspaceMembers.userId, exceptUserId)
			)
		)
		.get()!.n;
}

/** Checks a membership's role, organisation and delegate flag together. */
function checkMembership(
	db: DB,
	workspaceId: string,
	m: { role: string; organisationId: string | null; votingDelegate: boolean }
) {
	if (m.organisationId && !isPartner(db, workspaceId, m.organisationId))
		error(422, {
			message: 'A member can only act for a partner organisation of this workspace.',
			code: 'invalid'
		});
	if (m.votingDelegate && !m.organisationId)
		error(422, { message: 'A voting delegate must act for a partner organisation.', code: 'invalid' });
	if (m.votingDelegate && m.role === 'observer')
		error(422, { message: 'Observers cannot be voting delegates.', code: 'invalid' });
}

export function updateMember(
	db: DB,
	workspaceId: string,
	userId: string,
	patch: z.infer<typeof memberPatch>
): Member {
	return writeTransaction(db, () => {
		const current = listMembers(db, workspaceId).find((m) => m.userId === userId);
		if (!current) error(404, { message: 'That person is not a member here.', code: 'not_found' });
		const next = { ...current, ...patch };
		if (next.role === 'observer' && patch.votingDelegate === undefined) next.votingDelegate = false;
		checkMembership(db, workspaceId, next);
		if (
			current.role === 'facilitator' &&
			next.role !== 'facilitator' &&
			facilitatorCount(db, workspaceId, userId) === 0
		)
			error(422, { message: 'A workspace needs at least one facilitator.', code: 'invalid' });
		db.update(workspaceMembers)
			.set({
				role: next.role,
				organisationId: next.organisationId,
				standing: next.standing,
				votingDelegate: next.votingDelegate
			})
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
			.run();
		if (next.organisationId) addOrganisationMember(db, next.organisationId, userId);
		return listMembers(db, workspaceId).find((m) => m.userId === userId)!;
	});
}

export const memberInput = z
	.object({
		email: emailSchema.optional(),
		userId: z.string().min(1).optional(),
		role: z.enum(ROLES, { error: 'Choose a role.' }),
		organisationId: z.string().min(1).nullable().default(null),
		standing: z.enum(STANDINGS, { error: 'Choose representative or participant.' }).default('participant'),
		votingDelegate: z.boolean().default(false)
	})
	.strict()
	.refine((m) => (m.email === undefined) !== (m.userId === undefined), {
		message: 'Give either email or userId of the person to add.'
	});

/**
 * Adds someone who already has an account as a member. 409 when they are a member already; like an
 * invitation, anyone but a facilitator must act for a partner organisation.
 */
export function addMember(
	db: DB,
	workspaceId: string,
	userId: string,
	m: {
		role: (typeof ROLES)[number];
		organisationId: string | null;
		standing: (typeof STANDINGS)[number];
		votingDelegate: boolean;
	}
): Member {
	return writeTransaction(db, () => {
		if (listMembers(db, workspaceId).some((x) => x.userId === userId))
			error(409, { message: 'This person is already a member of the workspace.', code: 'conflict' });
		if (m.role !== 'facilitator' && !m.organisationId)
			error(422, {
				message: 'Choose the partner organisation this person will act for.',
				code: 'invalid'
			});
		upsertMember(db, workspaceId, userId, m);
		return listMembers(db, workspaceId).find((x) => x.userId === userId)!;
	});
}

export function removeMember(db: DB, workspaceId: string, userId: string): void {
	writeTransaction(db, () => {
		const current = listMembers(db, workspaceId).find((m) => m.userId === userId);
		if (!current) error(404, { message: 'That person is not a member here.', code: 'not_found' });
		if (current.role === 'facilitator' && facilitatorCount(db, workspaceId, userId) === 0)
			error(422, { message: 'A workspace needs at least one facilitator.', code: 'invalid' });
		db.delete(workspaceMembers)
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
			.run();
	});
}

/** Adds (or updates) a membership, for invitations and the demo. */
export function upsertMember(
	db: DB,
	workspaceId: string,
	userId: string,
	m: {
		role: (typeof ROLES)[number];
		organisationId: string | null;
		standing: (typeof STANDINGS)[number];
		votingDelegate: boolean;
	}
): void {
	checkMembership(db, workspaceId, m);
	db.insert(workspaceMembers)
		.values({ workspaceId, userId, ...m, createdAt: Date.now() })
		.onConflictDoUpdate({ target: [workspaceMembers.workspaceId, workspaceMembers.userId], set: m })
		.run();
	if (m.organisationId) addOrganisationMember(db, m.organisationId, userId);
}

export function touchLastVisit(db: DB, workspaceId: string, userId: string, at = Date.now()): number | null {
	const row = db
		.select({ last: workspaceMembers.lastVisitAt })
		.from(workspaceMembers)
		.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
		.get();
	db.update(workspaceMembers)
		.set({ lastVisitAt: at })
		.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
		.run();
	return row?.last ?? null;
}
