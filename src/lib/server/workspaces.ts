import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { Conflict, Invalid, NotFound } from './errors.ts';
import { transaction, type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	organisations,
	ROLES,
	SECTORS,
	SIZE_BANDS,
	STANDINGS,
	type Sector,
	type SizeBand,
	users,
	workspaceMembers,
	workspacePartners,
	workspaces
} from './db/schema/index.ts';
import { emailSchema } from './users.ts';
import { mayTakePart } from './policy/organisations.ts';
import type { Workspace } from './workspaces/repository.ts';

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
/**
 * A facilitator's change to the workspace's record of a partner: chamber, size band, equity flags; or
 * `confirm` (take the organisation's own details shown as different, and confirm a record copied on upgrade)
 * or `dismiss` (keep this workspace's record and stop showing the organisation's current differences).
 */
export const partnerPatch = z
	.object({
		grassroots: z.boolean().optional(),
		byAndFor: z.boolean().optional(),
		sector: z.enum(SECTORS, { error: 'Choose the VCSE or statutory chamber.' }).optional(),
		sizeBand: z.enum(SIZE_BANDS, { error: 'Choose a size band.' }).optional(),
		confirm: z.literal(true).optional(),
		dismiss: z.literal(true).optional()
	})
	.strict()
	.refine((p) => !(p.confirm && p.dismiss), { message: 'Confirm or dismiss, not both.' })
	.refine((p) => !((p.confirm || p.dismiss) && (p.sector || p.sizeBand)), {
		message: 'Set the chamber and size band, or confirm or dismiss the organisation’s details, not both.'
	});

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

export type Partner = {
	organisationId: string;
	name: string;
	/** The chamber this partner votes in here: this workspace's record, not the organisation's own sector. */
	sector: Sector;
	sizeBand: SizeBand;
	/** Whether the organisation is verified (in the directory). */
	verified: boolean;
	/** Whether it counts in this workspace's votes: verified, or created for this workspace by a facilitator. */
	eligible: boolean;
	grassroots: boolean;
	byAndFor: boolean;
	/** False while the record is the copy made on upgrade and no facilitator has confirmed it. */
	confirmed: boolean;
	recordedBy: string | null;
	recordedByName: string | null;
	recordedAt: number;
	/** The organisation's own details where they differ from this record and nobody has dismissed them. */
	pending: { sector?: Sector; sizeBand?: SizeBand } | null;
};

const recorder = alias(users, 'recorder');

export async function listPartners(db: DB, workspaceId: string): Promise<Partner[]> {
	return (
		await db
			.select({
				p: workspacePartners,
				name: organisations.name,
				orgSector: organisations.sector,
				orgSizeBand: organisations.sizeBand,
				verified: organisations.verified,
				origin: organisations.originWorkspaceId,
				recordedByName: recorder.name
			})
			.from(workspacePartners)
			.innerJoin(organisations, eq(organisations.id, workspacePartners.organisationId))
			.leftJoin(recorder, eq(recorder.id, workspacePartners.recordedBy))
			.where(eq(workspacePartners.workspaceId, workspaceId))
			.orderBy(asc(workspacePartners.sector), asc(organisations.name))
	).map((r) => {
		const pending: Partner['pending'] = {};
		if (r.orgSector !== r.p.sector && r.orgSector !== r.p.dismissedSector) pending.sector = r.orgSector;
		if (r.orgSizeBand !== r.p.sizeBand && r.orgSizeBand !== r.p.dismissedSizeBand)
			pending.sizeBand = r.orgSizeBand;
		return {
			organisationId: r.p.organisationId,
			name: r.name,
			sector: r.p.sector,
			sizeBand: r.p.sizeBand,
			verified: r.verified,
			eligible: mayTakePart({ verified: r.verified, originWorkspaceId: r.origin }, workspaceId),
			grassroots: r.p.grassroots,
			byAndFor: r.p.byAndFor,
			confirmed: r.p.confirmed,
			recordedBy: r.p.recordedBy,
			recordedByName: r.recordedByName,
			recordedAt: r.p.recordedAt,
			pending: Object.keys(pending).length ? pending : null
		};
	});
}

/**
 * A partner as the API shows it. Who set the record is for the workspace's members: visitors to a public
 * workspace see the record without the person's name.
 */
export function serializePartner(p: Partner, member = true) {
	const who = member ? {} : { recordedBy: null, recordedByName: null };
	return { ...p, ...who, recordedAt: new Date(p.recordedAt).toISOString() };
}

export async function isPartner(db: DB, workspaceId: string, organisationId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ o: workspacePartners.organisationId })
			.from(workspacePartners)
			.where(
				and(
					eq(workspacePartners.workspaceId, workspaceId),
					eq(workspacePartners.organisationId, organisationId)
				)
			)
			.limit(1)
	);
}

/**
 * Adds a partner organisation: the workspace's record copies its chamber and size band now. A verified
 * organisation, or one created for this workspace, may be a partner; equity flags apply to VCSE partners only.
 */
export async function addPartner(
	db: DB,
	workspaceId: string,
	input: z.infer<typeof partnerInput>,
	userId: string
): Promise<Partner> {
	const org = one(
		await db.select().from(organisations).where(eq(organisations.id, input.organisationId)).limit(1)
	);
	if (!org || !mayTakePart(org, workspaceId))
		throw new Invalid(
			'That organisation is not in the directory: only verified organisations can be partners.'
		);
	if (await isPartner(db, workspaceId, org.id)) throw new Conflict(`${org.name} is already a partner.`);
	const vcse = org.sector === 'vcse';
	const now = Date.now();
	await db.insert(workspacePartners).values({
		workspaceId,
		organisationId: org.id,
		grassroots: vcse && input.grassroots,
		byAndFor: vcse && input.byAndFor,
		sector: org.sector,
		sizeBand: org.sizeBand,
		confirmed: true,
		recordedBy: userId,
		recordedAt: now,
		createdAt: now
	});
	return (await listPartners(db, workspaceId)).find((p) => p.organisationId === org.id)!;
}

