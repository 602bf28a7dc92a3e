// Tables of the public decision register (docs/register.md). Decision records, dissents and actions are
// queryable rows; every published change is also an entry in the workspace's hash chain
// (register_entries), and personal details sit beside the chain in register_personal.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { documents } from './documents.ts';
import { votes } from './votes.ts';
import { meetings } from './meetings.ts';
import { organisations } from './workspaces.ts';
import { ENTRY_TYPES } from '../../../domain/chain.ts';
import { workspaceId } from './columns.ts';

export const DECISION_OUTCOMES = ['approved', 'rejected', 'deferred'] as const;
export const DECISION_METHODS = ['vote', 'consensus'] as const;
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;

/** A published decision record. Never edited: a correction is a new record that supersedes it. */
export const decisions = sqliteTable(
	'decisions',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		title: text('title').notNull(),
		question: text('question').notNull(),
		outcome: text('outcome', { enum: DECISION_OUTCOMES }).notNull(),
		method: text('method', { enum: DECISION_METHODS }).notNull(),
		voteId: text('vote_id').references(() => votes.id, { onDelete: 'set null' }),
		documentId: text('document_id').references(() => documents.id, { onDelete: 'set null' }),
		/** Kept as published, also when the document is later removed. */
		documentTitle: text('document_title'),
		documentKind: text('document_kind'),
		documentVersionId: text('document_version_id'),
		documentVersionHash: text('document_version_hash'),
		rationale: text('rationale').notNull(),
		decidedAt: integer('decided_at').notNull(),
		decidedWhere: text('decided_where').notNull(),
		/** The meeting it was made at, if any (its attendance proposes the attendees). */
		meetingId: text('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
		/** Dissenting statements are accepted until this instant (null: none invited). */
		dissentUntil: integer('dissent_until'),
		supersedesId: text('supersedes_id'),
		supersededById: text('superseded_by_id'),
		registerSeq: integer('register_seq').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		index('decisions_ws_idx').on(t.workspaceId, t.decidedAt),
		uniqueIndex('decisions_vote_unique').on(t.voteId)
	]
);

/** The organisations recorded as present at (or voting in) a decision. */
export const decisionOrganisations = sqliteTable(
	'decision_organisations',
	{
		decisionId: text('decision_id')
			.notNull()
			.references(() => decisions.id, { onDelete: 'cascade' }),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' })
	},
	(t) => [uniqueIndex('decision_orgs_unique').on(t.decisionId, t.organisationId)]
);

/** One dissenting statement per organisation and decision. The author is personal data (register_personal). */
export const dissents = sqliteTable(
	'dissents',
	{
		id: text('id').primaryKey(),
		decisionId: text('decision_id')
			.notNull()
			.references(() => decisions.id, { onDelete: 'cascade' }),
		workspaceId: workspaceId(),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id),
		statement: text('statement').notNull(),
		registerSeq: integer('register_seq').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [uniqueIndex('dissents_decision_org_unique').on(t.decisionId, t.organisationId)]
);

/** A declared conflict of interest. Who declared what is personal data, found by its digest. */
export const decisionConflicts = sqliteTable(
	'decision_conflicts',
	{
		id: text('id').primaryKey(),
		decisionId: text('decision_id')
			.notNull()
			.references(() => decisions.id, { onDelete: 'cascade' }),
		organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		digest: text('digest').notNull()
	},
	(t) => [index('decision_conflicts_decision_idx').on(t.decisionId)]
);

/** An action agreed with a decision (or on its own): who does what by when. */
export const actions = sqliteTable(
	'actions',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		decisionId: text('decision_id').references(() => decisions.id, { onDelete: 'set null' }),
		ownerOrganisationId: text('owner_organisation_id')
			.notNull()
			.references(() => organisations.id),
		description: text('description').notNull(),
		/** A calendar date, YYYY-MM-DD, in the workspace's time zone. */
		dueDate: text('due_date').notNull(),
		status: text('status', { enum: ACTION_STATUSES }).notNull().default('planned'),
		registerSeq: integer('register_seq').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('actions_ws_idx').on(t.workspaceId, t.dueDate),
		index('actions_decision_idx').on(t.decisionId)
	]
);

/** A progress note or change of status on an action. The author is personal data. */
export const actionNotes = sqliteTable(
	'action_notes',
	{
		id: text('id').primaryKey(),
		actionId: text('action_id')
			.notNull()
			.references(() => actions.id, { onDelete: 'cascade' }),
		note: text('note').notNull(),
		status: text('status', { enum: ACTION_STATUSES }).notNull(),
		dueDate: text('due_date').notNull(),
		registerSeq: integer('register_seq').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('action_notes_action_idx').on(t.actionId, t.createdAt)]
);

/**
 * The hash chain, one per workspace. `payload` is the canonical JSON text that was hashed; `at` the
 * RFC 3339 text that was hashed. The two unique indexes keep appends in one line across processes.
 */
export const registerEntries = sqliteTable(
	'register_entries',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		seq: integer('seq').notNull(),
		type: text('type', { enum: ENTRY_TYPES }).notNull(),
		at: text('at').notNull(),
		payload: text('payload').notNull(),
		prev: text('prev').notNull(),
		hash: text('hash').notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		uniqueIndex('register_entries_ws_seq_unique').on(t.workspaceId, t.seq),
		uniqueIndex('register_entries_ws_prev_unique').on(t.workspaceId, t.prev)
	]
);

/**
 * One person's details for one entry, beside the chain: the entry holds SHA-256(salt ‖ JCS(data)).
 * Deleted (salt included) when the person's details are redacted.
 */
export const registerPersonal = sqliteTable(
	'register_personal',
	{
		id: text('id').primaryKey(),
		entryId: text('entry_id')
			.notNull()
			.references(() => registerEntries.id, { onDelete: 'cascade' }),
		workspaceId: workspaceId(),
		seq: integer('seq').notNull(),
		digest: text('digest').notNull(),
		salt: text('salt').notNull(),
		/** The details as JSON (PersonalPart in src/lib/domain/register-record.ts). */
		data: text('data').notNull(),
		/** Who the details are about, to find them for a redaction request (never published). */
		subjectUserId: text('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
		subjectName: text('subject_name').notNull()
	},
	(t) => [
		uniqueIndex('register_personal_digest_unique').on(t.workspaceId, t.digest),
		index('register_personal_subject_idx').on(t.workspaceId, t.subjectUserId)
	]
);
