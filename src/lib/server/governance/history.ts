// The governance history (docs/security.md): the commands that change who may act or how votes count record
// here what changed, in the same transaction as the change; facilitators read all of it, members the part
// that bears on votes. Rows are never changed or deleted (triggers in the database refuse it).
import { and, asc, between, desc, eq, isNotNull, lt, or } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { governanceChanges, workspaceMembers, type GovernanceKind } from '../db/schema/index.ts';
import { may } from '../policy/index.ts';
import { loadWorkspace, type Actor } from '../workspaces/access.ts';
import { Forbidden } from '../errors.ts';
import { isoUtc } from '../../domain/time.ts';

export type Change = {
	kind: GovernanceKind;
	subjectId: string;
	summary: string;
	concernsVotes: boolean;
	/**
	 * What a decision record may say of it, with no person's name. Changes to partners and votes name
	 * organisations and votes only, so their summary is used when this is left out; changes to members give it.
	 */
	publicSummary?: string | null;
};

const NAMES_NO_PERSON = (kind: GovernanceKind) => kind.startsWith('partner.') || kind.startsWith('vote.');

/** Records changes made by `by` (null: Parity itself) in a workspace. Call inside the change's transaction. */
export async function recordChanges(
	db: DB,
	workspaceId: string,
	by: { id: string; name: string } | null,
	changes: Change[],
	at = Date.now()
): Promise<void> {
	if (!changes.length) return;
	await db.insert(governanceChanges).values(
		changes.map((c) => ({
			id: newId(),
			workspaceId,
			actorId: by?.id ?? null,
			actorName: by?.name ?? null,
			at,
			...c,
			publicSummary:
				c.publicSummary !== undefined
					? c.publicSummary
					: c.concernsVotes && NAMES_NO_PERSON(c.kind)
						? c.summary
						: null
		}))
	);
}

/**
 * Records a change to a person's account (an administrator's action reaches all of it) in the history of every
 * workspace they belong to; it bears on votes where they are a voting delegate. Call inside the change's
 * transaction.
 */
export async function recordForPerson(
	db: DB,
	userId: string,
	by: { id: string; name: string } | null,
	change: { kind: GovernanceKind; summary: string },
	at = Date.now()
): Promise<void> {
	const memberships = await db
		.select({ workspaceId: workspaceMembers.workspaceId, votingDelegate: workspaceMembers.votingDelegate })
		.from(workspaceMembers)
		.where(eq(workspaceMembers.userId, userId));
	for (const m of memberships)
		await recordChanges(
			db,
			m.workspaceId,
			by,
			[{ ...change, subjectId: userId, concernsVotes: m.votingDelegate }],
			at
		);
}

/** "yes"/"no" for a flag in a summary. */
export const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The differences between two records as "label: before → after", for the fields named. */
export function differences<T extends Record<string, unknown>>(
	before: T,
	after: T,
	fields: { [K in keyof T]?: (v: T[K]) => string }
): string[] {
	const out: string[] = [];
	for (const key of Object.keys(fields) as (keyof T)[]) {
		const show = fields[key]!;
		if (before[key] !== after[key]) out.push(`${String(key)}: ${show(before[key])} → ${show(after[key])}`);
	}
	return out;
}

const PAGE = 100;

/**
 * A workspace's history, newest first, `PAGE` at a time (`before`: an entry's time and id, for the next
 * page): all of it for facilitators, the changes that bear on votes for other members.
 */
export async function governanceHistory(
	db: DB,
	actor: Actor,
	idOrSlug: string,
	before?: { at: number; id: string }
) {
	const { workspace, member } = await loadWorkspace(db, actor, idOrSlug);
	const all = may(actor, 'workspace.seeHistory', member, workspace);
	if (!all && !may(actor, 'workspace.seeVoteHistory', member, workspace))
		throw new Forbidden('Only members of this workspace can see its history.');
	const rows = await db
		.select()
		.from(governanceChanges)
		.where(
			and(
				eq(governanceChanges.workspaceId, workspace.id),
				all ? undefined : eq(governanceChanges.concernsVotes, true),
				before
					? or(
							lt(governanceChanges.at, before.at),
							and(eq(governanceChanges.at, before.at), lt(governanceChanges.id, before.id))
						)
					: undefined
			)
		)
		.orderBy(desc(governanceChanges.at), desc(governanceChanges.id))
		.limit(PAGE + 1);
	const shown = rows.slice(0, PAGE);
	return {
		workspace,
		scope: all ? ('all' as const) : ('votes' as const),
		changes: shown.map((r) => ({
			id: r.id,
			kind: r.kind,
			by: r.actorName,
			subjectId: r.subjectId,
			summary: r.summary,
			concernsVotes: r.concernsVotes,
			at: r.at
		})),
		next: rows.length > PAGE ? { at: shown.at(-1)!.at, id: shown.at(-1)!.id } : null
	};
}

export type GovernanceEntry = Awaited<ReturnType<typeof governanceHistory>>['changes'][number];

/** An entry as the API shows it. */
export const serializeChange = (c: GovernanceEntry) => ({ ...c, at: isoUtc(c.at) });

/**
 * The changes a decision record made from a vote summarises, oldest first, in words that name no person:
 * changes bearing on votes while it was open (delegates, organisations members act for, partners, chambers,
 * equity flags), and the vote's own entries (rule edited, opened or closed early).
 */
export async function changesBearingOnVote(
	db: DB,
	workspaceId: string,
	vote: { id: string; openedAt: number; closedAt: number }
): Promise<{ at: number; summary: string }[]> {
	const rows = await db
		.select({ at: governanceChanges.at, summary: governanceChanges.publicSummary })
		.from(governanceChanges)
		.where(
			and(
				eq(governanceChanges.workspaceId, workspaceId),
				eq(governanceChanges.concernsVotes, true),
				isNotNull(governanceChanges.publicSummary),
				or(
					between(governanceChanges.at, vote.openedAt, vote.closedAt),
					eq(governanceChanges.subjectId, vote.id)
				)
			)
		)
		.orderBy(asc(governanceChanges.at), asc(governanceChanges.id));
	return rows.map((r) => ({ at: r.at, summary: r.summary! }));
}
