// Meetings of a workspace (docs/meetings.md): when and where, the agenda with its papers, who is invited
// and who attended. A meeting is the board pack's index; its minutes are a Parity document.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth.ts';
import { documents } from './documents.ts';
import { votes } from './votes.ts';
import { consultations } from './comments.ts';
import { organisations } from './workspaces.ts';
import { workspaceId } from './columns.ts';

export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const ATTENDANCE = ['present', 'apologies', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/**
 * A meeting. `sequence` is the iCalendar SEQUENCE: it goes up with every change an invitee's calendar should
 * take (time, place, cancellation), so an update replaces the earlier invitation.
 */
export const meetings = sqliteTable(
	'meetings',
	{
		id: text('id').primaryKey(),
		workspaceId: workspaceId(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		startsAt: integer('starts_at').notNull(),
		endsAt: integer('ends_at').notNull(),
		place: text('place').notNull().default(''),
		onlineLink: text('online_link').notNull().default(''),
		status: text('status', { enum: MEETING_STATUSES }).notNull().default('scheduled'),
		sequence: integer('sequence').notNull().default(0),
		/** The Parity document that holds the minutes, once a facilitator starts them. */
		minutesDocumentId: text('minutes_document_id').references(() => documents.id, { onDelete: 'set null' }),
		cancelledAt: integer('cancelled_at'),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [index('meetings_ws_idx').on(t.workspaceId, t.startsAt)]
);

/** One item of a meeting's agenda, in `position` order; it may link one paper, vote or consultation. */
export const agendaItems = sqliteTable(
	'agenda_items',
	{
		id: text('id').primaryKey(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		presenter: text('presenter').notNull().default(''),
		minutes: integer('minutes'),
		documentId: text('document_id').references(() => documents.id, { onDelete: 'set null' }),
		/** The version of the document the board reads (pinned when the item is added). */
		documentVersionId: text('document_version_id'),
		voteId: text('vote_id').references(() => votes.id, { onDelete: 'set null' }),
		consultationId: text('consultation_id').references(() => consultations.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('agenda_items_meeting_idx').on(t.meetingId, t.position)]
);

/**
 * Someone invited to a meeting: a member (`user_id`) or a guest (name and email, and their account once they
 * have one). `uid` is the iCalendar UID of their invitation, the same in every update and the cancellation.
 */
export const meetingInvitations = sqliteTable(
	'meeting_invitations',
	{
		id: text('id').primaryKey(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		guest: integer('guest', { mode: 'boolean' }).notNull().default(false),
		name: text('name').notNull(),
		email: text('email').notNull(),
		uid: text('uid').notNull().unique(),
		/**
		 * A guest's personal link (`/guest/<secret>`, in their invitation email): the SHA-256 of its secret. It
		 * makes their account, or links one, once (`link_used_at`), until the meeting ended 30 days ago.
		 */
		linkHash: text('link_hash').unique(),
		linkUsedAt: integer('link_used_at'),
		/** The start time a guest's day-before reminder was sent for (a moved meeting reminds again). */
		remindedFor: integer('reminded_for'),
		invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		uniqueIndex('meeting_invitations_email_unique').on(t.meetingId, t.email),
		index('meeting_invitations_user_idx').on(t.userId)
	]
);

/** Whether an invitee came; for an organisation (its id) or as an individual (null). */
export const meetingAttendance = sqliteTable(
	'meeting_attendance',
	{
		invitationId: text('invitation_id')
			.primaryKey()
			.references(() => meetingInvitations.id, { onDelete: 'cascade' }),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		status: text('status', { enum: ATTENDANCE }).notNull(),
		organisationId: text('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		/** The involvement level (a key of the payment policy) an individual attended at; null: none. */
		level: text('level'),
		recordedBy: text('recorded_by').references(() => users.id, { onDelete: 'set null' }),
		recordedAt: integer('recorded_at').notNull()
	},
	(t) => [index('meeting_attendance_meeting_idx').on(t.meetingId)]
);

/**
 * A person's calendar feed of the meetings they are invited to: the address holds a secret, of which only the
 * SHA-256 is stored. Making a new one replaces it (the old address stops working); deleting it turns it off.
 */
export const calendarFeeds = sqliteTable('calendar_feeds', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	secretHash: text('secret_hash').notNull().unique(),
	createdAt: integer('created_at').notNull()
});

/**
 * People who asked for no day-before reminders of the meetings they are invited to as guests (members follow
 * their email choices for the workspace instead). The reminder's unsubscribe link, or account settings, set it.
 */
export const meetingReminderOptOuts = sqliteTable('meeting_reminder_opt_outs', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	createdAt: integer('created_at').notNull()
});
