// The SQL of a meeting's invitations and attendance, the calendar feeds and guests' reminder choices. Every
// function takes the database handle (or a transaction's) and awaits its queries; none checks who asks.
import { and, asc, eq, sql } from 'drizzle-orm';
import { first, one, type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	calendarFeeds,
	meetingAttendance,
	meetingInvitations,
	meetingReminderOptOuts,
	meetings,
	membershipOf,
	users,
	workspaceMembers,
	workspaces,
	type Attendance
} from '../db/schema/index.ts';
import type { Meeting } from './repository.ts';

export type Invitation = typeof meetingInvitations.$inferSelect;

export type Invitee = Invitation & {
	/** The partner organisation a member acts for in the workspace (null for guests). */
	memberOrganisationId: string | null;
	attendance: {
		status: Attendance;
		organisationId: string | null;
		level: string | null;
		recordedAt: number;
	} | null;
};

export async function listInvitees(db: DB, meeting: Meeting): Promise<Invitee[]> {
	const rows = await db
		.select({
			invitation: meetingInvitations,
			memberOrganisationId: workspaceMembers.organisationId,
			status: meetingAttendance.status,
			attendedFor: meetingAttendance.organisationId,
			level: meetingAttendance.level,
			recordedAt: meetingAttendance.recordedAt
		})
		.from(meetingInvitations)
		.leftJoin(workspaceMembers, membershipOf(meeting.workspaceId, meetingInvitations.userId))
		.leftJoin(meetingAttendance, eq(meetingAttendance.invitationId, meetingInvitations.id))
		.where(eq(meetingInvitations.meetingId, meeting.id))
		.orderBy(asc(meetingInvitations.guest), asc(sql`lower(${meetingInvitations.name})`));
	return rows.map((r) => ({
		...r.invitation,
		memberOrganisationId: r.memberOrganisationId ?? null,
		attendance: r.status
			? { status: r.status, organisationId: r.attendedFor, level: r.level, recordedAt: r.recordedAt! }
			: null
	}));
}

export async function invitationByEmail(db: DB, meetingId: string, email: string) {
	return one(
		await db
			.select()
			.from(meetingInvitations)
			.where(and(eq(meetingInvitations.meetingId, meetingId), eq(meetingInvitations.email, email)))
			.limit(1)
	);
}

export async function insertInvitation(
	db: DB,
	values: Omit<typeof meetingInvitations.$inferInsert, 'id' | 'uid'>
): Promise<Invitation> {
	const id = newId();
	return first(
		await db
			.insert(meetingInvitations)
			.values({ id, uid: `${id}@parity`, ...values })
			.returning()
	);
}

/** Whether the user is invited to the meeting. */
export async function isInvited(db: DB, meetingId: string, userId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ id: meetingInvitations.id })
			.from(meetingInvitations)
			.where(and(eq(meetingInvitations.meetingId, meetingId), eq(meetingInvitations.userId, userId)))
			.limit(1)
	);
}

export async function upsertAttendance(
	db: DB,
	row: {
		invitationId: string;
		meetingId: string;
		status: Attendance;
		organisationId: string | null;
		level?: string | null;
		recordedBy: string;
		recordedAt: number;
	}
): Promise<void> {
	await db
		.insert(meetingAttendance)
		.values(row)
		.onConflictDoUpdate({
			target: meetingAttendance.invitationId,
			set: {
				status: row.status,
				organisationId: row.organisationId,
				level: row.level ?? null,
				recordedBy: row.recordedBy,
				recordedAt: row.recordedAt
			}
		});
}

/** Those recorded present at a meeting: name, account and the organisation they attended for. */
export async function presentAt(db: DB, meetingId: string) {
	return await db
		.select({
			name: meetingInvitations.name,
			userId: meetingInvitations.userId,
			organisationId: meetingAttendance.organisationId
		})
		.from(meetingAttendance)
		.innerJoin(meetingInvitations, eq(meetingInvitations.id, meetingAttendance.invitationId))
		.where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.status, 'present')))
		.orderBy(asc(sql`lower(${meetingInvitations.name})`));
}

// ── Calendar feeds ──

/** Sets a person's feed secret (replacing any earlier one). */
export async function setFeed(db: DB, userId: string, secretHash: string, now: number): Promise<void> {
	await db
		.insert(calendarFeeds)
		.values({ userId, secretHash, createdAt: now })
		.onConflictDoUpdate({ target: calendarFeeds.userId, set: { secretHash, createdAt: now } });
}

export async function deleteFeed(db: DB, userId: string): Promise<boolean> {
	return (await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId)).returning()).length > 0;
}

export async function findFeed(db: DB, userId: string) {
	return one(await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).limit(1));
}

/** The person a feed secret belongs to. */
export async function feedOwner(db: DB, secretHash: string) {
	return one(
		await db
			.select({ userId: users.id, name: users.name })
			.from(calendarFeeds)
			.innerJoin(users, eq(users.id, calendarFeeds.userId))
			.where(eq(calendarFeeds.secretHash, secretHash))
			.limit(1)
	);
}

/** The meetings a person is invited to, with their invitation's UID and the workspace. */
export async function meetingsInvitedTo(db: DB, userId: string) {
	return await db
		.select({
			meeting: meetings,
			uid: meetingInvitations.uid,
			guest: meetingInvitations.guest,
			workspace: {
				id: workspaces.id,
				slug: workspaces.slug,
				name: workspaces.name,
				timeZone: workspaces.timeZone
			}
		})
		.from(meetingInvitations)
		.innerJoin(meetings, eq(meetings.id, meetingInvitations.meetingId))
		.innerJoin(workspaces, eq(workspaces.id, meetings.workspaceId))
		.where(eq(meetingInvitations.userId, userId))
		.orderBy(asc(meetings.startsAt));
}

// ── Guests' reminders ──

/** Whether the person asked for no day-before reminders of meetings they are invited to as a guest. */
export async function remindersOff(db: DB, userId: string): Promise<boolean> {
	return !!one(
		await db
			.select({ userId: meetingReminderOptOuts.userId })
			.from(meetingReminderOptOuts)
			.where(eq(meetingReminderOptOuts.userId, userId))
			.limit(1)
	);
}

/** Turns a person's guest reminders off or (back) on. Idempotent. */
export async function setReminders(db: DB, userId: string, on: boolean, now = Date.now()): Promise<void> {
	if (on) await db.delete(meetingReminderOptOuts).where(eq(meetingReminderOptOuts.userId, userId));
	else await db.insert(meetingReminderOptOuts).values({ userId, createdAt: now }).onConflictDoNothing();
}
