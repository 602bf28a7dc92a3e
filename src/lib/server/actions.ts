/**
 * Actions agreed with decisions: owner organisation, description, due date, status and progress notes.
 * Creating and updating an action appends to the register chain. Owners (members acting for the owner
 * organisation) and facilitators update actions; facilitators create them.
 */
import { error } from '@sveltejs/kit';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type DB, one } from './db/index.ts';
import { newId } from './db/ids.ts';
import {
	actionNotes,
	actions,
	decisions,
	organisations,
	users,
	workspacePartners
} from './db/schema/index.ts';
import type { Membership } from './access.ts';
import * as register from './register.ts';
import { ACTION_STATUSES, type ActionStatus, type OrganisationRef } from '../domain/register-record.ts';
import { calendarDate } from './fields.ts';

export type Action = typeof actions.$inferSelect;

function invalid(message: string): never {
	error(422, { message, code: 'invalid' });
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}

export const newActionFields = z
	.object({
		ownerOrganisationId: z.string().trim().min(1, 'Choose the organisation that owns the action.'),
		description: z
			.string()
			.trim()
			.min(1, 'Describe the action.')
			.max(2000, 'The description may be at most 2000 characters.'),
		dueDate: calendarDate('The due date')
	})
	.strict();

export const actionInput = newActionFields
	.extend({ decisionId: z.string().trim().min(1, 'Name the decision, or leave decisionId out.').nullish() })
	.strict();

export const actionUpdate = z
	.object({
		status: z.enum(ACTION_STATUSES).optional(),
		dueDate: calendarDate('The due date').optional(),
		note: z.string().trim().max(4000, 'The note may be at most 4000 characters.').optional()
	})
	.strict();

/** Checks a new action against the workspace: a partner owns it, and it is not already overdue. */
export async function checkNewAction(
	db: DB,
	workspaceId: string,
	timeZone: string,
	a: z.infer<typeof newActionFields>,
	now = Date.now()
): Promise<void> {
	const partner = one(
		await db
			.select({ id: workspacePartners.organisationId })
			.from(workspacePartners)
			.where(
				and(
					eq(workspacePartners.workspaceId, workspaceId),
					eq(workspacePartners.organisationId, a.ownerOrganisationId)
				)
			)
			.limit(1)
	);
	if (!partner) invalid('The owner of an action must be a partner organisation of this workspace.');
	if (a.dueDate < todayIn(timeZone, now))
		invalid(`The due date ${a.dueDate} of a new action is in the past; choose today or a later date.`);
}

async function orgRef(db: DB, id: string): Promise<OrganisationRef> {
	const o = one(
		await db
			.select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
			.from(organisations)
			.where(eq(organisations.id, id))
			.limit(1)
	);
	if (!o) invalid('Unknown organisation.');
	return o;
}

