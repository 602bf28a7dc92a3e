// Tables for the weighted-equity votes (docs/voting.md).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { VoteRule } from '../../../domain/vote-rule.ts';
import type { FrozenElectorateEntry, TallyResult } from '../../../domain/tally.ts';
import { users } from './auth.ts';
import { documents } from './documents.ts';
import { organisations } from './workspaces.ts';
import { workspaceId } from './columns.ts';

export const VOTE_STATUSES = ['draft', 'open', 'closed'] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];
export const BALLOT_CHOICES = ['for', 'against', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

/**
 * A vote. Everything is editable while it is a draft; at its opening time the electorate (with each
 * organisation's weight) and the rule are frozen, and at the close the result is stored.
 */
export const votes = sqliteTable(
	'votes',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		question: text('question').notNull(),
		explanation: text('explanation').notNull().default(''),
		documentId: text('document_id').references(() => documents.id, { onDelete: 'set null' }),
		/** The document version the vote is about (a version id of that document). */
		documentVersionId: text('document_version_id'),
		opensAt: integer('opens_at').notNull(),
		closesAt: integer('closes_at').notNull(),
		status: text('status', { enum: VOTE_STATUSES }).notNull().default('draft'),
		/** Decimal strings only (never floats): see src/lib/domain/vote-rule.ts. */
		rule: text('rule', { mode: 'json' }).$type<VoteRule>().notNull(),
		showRunningTotals: integer('show_running_totals', { mode: 'boolean' }).notNull().default(false),
		/** Organisation ids chosen as the electorate before opening; null means every partner at the opening. */
		electorateChoice: text('electorate_choice', { mode: 'json' }).$type<string[] | null>(),
		/** Set once, at the opening. */
		electorate: text('electorate', { mode: 'json' }).$type<FrozenElectorateEntry[]>(),
		openedAt: integer('opened_at'),
		closedAt: integer('closed_at'),
		/** 'scheduled' when the closing time passed, otherwise the facilitator's stated reason. */
		closedReason: text('closed_reason'),
		closedBy: text('closed_by').references(() => users.id, { onDelete: 'set null' }),
		/** Set once, at the close. */
		result: text('result', { mode: 'json' }).$type<TallyResult>(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('votes_ws_idx').on(t.workspaceId),
		index('votes_status_opens_idx').on(t.status, t.opensAt),
		index('votes_status_closes_idx').on(t.status, t.closesAt)
	]
);

/** Which vote a ballot (or a change to one) is in, and whose it is. */
const organisationInVote = () => ({
	voteId: text('vote_id')
		.notNull()
		.references(() => votes.id, { onDelete: 'cascade' }),
	organisationId: text('organisation_id')
		.notNull()
		.references(() => organisations.id)
});

/** One ballot per (vote, organisation): an upsert, changeable until the close. */
export const ballots = sqliteTable(
	'ballots',
	{
		id: text('id').primaryKey(),
		...organisationInVote(),
		choice: text('choice', { enum: BALLOT_CHOICES }).notNull(),
		/** Optional public statement of reasons. */
		statement: text('statement').notNull().default(''),
		/** The delegate who cast it, or the facilitator who recorded an assisted ballot. */
		castBy: text('cast_by').references(() => users.id, { onDelete: 'set null' }),
		/** Set when a facilitator recorded the organisation's choice given by phone or in person. */
		assistedBy: text('assisted_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [uniqueIndex('ballots_vote_org_unique').on(t.voteId, t.organisationId)]
);

/** Every cast or change of a ballot, in order. */
export const ballotChanges = sqliteTable(
	'ballot_changes',
	{
		id: text('id').primaryKey(),
		...organisationInVote(),
		action: text('action', { enum: ['cast', 'changed'] }).notNull(),
		choice: text('choice', { enum: BALLOT_CHOICES }).notNull(),
		statement: text('statement').notNull().default(''),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		assistedBy: text('assisted_by').references(() => users.id, { onDelete: 'set null' }),
		at: integer('at').notNull(),
		/** The change's place in its vote's history (1, 2, …): the order of changes made in the same millisecond. */
		seq: integer('seq').notNull().default(0)
	},
	(t) => [index('ballot_changes_vote_idx').on(t.voteId, t.at)]
);
