// The involvement ledger (docs/claims.md): a workspace's dated payment policy, the claims drafted from
// meeting attendance with their expenses and receipts, what happened to each, and the numbered export batches.
// Money is integer pence. Claims are personal data: the claimant, approvers and administrators see them.
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { documentVersions } from './documents.ts';
import { decisions } from './register.ts';
import { meetingInvitations, meetings } from './meetings.ts';
import { organisations } from './workspaces.ts';
import { workspaceId } from './columns.ts';

export const CLAIM_STATUSES = ['draft', 'submitted', 'queried', 'approved', 'rejected', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_KINDS = ['individual', 'organisation'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export const CLAIM_EVENTS = [
	'drafted',
	'submitted',
	'queried',
	'answered',
	'approved',
	'rejected',
	'paid',
	'exported',
	'erased'
] as const;
export type ClaimEventKind = (typeof CLAIM_EVENTS)[number];

/**
 * One dated version of a workspace's payment policy. Never changed: a change is a new version from its
 * `effective_from` day, with who recorded it, the decision that adopted it and the adopted version of the
 * involvement policy document. `terms` is the JSON of `PolicyTerms` (src/lib/domain/ledger.ts).
 */
export const paymentPolicies = sqliteTable(
	'payment_policies',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		effectiveFrom: text('effective_from').notNull(),
		terms: text('terms', { mode: 'json' }).notNull(),
		/** Years a paid claim's personal fields and receipts are kept (six by default). */
		retentionYears: integer('retention_years').notNull().default(6),
		decisionId: text('decision_id').references(() => decisions.id, { onDelete: 'set null' }),
		documentVersionId: text('document_version_id').references(() => documentVersions.id, {
			onDelete: 'set null'
		}),
		note: text('note').notNull().default(''),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('payment_policies_ws_idx').on(t.workspaceId, t.effectiveFrom)]
);

/** Members who approve claims besides the facilitators (a facilitator gives or takes it). */
export const claimApprovers = sqliteTable(
	'claim_approvers',
	{
		workspaceId: workspaceId(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		grantedBy: text('granted_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.userId] })]
);

/** A numbered export of approved claims for payroll or finance; each claim is in at most one. */
export const claimBatches = sqliteTable(
	'claim_batches',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		number: integer('number').notNull(),
		claimCount: integer('claim_count').notNull(),
		totalPence: integer('total_pence').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [uniqueIndex('claim_batches_number_unique').on(t.workspaceId, t.number)]
);

/**
 * A claim for one meeting: a person attending as an individual at a level, or a VCSE organisation for its staff
 * present. The amounts are worked out when it is drafted from the policy version in force on the meeting's
 * day, and stay as they were when it was submitted whatever the policy does next. Personal fields (`name`,
 * `email`, `reference`, answers, receipts) are cleared when it is erased; the amounts stay for the figures.
 */
export const claims = sqliteTable(
	'claims',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: CLAIM_KINDS }).notNull(),
		/** The individual's invitation (individual claims). */
		invitationId: text('invitation_id').references(() => meetingInvitations.id, { onDelete: 'set null' }),
		/** The person who claims (individual), or null for an organisation's claim. */
		claimantId: text('claimant_id').references(() => users.id, { onDelete: 'set null' }),
		organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		/** The claimant's name as it was (cleared on erasure). */
		name: text('name').notNull(),
		policyId: text('policy_id')
			.notNull()
			.references(() => paymentPolicies.id),
		levelKey: text('level_key'),
		levelName: text('level_name').notNull().default(''),
		minutes: integer('minutes').notNull(),
		staff: integer('staff').notNull().default(1),
		/** The computed lines (JSON `PayLine[]`) and their sum. */
		lines: text('lines', { mode: 'json' }).notNull(),
		duePence: integer('due_pence').notNull(),
		/** What the claimant takes: the due amount, less, or 0 when they decline. */
		claimedPence: integer('claimed_pence').notNull(),
		declined: integer('declined', { mode: 'boolean' }).notNull().default(false),
		expensesPence: integer('expenses_pence').notNull().default(0),
		/** Per category, as allowed after caps (JSON `Record<string, number>`). */
		expensesByCategory: text('expenses_by_category', { mode: 'json' }).notNull().default('{}'),
		totalPence: integer('total_pence').notNull(),
		status: text('status', { enum: CLAIM_STATUSES }).notNull().default('draft'),
		/** The open question while queried. */
		question: text('question'),
		rejectedReason: text('rejected_reason'),
		noticeSeenAt: integer('notice_seen_at'),
		firstSubmittedAt: integer('first_submitted_at'),
		submittedAt: integer('submitted_at'),
		approvedBy: text('approved_by').references(() => users.id, { onDelete: 'set null' }),
		approvedByName: text('approved_by_name'),
		approvedAt: integer('approved_at'),
		paidOn: text('paid_on'),
		paymentReference: text('payment_reference'),
		paidBy: text('paid_by').references(() => users.id, { onDelete: 'set null' }),
		batchId: text('batch_id').references(() => claimBatches.id, { onDelete: 'set null' }),
		erasedAt: integer('erased_at'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('claims_ws_idx').on(t.workspaceId, t.status),
		index('claims_claimant_idx').on(t.claimantId),
		uniqueIndex('claims_individual_unique').on(t.meetingId, t.invitationId),
		uniqueIndex('claims_organisation_unique').on(t.meetingId, t.organisationId)
	]
);

/** An expense on a claim, with its receipt (an image or a PDF, kept in the database so backups hold it). */
export const claimExpenses = sqliteTable(
	'claim_expenses',
	{
		id: text('id').primaryKey(),
		claimId: text('claim_id')
			.notNull()
			.references(() => claims.id, { onDelete: 'cascade' }),
		category: text('category').notNull(),
		description: text('description').notNull().default(''),
		amountPence: integer('amount_pence').notNull(),
		tenthsOfMile: integer('tenths_of_mile'),
		receiptName: text('receipt_name'),
		receiptType: text('receipt_type'),
		receipt: blob('receipt', { mode: 'buffer' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('claim_expenses_claim_idx').on(t.claimId)]
);

/** What happened to a claim, in order: who did it and what they wrote (a question, an answer, a reason). */
export const claimEvents = sqliteTable(
	'claim_events',
	{
		id: text('id').primaryKey(),
		claimId: text('claim_id')
			.notNull()
			.references(() => claims.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: CLAIM_EVENTS }).notNull(),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		text: text('text').notNull().default(''),
		at: integer('at').notNull()
	},
	(t) => [index('claim_events_claim_idx').on(t.claimId, t.at)]
);

/** When approvers of a workspace were last told by email that claims are overdue (weekly). */
export const claimOverdueNotices = sqliteTable('claim_overdue_notices', {
	workspaceId: workspaceId().primaryKey(),
	sentAt: integer('sent_at').notNull()
});
