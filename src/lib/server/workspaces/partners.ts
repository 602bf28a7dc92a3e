// A workspace's partner organisations and its record of each (chamber, size band, equity flags). Callers
// have checked access (workspaces/commands.ts and queries.ts do).
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { affected, transaction, one } from '../db/index.ts';
import type { DB } from '../db/index.ts';
import {
	organisations,
	partnershipOf,
	users,
	workspaceMembers,
	workspacePartners
} from '../db/schema/index.ts';
import type { Sector, SizeBand } from '../db/schema/index.ts';
import { mayTakePart } from '../policy/organisations.ts';
import type { partnerInput, PartnerJson, partnerPatch } from './schemas.ts';
import { isoUtc } from '../../domain/time.ts';

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
export function serializePartner(p: Partner, member = true): PartnerJson {
	const who = member ? {} : { recordedBy: null, recordedByName: null };
	return { ...p, ...who, recordedAt: isoUtc(p.recordedAt) };
}

export async function isPartner(db: DB, workspaceId: string, organisationId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ o: workspacePartners.organisationId })
			.from(workspacePartners)
			.where(partnershipOf(workspaceId, organisationId))
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
				.where(partnershipOf(workspaceId, organisationId));
		return (await listPartners(db, workspaceId)).find((p) => p.organisationId === organisationId)!;
	});
}

/** Removes a partner; members acting for it no longer act for any organisation and lose delegate status. */
export async function removePartner(db: DB, workspaceId: string, organisationId: string): Promise<void> {
	await transaction(db, async () => {
		const r = await db.delete(workspacePartners).where(partnershipOf(workspaceId, organisationId));
		if (affected(r) === 0) throw new NotFound('That organisation is not a partner here.');
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
