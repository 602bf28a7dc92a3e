// The governance history of a workspace (docs/security.md): every change to who may act and how votes count,
// with who made it and when. Append-only in the database: triggers refuse to change a row, and to delete one
// while its workspace exists (the demo's reset removes a deleted workspace's history).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const GOVERNANCE_KINDS = [
	'member.added',
	'member.changed',
	'member.removed',
	'partner.added',
	'partner.changed',
	'partner.removed',
	'vote.edited',
	'vote.opened',
	'vote.closed',
	'register.redacted',
	'account.disabled',
	'account.enabled',
	'account.deleted',
	'invitation.resent',
	'organisation.verified',
	'organisation.merged',
	'workspace.changed',
	'account.two-factor-reset'
] as const;
export type GovernanceKind = (typeof GOVERNANCE_KINDS)[number];

export const governanceChanges = sqliteTable(
	'governance_changes',
	{
		id: text('id').primaryKey(),
		/** No foreign key: the history outlives what it names, and the triggers guard it. */
		workspaceId: text('workspace_id').notNull(),
		kind: text('kind', { enum: GOVERNANCE_KINDS }).notNull(),
		/** Who made the change, as they were named then (null: Parity itself, such as a vote closing on time). */
		actorId: text('actor_id'),
		actorName: text('actor_name'),
		/** The vote, member, organisation or workspace it is about. */
		subjectId: text('subject_id').notNull(),
		/** What changed, in words: "Role: editor → facilitator; voting delegate: no → yes". */
		summary: text('summary').notNull(),
		/** Whether members see it too: changes to delegates, organisations, chambers, equity flags and vote rules. */
		concernsVotes: integer('concerns_votes', { mode: 'boolean' }).notNull(),
		/**
		 * What a decision record may say of it, naming organisations and votes but no person: "Voting delegate
		 * for Riverside NHS Trust added". Null for changes a record does not mention (and for entries made
		 * before records summarised them).
		 */
		publicSummary: text('public_summary'),
		at: integer('at').notNull()
	},
	(t) => [index('governance_ws_idx').on(t.workspaceId, t.at)]
);