/**
 * Changes the workspace's record of a partner (facilitators, checked by the caller). Moving a partner to the
 * statutory chamber clears its equity flags. Who and when are kept with the record.
 */
export async function updatePartner(
	db: DB,
	workspaceId: string,
	organisationId: string,
	patch: z.infer<typeof partnerPatch>,
	userId: string
): Promise<Partner> {
	return await transaction(db, async () => {
		const partner = (await listPartners(db, workspaceId)).find((p) => p.organisationId === organisationId);
		if (!partner) throw new NotFound('That organisation is not a partner here.');
		const org = one(
			await db.select().from(organisations).where(eq(organisations.id, organisationId)).limit(1)
		)!;
		const set: Partial<typeof workspacePartners.$inferInsert> = {};
		if (patch.confirm) {
			// Takes the differences shown (not one dismissed before) and confirms the record.
			Object.assign(set, { ...partner.pending, confirmed: true });
		} else if (patch.dismiss) {
			Object.assign(set, { confirmed: true, dismissedSector: org.sector, dismissedSizeBand: org.sizeBand });
		}
		if (patch.sector) Object.assign(set, { sector: patch.sector, confirmed: true });
		if (patch.sizeBand) Object.assign(set, { sizeBand: patch.sizeBand, confirmed: true });
		const sector = set.sector ?? partner.sector;
		if (sector !== 'vcse') {
			if (patch.grassroots || patch.byAndFor) throw new Invalid('Equity flags apply to VCSE partners only.');
			if (partner.grassroots || partner.byAndFor) Object.assign(set, { grassroots: false, byAndFor: false });
		} else {
			if (patch.grassroots !== undefined) set.grassroots = patch.grassroots;
			if (patch.byAndFor !== undefined) set.byAndFor = patch.byAndFor;
		}
		if (Object.keys(set).length)
			await db
				.update(workspacePartners)
				.set({ ...set, recordedBy: userId, recordedAt: Date.now() })
				.where(
					and(
						eq(workspacePartners.workspaceId, workspaceId),
						eq(workspacePartners.organisationId, organisationId)
					)
				);
		return (await listPartners(db, workspaceId)).find((p) => p.organisationId === organisationId)!;
	});
}

/** Removes a partner; members acting for it no longer act for any organisation and lose delegate status. */
export async function removePartner(db: DB, workspaceId: string, organisationId: string): Promise<void> {
	await transaction(db, async () => {
		const r = await db
			.delete(workspacePartners)
			.where(
				and(
					eq(workspacePartners.workspaceId, workspaceId),
					eq(workspacePartners.organisationId, organisationId)
				)
			);
		if (r.changes === 0) throw new NotFound('That organisation is not a partner here.');
		await db
			.update(workspaceMembers)
			.set({ organisationId: null, votingDelegate: false })
			.where(
				and(
					eq(workspaceMembers.workspaceId, workspaceId),
					eq(workspaceMembers.organisationId, organisationId)
				)
			);
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
	if (m.votingDelegate && m.role === 'observer') throw new Invalid('Observers cannot be voting delegates.');
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
		if (next.role === 'observer' && patch.votingDelegate === undefined) next.votingDelegate = false;
		await checkMembership(db, workspaceId, next);
		if (
			current.role === 'facilitator' &&
			next.role !== 'facilitator' &&
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
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
		return (await listMembers(db, workspaceId)).find((m) => m.userId === userId)!;
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
export async function addMember(
	db: DB,
	workspaceId: string,
	userId: string,
	m: {
		role: (typeof ROLES)[number];
		organisationId: string | null;
		standing: (typeof STANDINGS)[number];
		votingDelegate: boolean;
	}
): Promise<Member> {
	return await transaction(db, async () => {
		if ((await listMembers(db, workspaceId)).some((x) => x.userId === userId))
			throw new Conflict('This person is already a member of the workspace.');
		if (m.role !== 'facilitator' && !m.organisationId)
			throw new Invalid('Choose the partner organisation this person will act for.');
		await upsertMember(db, workspaceId, userId, m);
		return (await listMembers(db, workspaceId)).find((x) => x.userId === userId)!;
	});
}

export async function removeMember(db: DB, workspaceId: string, userId: string): Promise<void> {
	await transaction(db, async () => {
		const current = (await listMembers(db, workspaceId)).find((m) => m.userId === userId);
		if (!current) throw new NotFound('That person is not a member here.');
		if (current.role === 'facilitator' && (await facilitatorCount(db, workspaceId, userId)) === 0)
			throw new Invalid('A workspace needs at least one facilitator.');
		await db
			.delete(workspaceMembers)
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
	});
}

/** Adds (or updates) a membership, for invitations and the demo. */
export async function upsertMember(
	db: DB,
	workspaceId: string,
	userId: string,
	m: {
		role: (typeof ROLES)[number];
		organisationId: string | null;
		standing: (typeof STANDINGS)[number];
		votingDelegate: boolean;
	}
): Promise<void> {
	await checkMembership(db, workspaceId, m);
	await db
		.insert(workspaceMembers)
		.values({ workspaceId, userId, ...m, createdAt: Date.now() })
		.onConflictDoUpdate({ target: [workspaceMembers.workspaceId, workspaceMembers.userId], set: m });
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
			.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
			.limit(1)
	);
	await db
		.update(workspaceMembers)
		.set({ lastVisitAt: at })
		.where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
	return row?.last ?? null;
}
