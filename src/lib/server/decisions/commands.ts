/**
 * The decision register's use cases, one function each, called alike by the form actions and the API: publish
 * a decision record, add a dissenting statement, create an action and record progress on one. Each loads what
 * it needs, asks the policy (policy/decisions.ts) before it changes anything, throws domain errors, and appends
 * to the register chain in the same transaction as its rows.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { actionNotes, actions, dissents } from '../db/schema/index.ts';
import { Conflict, Invalid, Unauthenticated } from '../errors.ts';
import { loadWorkspace, type Actor } from '../access.ts';
import { authorize, may } from '../policy/index.ts';
import * as register from '../register/chain.ts';
import { checkNewAction, publishDecisionAs } from './publish.ts';
import { readAction, readDecision } from './queries.ts';
import {
	decisionOrganisationIds,
	findAction,
	findDecision,
	findDissent,
	insertAction,
	orgRef,
	userName,
	type Action,
	type Decision
} from './repository.ts';
import type { ActionInput, ActionUpdate, DissentInput, PublishFields } from './schemas.ts';
import type { ActionStatus } from '../../domain/register-record.ts';

function userOf(actor: Actor) {
	if (!actor.user) throw new Unauthenticated();
	return actor.user;
}

/**
 * Publishes a decision record to the register of a workspace (by id or slug): facilitators, from a closed
 * vote or as a consensus decision; a record that supersedes another is a correction, also facilitators'.
 */
export async function publishDecision(
	actor: Actor,
	workspace: string,
	input: PublishFields,
	now = Date.now()
): Promise<Decision> {
	const db = getDb();
	const access = await loadWorkspace(db, actor, workspace);
	authorize(actor, 'decision.publish', access.member, access.workspace);
	if (input.supersedes) authorize(actor, 'decision.supersede', access.member, access.workspace);
	return await publishDecisionAs(db, access.workspace.id, input, userOf(actor).id, now);
}

/**
 * Adds an organisation's dissenting statement: only an organisation recorded as taking part, only once, and
 * only until the record's dissent deadline. A member acts for their own organisation; a facilitator may
 * record a statement for any organisation that took part (`input.organisationId`). `workspace` (id or slug),
 * when given, is where the door found the decision.
 */
export async function addDissent(
	actor: Actor,
	decisionId: string,
	input: DissentInput,
	workspace?: string,
	now = Date.now()
) {
	const db = getDb();
	const { decision, member } = await readDecision(actor, decisionId, workspace);
	if (!member) authorize(actor, 'decision.dissent', member, { organisationId: '' });
	const asked = input.organisationId;
	const organisationId =
		asked && may(actor, 'decision.dissent', member, { organisationId: asked })
			? asked
			: member!.organisationId;
	if (!organisationId)
		throw new Invalid('You do not act for an organisation in this workspace, so you cannot add a dissent.');
	authorize(actor, 'decision.dissent', member, { organisationId });
	const userId = userOf(actor).id;
	if (!(await decisionOrganisationIds(db, decisionId)).includes(organisationId))
		throw new Conflict('Only organisations that took part in this decision can add a dissenting statement.');
	if (decision.dissentUntil === null || now > decision.dissentUntil)
		throw new Conflict('The period for dissenting statements on this decision has ended.');
	const org = await orgRef(db, organisationId);
	const author = await userName(db, userId);
	const personal = author
		? [register.preparePersonal({ role: 'dissent_author', name: author, organisation: org.name }, userId)]
		: [];
	return await register.appendTransaction(db, async (tx) => {
		if (await findDissent(tx, decisionId, organisationId))
			throw new Conflict(`${org.name} has already added a dissenting statement to this decision.`);
		const id = newId();
		const entry = await register.appendEntry(
			tx,
			decision.workspaceId,
			'dissent.added',
			{
				decision: decisionId,
				dissent: id,
				organisation: org,
				statement: input.statement,
				author: personal[0]?.digest ?? null,
				personal: personal.map((p) => p.digest)
			},
			personal,
			now
		);
		await tx.insert(dissents).values({
			id,
			decisionId,
			workspaceId: decision.workspaceId,
			organisationId,
			statement: input.statement,
			registerSeq: entry.seq,
			createdBy: userId,
			createdAt: now
		});
		return { id, organisation: org, statement: input.statement, seq: entry.seq };
	});
}

/** Creates an action in a workspace (by id or slug), on its own or for one of its decisions (facilitators). */
export async function createAction(
	actor: Actor,
	workspace: string,
	input: ActionInput,
	now = Date.now()
): Promise<Action> {
	const db = getDb();
	const access = await loadWorkspace(db, actor, workspace);
	authorize(actor, 'action.create', access.member, access.workspace);
	const ws = access.workspace;
	await checkNewAction(db, ws.id, ws.timeZone, input, now);
	if (input.decisionId !== null && input.decisionId !== undefined) {
		const d = await findDecision(db, input.decisionId);
		if (!d || d.workspaceId !== ws.id) throw new Invalid('The decision is not in this workspace.');
	}
	const userId = userOf(actor).id;
	return await register.appendTransaction(
		db,
		async (tx) => await insertAction(tx, ws.id, input, userId, now)
	);
}

/**
 * Changes an action's status or due date and/or adds a progress note, as one register entry: members acting
 * for the owner organisation, and facilitators. `workspace` (id or slug), when given, is where the door found it.
 */
export async function updateAction(
	actor: Actor,
	actionId: string,
	input: ActionUpdate,
	workspace?: string,
	now = Date.now()
): Promise<Action> {
	const db = getDb();
	const { action, member } = await readAction(actor, actionId, workspace);
	authorize(actor, 'action.update', member, action);
	const userId = userOf(actor).id;
	const status: ActionStatus = input.status ?? action.status;
	const dueDate = input.dueDate ?? action.dueDate;
	const note = input.note ?? '';
	if (status === action.status && dueDate === action.dueDate && !note)
		throw new Invalid('Nothing to record: change the status or the due date, or write a progress note.');
	const author = await userName(db, userId);
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
		return (await findAction(tx, actionId))!;
	});
}
