/**
 * The decision register's SQL: decisions, dissents, actions and their notes, and the few rows of other
 * features a record names (organisations, people, document versions). Every function takes the handle it
 * runs on: the process-wide one, or a transaction's.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	actions,
	decisionOrganisations,
	decisions,
	dissents,
	documentVersions,
	organisations,
	users,
	workspaceMembers,
	workspacePartners,
	workspaces
} from '../db/schema/index.ts';
import { Invalid } from '../errors.ts';
import * as chain from '../register/chain.ts';
import type { OrganisationRef } from '../../domain/register-record.ts';
import type { ActionInput } from './schemas.ts';

export type Decision = typeof decisions.$inferSelect;
export type Action = typeof actions.$inferSelect;
export type Workspace = typeof workspaces.$inferSelect;

export async function findWorkspace(db: DB, workspaceId: string): Promise<Workspace | null> {
	return one(await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1)) ?? null;
}

export async function findDecision(db: DB, id: string): Promise<Decision | null> {
	return one(await db.select().from(decisions).where(eq(decisions.id, id)).limit(1)) ?? null;
}

export async function findAction(db: DB, id: string): Promise<Action | null> {
	return one(await db.select().from(actions).where(eq(actions.id, id)).limit(1)) ?? null;
}

/** Organisations by id, in the order asked, as a record names them (unknown ids are left out). */
export async function orgRefs(db: DB, ids: string[]): Promise<OrganisationRef[]> {
	if (!ids.length) return [];
	const rows = await db
		.select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
		.from(organisations)
		.where(inArray(organisations.id, ids));
	const byId = new Map(rows.map((r) => [r.id, r]));
	return ids.map((id) => byId.get(id)).filter((r): r is OrganisationRef => !!r);
}

/** One organisation as a record names it; refused as invalid input when there is none by that id. */
export async function orgRef(db: DB, id: string): Promise<OrganisationRef> {
	const org = (await orgRefs(db, [id]))[0];
	if (!org) throw new Invalid('Unknown organisation.');
	return org;
}

/** The organisation an attendee or a declared conflict names, if any; an unknown id is refused. */
export async function personOrganisation(
	db: DB,
	id: string | null | undefined
): Promise<OrganisationRef | undefined> {
	if (id === null || id === undefined) return undefined;
	const org = (await orgRefs(db, [id]))[0];
	if (!org) throw new Invalid(`Unknown organisation ${JSON.stringify(id.slice(0, 40))}.`);
	return org;
}

/** The account an attendee or a declared conflict names, if any; an unknown id is refused. */
export async function personUser(db: DB, id: string | null | undefined): Promise<string | null> {
	if (id === null || id === undefined) return null;
	const user = one(await db.select({ id: users.id }).from(users).where(eq(users.id, id)).limit(1));
	if (!user) throw new Invalid(`Unknown person (userId ${JSON.stringify(id.slice(0, 40))}).`);
	return user.id;
}

export async function partnerIds(db: DB, workspaceId: string): Promise<Set<string>> {
	return new Set(
		(
			await db
				.select({ id: workspacePartners.organisationId })
				.from(workspacePartners)
				.where(eq(workspacePartners.workspaceId, workspaceId))
		).map((r) => r.id)
	);
}

export async function memberIds(db: DB, workspaceId: string): Promise<Set<string>> {
	return new Set(
		(
			await db
				.select({ id: workspaceMembers.userId })
				.from(workspaceMembers)
				.where(eq(workspaceMembers.workspaceId, workspaceId))
		).map((r) => r.id)
	);
}

export async function userName(db: DB, id: string | null | undefined): Promise<string | null> {
	if (!id) return null;
	return (
		one(await db.select({ name: users.name }).from(users).where(eq(users.id, id)).limit(1))?.name ?? null
	);
}

export async function decisionOrganisationIds(db: DB, decisionId: string): Promise<string[]> {
	return (
		await db
			.select({ id: decisionOrganisations.organisationId })
			.from(decisionOrganisations)
			.where(eq(decisionOrganisations.decisionId, decisionId))
	).map((r) => r.id);
}

/** The dissenting statement an organisation has added to a decision, if any. */
export async function findDissent(db: DB, decisionId: string, organisationId: string) {
	return one(
		await db
			.select({ id: dissents.id })
			.from(dissents)
			.where(and(eq(dissents.decisionId, decisionId), eq(dissents.organisationId, organisationId)))
			.limit(1)
	);
}

/** A saved version of a document (name, SHA-256 of its rendered HTML, and its text). */
export async function findVersion(db: DB, documentId: string, versionId: string) {
	return (
		one(
			await db
				.select({
					id: documentVersions.id,
					name: documentVersions.name,
					hash: documentVersions.hash,
					text: documentVersions.text,
					createdAt: documentVersions.createdAt
				})
				.from(documentVersions)
				.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
				.limit(1)
		) ?? null
	);
}

/** Inserts an action and its register entry. Runs inside an append transaction. */
export async function insertAction(
	tx: DB,
	workspaceId: string,
	a: ActionInput,
	userId: string,
	now: number,
	id = newId()
): Promise<Action> {
	const owner = await orgRef(tx, a.ownerOrganisationId);
	const entry = await chain.appendEntry(
		tx,
		workspaceId,
		'action.created',
		{
			action: id,
			decision: a.decisionId ?? null,
			owner,
			description: a.description,
			due: a.dueDate,
			status: 'planned'
		},
		[],
		now
	);
	await tx.insert(actions).values({
		id,
		workspaceId,
		decisionId: a.decisionId ?? null,
		ownerOrganisationId: owner.id,
		description: a.description,
		dueDate: a.dueDate,
		status: 'planned',
		registerSeq: entry.seq,
		createdBy: userId,
		createdAt: now,
		updatedAt: now
	});
	return (await findAction(tx, id))!;
}