/** Inserts an action and its register entry. Runs inside an append transaction. */
export async function insertAction(
	tx: DB,
	workspaceId: string,
	a: z.infer<typeof actionInput>,
	userId: string,
	now: number,
	id = newId()
): Promise<Action> {
	const owner = await orgRef(tx, a.ownerOrganisationId);
	const entry = await register.appendEntry(
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
	return one(await tx.select().from(actions).where(eq(actions.id, id)).limit(1))!;
}

/** Creates an action on its own or for a decision of the workspace (facilitators; checked by the caller). */
export async function createAction(
	db: DB,
	workspaceId: string,
	timeZone: string,
	input: z.infer<typeof actionInput>,
	userId: string,
	now = Date.now()
): Promise<Action> {
	await checkNewAction(db, workspaceId, timeZone, input, now);
	if (input.decisionId !== null && input.decisionId !== undefined) {
		const d = one(
			await db
				.select({ ws: decisions.workspaceId })
				.from(decisions)
				.where(eq(decisions.id, input.decisionId))
				.limit(1)
		);
		if (!d || d.ws !== workspaceId) invalid('The decision is not in this workspace.');
	}
	return await register.appendTransaction(
		db,
		async (tx) => await insertAction(tx, workspaceId, input, userId, now)
	);
}

export async function getAction(db: DB, id: string): Promise<Action> {
	const a = one(await db.select().from(actions).where(eq(actions.id, id)).limit(1));
	if (!a) error(404, { message: 'Not found', code: 'not_found' });
	return a;
}

/** Whether a member may update an action: facilitators, and members acting for the owner organisation. */
export function mayUpdate(member: Membership | null, action: Pick<Action, 'ownerOrganisationId'>): boolean {
	if (!member || member.role === 'observer') return false;
	return member.role === 'facilitator' || member.organisationId === action.ownerOrganisationId;
}

/** Changes an action's status or due date and/or adds a progress note, as one register entry. */
export async function updateAction(
	db: DB,
	actionId: string,
	member: Membership,
	input: z.infer<typeof actionUpdate>,
	userId: string,
	now = Date.now()
): Promise<Action> {
	const action = await getAction(db, actionId);
	if (!mayUpdate(member, action))
		error(403, {
			message: 'Only the owner organisation and facilitators can update this action.',
			code: 'forbidden'
		});
	const status: ActionStatus = input.status ?? action.status;
	const dueDate = input.dueDate ?? action.dueDate;
	const note = input.note ?? '';
	if (status === action.status && dueDate === action.dueDate && !note)
		invalid('Nothing to record: change the status or the due date, or write a progress note.');
	const author = one(
		await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1)
	)?.name;
	const owner = await orgRef(db, action.ownerOrganisationId);
	const personal =
		note && author
			? [register.preparePersonal({ role: 'note_author', name: author, organisation: owner.name }, userId)]
			: [];
	return await register.appendTransaction(db, async (tx) => {
		const entry = await register.appendEntry(
			tx,
			action.workspaceId,
			'action.updated',
			{
				action: actionId,
				status,
				due: dueDate,
				note,
				author: personal[0]?.digest ?? null,
				personal: personal.map((p) => p.digest)
			},
			personal,
			now
		);
		await tx.insert(actionNotes).values({
			id: newId(),
			actionId,
			note,
			status,
			dueDate,
			registerSeq: entry.seq,
			createdBy: userId,
			createdAt: now
		});
		await tx.update(actions).set({ status, dueDate, updatedAt: now }).where(eq(actions.id, actionId));
		return one(await tx.select().from(actions).where(eq(actions.id, actionId)).limit(1))!;
	});
}

export type ActionRow = Action & { ownerName: string; decisionTitle: string | null; overdue: boolean };

/** Actions of a workspace by due date, optionally filtered by owner and status; overdue ones are marked. */
export async function listActions(
	db: DB,
	workspaceId: string,
	timeZone: string,
	f: { owner?: string; status?: string; decisionId?: string } = {},
	now = Date.now()
): Promise<ActionRow[]> {
	const today = todayIn(timeZone, now);
	const rows = await db
		.select({ action: actions, ownerName: organisations.name, decisionTitle: decisions.title })
		.from(actions)
		.innerJoin(organisations, eq(organisations.id, actions.ownerOrganisationId))
		.leftJoin(decisions, eq(decisions.id, actions.decisionId))
		.where(eq(actions.workspaceId, workspaceId))
		.orderBy(asc(actions.dueDate), asc(actions.createdAt));
	return rows
		.map((r) => ({
			...r.action,
			ownerName: r.ownerName,
			decisionTitle: r.decisionTitle,
			overdue: isOverdue(r.action, today)
		}))
		.filter(
			(a) =>
				(!f.owner || a.ownerOrganisationId === f.owner) &&
				(!f.status || (f.status === 'overdue' ? a.overdue : a.status === f.status)) &&
				(!f.decisionId || a.decisionId === f.decisionId)
		);
}

export function isOverdue(a: Pick<Action, 'status' | 'dueDate'>, today: string): boolean {
	return (a.status === 'planned' || a.status === 'in_progress') && a.dueDate < today;
}

export async function listNotes(db: DB, actionId: string) {
	return await db
		.select({
			id: actionNotes.id,
			note: actionNotes.note,
			status: actionNotes.status,
			dueDate: actionNotes.dueDate,
			registerSeq: actionNotes.registerSeq,
			createdAt: actionNotes.createdAt
		})
		.from(actionNotes)
		.where(eq(actionNotes.actionId, actionId))
		.orderBy(asc(actionNotes.createdAt));
}

export function serializeAction(a: Action & { ownerName?: string; overdue?: boolean }) {
	return {
		id: a.id,
		workspaceId: a.workspaceId,
		decisionId: a.decisionId,
		owner: { id: a.ownerOrganisationId, name: a.ownerName ?? null },
		description: a.description,
		dueDate: a.dueDate,
		status: a.status,
		overdue: a.overdue ?? null,
		registerSeq: a.registerSeq,
		createdAt: new Date(a.createdAt).toISOString(),
		updatedAt: new Date(a.updatedAt).toISOString()
	};
}
