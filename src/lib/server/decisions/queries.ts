/**
 * Reads of the decision register for pages and the API, with who may see them decided here: a workspace's
 * register is open to anyone when the workspace is public and to its members when it is private (everyone
 * else gets 404, as for a workspace that does not exist).
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { getDb, type DB } from '../db/index.ts';
import {
	actionNotes,
	actions,
	decisions,
	dissents,
	documentVersions,
	documents,
	organisations
} from '../db/schema/index.ts';
import { NotFound } from '../errors.ts';
import type { Actor, WorkspaceAccess } from '../access.ts';
import { readAccess } from '../register/queries.ts';
import { listVotes } from '../votes/repository.ts';
import { isOverdue, todayIn } from '../../domain/action-dates.ts';
import { outcomeOfTally } from './from-vote.ts';
import { findAction, findDecision, findVersion, type Action, type Decision } from './repository.ts';

export { findVersion } from './repository.ts';

/**
 * A decision the actor may read, with its workspace and their membership there; 404 when there is none or
 * it is not theirs to see, or (with `workspace`, an id or slug from the address) when it belongs elsewhere.
 */
export async function readDecision(
	actor: Actor,
	id: string,
	workspace?: string
): Promise<WorkspaceAccess & { decision: Decision }> {
	const decision = await findDecision(getDb(), id);
	if (!decision) throw new NotFound();
	const access = await readAccess(actor, decision.workspaceId);
	if (workspace !== undefined && workspace !== access.workspace.id && workspace !== access.workspace.slug)
		throw new NotFound();
	return { ...access, decision };
}

/** An action the actor may read, as `readDecision` does for decisions. */
export async function readAction(
	actor: Actor,
	id: string,
	workspace?: string
): Promise<WorkspaceAccess & { action: Action }> {
	const action = await findAction(getDb(), id);
	if (!action) throw new NotFound();
	const access = await readAccess(actor, action.workspaceId);
	if (workspace !== undefined && workspace !== access.workspace.id && workspace !== access.workspace.slug)
		throw new NotFound();
	return { ...access, action };
}

/** Saved versions of the workspace's documents, newest first, for the publish form. */
export async function versionChoices(db: DB, workspaceId: string) {
	return await db
		.select({
			id: documentVersions.id,
			name: documentVersions.name,
			documentId: documents.id,
			documentTitle: documents.title
		})
		.from(documentVersions)
		.innerJoin(documents, eq(documents.id, documentVersions.documentId))
		.where(eq(documents.workspaceId, workspaceId))
		.orderBy(desc(documentVersions.createdAt), desc(documentVersions.id))
		.limit(200);
}

/** The version decided by the latest earlier record about the same document, if it was a different version. */
export async function previousDecidedVersion(db: DB, d: Decision) {
	if (!d.documentId || !d.documentVersionId) return null;
	const earlier = (
		await db
			.select()
			.from(decisions)
			.where(and(eq(decisions.workspaceId, d.workspaceId), eq(decisions.documentId, d.documentId)))
			.orderBy(desc(decisions.registerSeq))
	).filter(
		(x) => x.registerSeq < d.registerSeq && x.documentVersionId && x.documentVersionId !== d.documentVersionId
	);
	const prev = earlier[0];
	if (!prev) return null;
	const v = await findVersion(db, d.documentId, prev.documentVersionId!);
	return v ? { decision: { id: prev.id, title: prev.title }, version: v } : null;
}

export type DecisionFilters = {
	kind?: string;
	outcome?: string;
	from?: number;
	to?: number;
	q?: string;
};

/** Decisions of a workspace, newest first, filtered by document kind, outcome, date range and text. */
export async function listDecisions(
	db: DB,
	workspaceId: string,
	f: DecisionFilters = {}
): Promise<Decision[]> {
	const rows = await db
		.select()
		.from(decisions)
		.where(eq(decisions.workspaceId, workspaceId))
		.orderBy(desc(decisions.decidedAt), desc(decisions.registerSeq));
	const q = f.q?.trim().toLowerCase();
	return rows.filter(
		(d) =>
			(!f.kind || (f.kind === 'none' ? !d.documentKind : d.documentKind === f.kind)) &&
			(!f.outcome || d.outcome === f.outcome) &&
			(f.from === undefined || d.decidedAt >= f.from) &&
			(f.to === undefined || d.decidedAt < f.to) &&
			(!q ||
				[d.title, d.question, d.rationale, d.decidedWhere, d.documentTitle ?? ''].some((t) =>
					t.toLowerCase().includes(q)
				))
	);
}

export async function listDissents(db: DB, decisionId: string) {
	return await db
		.select({
			id: dissents.id,
			organisationId: dissents.organisationId,
			organisationName: organisations.name,
			statement: dissents.statement,
			registerSeq: dissents.registerSeq,
			createdAt: dissents.createdAt
		})
		.from(dissents)
		.innerJoin(organisations, eq(organisations.id, dissents.organisationId))
		.where(eq(dissents.decisionId, decisionId))
		.orderBy(asc(dissents.createdAt), asc(dissents.id));
}

/** The closed votes of a workspace that have no decision record yet. */
export async function publishableVotes(db: DB, workspaceId: string) {
	const published = new Set(
		(
			await db
				.select({ voteId: decisions.voteId })
				.from(decisions)
				.where(eq(decisions.workspaceId, workspaceId))
		).map((r) => r.voteId)
	);
	return (await listVotes(db, workspaceId))
		.filter((v) => !published.has(v.id))
		.map((v) => ({
			id: v.id,
			question: v.question,
			status: v.status,
			closedAt: v.closedAt,
			passes: v.status === 'closed' && v.result ? v.result.passes : null,
			outcome: v.status === 'closed' && v.result ? outcomeOfTally(v.result) : null
		}));
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

/**
 * The actions page: the owner and status filters read from the address, every owner to filter by, and the
 * matching actions with their progress notes; `more` adds fields to each row.
 */
export async function actionsPage<T extends object>(
	db: DB,
	workspace: { id: string; timeZone: string },
	params: URLSearchParams,
	more: (a: ActionRow) => T = () => ({}) as T
) {
	const filters = { owner: params.get('owner') ?? '', status: params.get('status') ?? '' };
	const all = await listActions(db, workspace.id, workspace.timeZone);
	const owners = [
		...new Map(all.map((a): [string, string] => [a.ownerOrganisationId, a.ownerName])).entries()
	]
		.map(([id, name]) => ({ id, name }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const matching = await listActions(db, workspace.id, workspace.timeZone, {
		owner: filters.owner || undefined,
		status: filters.status || undefined
	});
	const rows = matching.map(async (a) => ({
		id: a.id,
		ownerName: a.ownerName,
		description: a.description,
		dueDate: a.dueDate,
		status: a.status,
		overdue: a.overdue,
		decisionId: a.decisionId,
		decisionTitle: a.decisionTitle,
		notes: (await listNotes(db, a.id)).filter((n) => n.note),
		...more(a)
	}));
	return { filters, owners, actions: await Promise.all(rows) };
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
		.orderBy(asc(actionNotes.createdAt), asc(actionNotes.id));
}
