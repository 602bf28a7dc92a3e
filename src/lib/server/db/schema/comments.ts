// Comments, suggestions and consultations. They live in SQL, not in the Yjs document: each thread and
// suggestion carries an anchor (two base64 Yjs relative positions, see src/lib/domain/anchor.ts), the quoted
// text and the hash of the document's text when it was made. See docs/comments.md.
import { and, eq } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex,
	type SQLiteColumn
} from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { documents } from './documents.ts';
import { organisations } from './workspaces.ts';
import { workspaceId } from './columns.ts';

export const THREAD_STATUSES = ['open', 'resolved'] as const;
export const SUGGESTION_STATUSES = ['open', 'accepted', 'rejected', 'outdated'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
export const CONSULTATION_AUDIENCES = ['members', 'public'] as const;
export type ConsultationAudience = (typeof CONSULTATION_AUDIENCES)[number];

/** A consultation on a document: open from `opened_at` until `closes_at` (exclusive). */
export const consultations = sqliteTable(
	'consultations',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** The named version saved at the opening, when the documents module saved one. */
		versionId: text('version_id'),
		/** SHA-256 of the document's content at the opening (the saved version's hash). */
		contentHash: text('content_hash').notNull(),
		audience: text('audience', { enum: CONSULTATION_AUDIENCES }).notNull(),
		/** JSON array of one or two questions. */
		questions: text('questions', { mode: 'json' }).$type<string[]>().notNull(),
		openedAt: integer('opened_at').notNull(),
		closesAt: integer('closes_at').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		index('consultations_doc_idx').on(t.documentId, t.openedAt),
		index('consultations_ws_idx').on(t.workspaceId)
	]
);

/** A public consultation link: revocable, multi-use; only the SHA-256 of its secret is stored. */
export const consultationLinks = sqliteTable(
	'consultation_links',
	{
		id: text('id').primaryKey(),
		consultationId: text('consultation_id')
			.notNull()
			.references(() => consultations.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').notNull().unique(),
		uses: integer('uses').notNull().default(0),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		revokedAt: integer('revoked_at')
	},
	(t) => [index('consultation_links_c_idx').on(t.consultationId)]
);

/**
 * A person who came through a public consultation link. They hold commenter access to that consultation's
 * document only, until the close, through a cookie whose secret is stored hashed.
 */
export const consultationGuests = sqliteTable(
	'consultation_guests',
	{
		id: text('id').primaryKey(),
		consultationId: text('consultation_id')
			.notNull()
			.references(() => consultations.id, { onDelete: 'cascade' }),
		linkId: text('link_id')
			.notNull()
			.references(() => consultationLinks.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		email: text('email').notNull(),
		organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		secretHash: text('secret_hash').notNull(),
		/** SHA-256 of the one-time secret in the email that confirms their address; null once used. */
		confirmHash: text('confirm_hash'),
		/** When they confirmed their email; until then their response shows as unconfirmed. */
		confirmedAt: integer('confirmed_at'),
		/** When their name and email were deleted (12 months after the close); what they said stays. */
		detailsDeletedAt: integer('details_deleted_at'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		index('consultation_guests_c_idx').on(t.consultationId),
		uniqueIndex('consultation_guests_confirm').on(t.confirmHash)
	]
);

export const CONSULTATION_CHANGES = ['extended', 'closed_early'] as const;
export type ConsultationChangeKind = (typeof CONSULTATION_CHANGES)[number];

/** A facilitator moved a consultation's close: extended it, or closed it early, with the reason. */
export const consultationChanges = sqliteTable(
	'consultation_changes',
	{
		id: text('id').primaryKey(),
		consultationId: text('consultation_id')
			.notNull()
			.references(() => consultations.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: CONSULTATION_CHANGES }).notNull(),
		fromClosesAt: integer('from_closes_at').notNull(),
		toClosesAt: integer('to_closes_at').notNull(),
		reason: text('reason').notNull(),
		byUserId: text('by_user_id').references(() => users.id, { onDelete: 'set null' }),
		at: integer('at').notNull()
	},
	(t) => [index('consultation_changes_c_idx').on(t.consultationId, t.at)]
);

/** Answers to a consultation's questions: one response per person, replaced when they answer again. */
export const consultationResponses = sqliteTable(
	'consultation_responses',
	{
		id: text('id').primaryKey(),
		consultationId: text('consultation_id')
			.notNull()
			.references(() => consultations.id, { onDelete: 'cascade' }),
		/** `u:<userId>` or `g:<guestId>`: who answered, unique per consultation. */
		respondentKey: text('respondent_key').notNull(),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		guestId: text('guest_id').references(() => consultationGuests.id, { onDelete: 'cascade' }),
		organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		answers: text('answers', { mode: 'json' }).$type<string[]>().notNull(),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [uniqueIndex('consultation_responses_key').on(t.consultationId, t.respondentKey)]
);

/** A person's response to a consultation (by its `respondentKey`): finds it, or joins it to the consultation. */
export function responseOf(consultationId: SQLiteColumn | string, respondentKey: string) {
	return and(
		eq(consultationResponses.consultationId, consultationId),
		eq(consultationResponses.respondentKey, respondentKey)
	);
}

/**
 * What a thread and a suggestion both hold: the workspace and document, the consultation it was made in if one
 * was open, the anchor and the quoted text.
 */
const anchored = () => ({
	workspaceId: workspaceId(),
	documentId: text('document_id')
		.notNull()
		.references(() => documents.id, { onDelete: 'cascade' }),
	consultationId: text('consultation_id').references(() => consultations.id, { onDelete: 'set null' }),
	anchorStart: text('anchor_start').notNull(),
	anchorEnd: text('anchor_end').notNull(),
	quote: text('quote').notNull()
});

/** A comment thread anchored on a passage of a document. */
export const commentThreads = sqliteTable(
	'comment_threads',
	{
		id: text('id').primaryKey(),
		...anchored(),
		/** SHA-256 hex of the document's text when the thread was made. */
		versionHash: text('version_hash').notNull(),
		status: text('status', { enum: THREAD_STATUSES }).notNull().default('open'),
		resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
		resolvedAt: integer('resolved_at'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		index('comment_threads_doc_idx').on(t.documentId, t.createdAt),
		index('comment_threads_ws_idx').on(t.workspaceId, t.updatedAt)
	]
);

/** One comment in a thread: the first opens it, the rest are replies. A deleted comment keeps its row. */
export const comments = sqliteTable(
	'comments',
	{
		id: text('id').primaryKey(),
		threadId: text('thread_id')
			.notNull()
			.references(() => commentThreads.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		guestId: text('guest_id').references(() => consultationGuests.id, { onDelete: 'set null' }),
		/**
		 * Set when the author deleted their account: the organisation they wrote for in this workspace then ('' for
		 * none), so the comment stays, shown as by "a former member of" it.
		 */
		formerAuthorOrganisation: text('former_author_organisation'),
		body: text('body').notNull(),
		createdAt: integer('created_at').notNull(),
		editedAt: integer('edited_at'),
		deletedAt: integer('deleted_at')
	},
	(t) => [
		index('comments_thread_idx').on(t.threadId, t.createdAt),
		index('comments_author_idx').on(t.authorId)
	]
);

/** Earlier wordings of an edited or deleted comment. */
export const commentEdits = sqliteTable(
	'comment_edits',
	{
		id: text('id').primaryKey(),
		commentId: text('comment_id')
			.notNull()
			.references(() => comments.id, { onDelete: 'cascade' }),
		body: text('body').notNull(),
		/** When this wording was replaced. */
		replacedAt: integer('replaced_at').notNull(),
		replacedBy: text('replaced_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('comment_edits_comment_idx').on(t.commentId)]
);

/** Workspace members @mentioned in a comment. */
export const commentMentions = sqliteTable(
	'comment_mentions',
	{
		commentId: text('comment_id')
			.notNull()
			.references(() => comments.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.commentId, t.userId] }), index('comment_mentions_user_idx').on(t.userId)]
);

/** A suggested change: replace the quoted text with `replacement` (insert: empty quote; delete: empty replacement). */
export const suggestions = sqliteTable(
	'suggestions',
	{
		id: text('id').primaryKey(),
		...anchored(),
		replacement: text('replacement').notNull(),
		/** Why the change is suggested (optional). */
		note: text('note').notNull().default(''),
		versionHash: text('version_hash').notNull(),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		guestId: text('guest_id').references(() => consultationGuests.id, { onDelete: 'set null' }),
		/** As for comments: the organisation a deleted account's author wrote for ('' for none). */
		formerAuthorOrganisation: text('former_author_organisation'),
		status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('open'),
		/** The rejection reason, or why it became outdated. */
		reason: text('reason'),
		decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
		decidedAt: integer('decided_at'),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		index('suggestions_doc_idx').on(t.documentId, t.createdAt),
		index('suggestions_ws_idx').on(t.workspaceId)
	]
);
