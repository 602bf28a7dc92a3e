/**
 * Looks for what people should be told about without anyone acting at that moment: a consultation opened
 * for them or closing within 48 hours, a vote open for their organisation (and closing within 48 hours if
 * it has not voted), a decision published in their workspace, an action their organisation owns that is due
 * within seven days or overdue. Each notice has a key, so running this again sends nothing twice.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lte, ne, notInArray, or } from 'drizzle-orm';
import { affected, transaction, type DB } from '../db/index.ts';
import {
	actions,
	ballots,
	consultationResponses,
	consultations,
	decisions,
	documents,
	meetingInvitations,
	meetingReminderOptOuts,
	meetings,
	membershipOf,
	votes,
	workspaceMembers,
	workspaces
} from '../db/schema/index.ts';
import { formatDate, formatDateTime } from '../../domain/time.ts';
import { todayIn } from '../../domain/action-dates.ts';
import { notify, DAY_MS } from './notify.ts';
import { takesPart } from '../policy/membership.ts';
import { sendMeetingMail } from './meetings.ts';

const SOON_MS = 48 * 60 * 60_000;
/** Things older than this when first seen (for example after a long outage) are not announced. */
const RECENT_MS = 7 * DAY_MS;

type Ws = { id: string; slug: string; name: string; timeZone: string };

async function members(db: DB, workspaceId: string, organisationIds?: string[]) {
	return await db
		.select({
			userId: workspaceMembers.userId,
			organisationId: workspaceMembers.organisationId,
			votingDelegate: workspaceMembers.votingDelegate,
			role: workspaceMembers.role
		})
		.from(workspaceMembers)
		.where(
			and(
				eq(workspaceMembers.workspaceId, workspaceId),
				organisationIds
					? inArray(workspaceMembers.organisationId, organisationIds.length ? organisationIds : [''])
					: undefined
			)
		);
}

export async function runReminders(db: DB, now = Date.now()): Promise<number> {
	let n = 0;
	const spaces = await db
		.select({
			id: workspaces.id,
			slug: workspaces.slug,
			name: workspaces.name,
			timeZone: workspaces.timeZone
		})
		.from(workspaces);
	// A workspace that fails (the error is thrown after the loop, for the worker's log) does not hold up
	// the others' reminders.
	let failure: unknown = null;
	for (const ws of spaces) {
		for (const remind of [
			consultationReminders,
			voteReminders,
			decisionNotices,
			actionReminders,
			meetingReminders
		]) {
			try {
				n += await remind(db, ws, now);
			} catch (e) {
				failure ??= e;
			}
		}
	}
	if (failure) throw failure;
	return n;
}

async function consultationReminders(db: DB, ws: Ws, now: number): Promise<number> {
	let n = 0;
	const open = await db
		.select({ c: consultations, documentTitle: documents.title })
		.from(consultations)
		.innerJoin(documents, eq(documents.id, consultations.documentId))
		.where(
			and(
				eq(consultations.workspaceId, ws.id),
				lte(consultations.openedAt, now),
				gt(consultations.closesAt, now)
			)
		);
	for (const { c, documentTitle } of open) {
		const everyone = (await members(db, ws.id)).filter(takesPart);
		const path = `/w/${ws.slug}/documents/${c.documentId}/comments`;
		const closes = formatDateTime(c.closesAt, ws.timeZone);
		if (now - c.openedAt < RECENT_MS)
			n += await notify(
				db,
				everyone.map((m) => m.userId),
				{
					workspaceId: ws.id,
					kind: 'consultation',
					key: `consultation.opened:${c.id}`,
					threadKey: `consultation:${c.id}`,
					title: `Consultation open: ${c.title}`,
					body: `On “${documentTitle}”. Comments and suggestions are open until ${closes}.${c.questions.length ? ` It asks: ${c.questions.join(' ')}` : ''}`,
					path
				},
				now
			);
		if (c.closesAt - now <= SOON_MS) {
			const responded = new Set(
				(
					await db
						.select({ userId: consultationResponses.userId })
						.from(consultationResponses)
						.where(
							and(eq(consultationResponses.consultationId, c.id), isNotNull(consultationResponses.userId))
						)
				).map((r) => r.userId)
			);
			n += await notify(
				db,
				everyone.filter((m) => !responded.has(m.userId)).map((m) => m.userId),
				{
					workspaceId: ws.id,
					kind: 'consultation',
					key: `consultation.closing:${c.id}`,
					threadKey: `consultation:${c.id}`,
					title: `Closing soon: ${c.title}`,
					body: `The consultation on “${documentTitle}” closes at ${closes}. Comments after that are not accepted.`,
					path
				},
				now
			);
		}
	}
	return n;
}

async function voteReminders(db: DB, ws: Ws, now: number): Promise<number> {
	let n = 0;
	const open = await db
		.select()
		.from(votes)
		.where(and(eq(votes.workspaceId, ws.id), eq(votes.status, 'open')));
	for (const v of open) {
		const orgIds = (v.electorate ?? []).map((e) => e.organisationId);
		// Voting delegates cast their organisation's ballot; everyone else acting for it hears about it too.
		const people = (await members(db, ws.id, orgIds)).filter(takesPart);
		const path = `/w/${ws.slug}/votes/${v.id}`;
		const closes = formatDateTime(v.closesAt, ws.timeZone);
		if (v.openedAt && now - v.openedAt < RECENT_MS)
			n += await notify(
				db,
				people.map((m) => m.userId),
				{
					workspaceId: ws.id,
					kind: 'vote',
					key: `vote.opened:${v.id}`,
					threadKey: `vote:${v.id}`,
					title: `Vote open: ${v.question}`,
					body: `Your organisation can vote until ${closes}.`,
					path
				},
				now
			);
		if (v.closesAt - now <= SOON_MS) {
			const voted = new Set(
				(await db.select({ o: ballots.organisationId }).from(ballots).where(eq(ballots.voteId, v.id))).map(
					(b) => b.o
				)
			);
			const waiting = people.filter((m) => m.organisationId && !voted.has(m.organisationId));
			n += await notify(
				db,
				waiting.map((m) => m.userId),
				{
					workspaceId: ws.id,
					kind: 'vote',
					key: `vote.closing:${v.id}`,
					threadKey: `vote:${v.id}`,
					title: `Your organisation has not voted: ${v.question}`,
					body: `The vote closes at ${closes}.`,
					path
				},
				now
			);
		}
	}
	return n;
}

async function decisionNotices(db: DB, ws: Ws, now: number): Promise<number> {
	let n = 0;
	const recent = await db
		.select()
		.from(decisions)
		.where(and(eq(decisions.workspaceId, ws.id), gt(decisions.createdAt, now - RECENT_MS)));
	for (const d of recent) {
		n += await notify(
			db,
			(await members(db, ws.id)).map((m) => m.userId),
			{
				workspaceId: ws.id,
				kind: 'decision',
				key: `decision:${d.id}`,
				threadKey: `decision:${d.id}`,
				title: `Decision published: ${d.title}`,
				body: `Decided ${formatDate(d.decidedAt, ws.timeZone)} (${d.decidedWhere}).`,
				path: `/w/${ws.slug}/decisions/${d.id}`
			},
			now
		);
	}
	return n;
}

async function actionReminders(db: DB, ws: Ws, now: number): Promise<number> {
	let n = 0;
	const soon = todayIn(ws.timeZone, now + 7 * DAY_MS);
	const today = todayIn(ws.timeZone, now);
	const due = await db
		.select()
		.from(actions)
		.where(
			and(
				eq(actions.workspaceId, ws.id),
				notInArray(actions.status, ['done', 'dropped']),
				lte(actions.dueDate, soon),
				ne(actions.ownerOrganisationId, '')
			)
		);
	for (const a of due) {
		const overdue = a.dueDate < today;
		const owners = (await members(db, ws.id, [a.ownerOrganisationId])).filter(takesPart);
		n += await notify(
			db,
			owners.map((m) => m.userId),
			{
				workspaceId: ws.id,
				kind: 'action',
				key: `action.${overdue ? 'overdue' : 'due'}:${a.id}:${a.dueDate}`,
				threadKey: `action:${a.id}`,
				title: overdue ? `Overdue: ${a.description}` : `Due soon: ${a.description}`,
				body: `Your organisation owns this action; it is due on ${formatDate(Date.parse(`${a.dueDate}T12:00:00Z`), 'UTC')}.`,
				path: `/w/${ws.slug}/decisions/actions`
			},
			now
		);
	}
	return n;
}

/**
 * The day before a meeting (within 24 hours of its start), its invitees who are members hear of it, as their
 * email choices for the workspace say (immediately, in a digest, or not at all); guests with an account get a
 * reminder email of their own, unless they turned guest reminders off.
 */
async function meetingReminders(db: DB, ws: Ws, now: number): Promise<number> {
	let n = 0;
	const soon = await db
		.select()
		.from(meetings)
		.where(
			and(
				eq(meetings.workspaceId, ws.id),
				eq(meetings.status, 'scheduled'),
				gt(meetings.startsAt, now),
				lte(meetings.startsAt, now + DAY_MS)
			)
		);
	for (const m of soon) {
		const invited = await db
			.select({ userId: meetingInvitations.userId })
			.from(meetingInvitations)
			.innerJoin(workspaceMembers, membershipOf(ws.id, meetingInvitations.userId))
			.where(eq(meetingInvitations.meetingId, m.id));
		n += await notify(
			db,
			invited.flatMap((i) => (i.userId ? [i.userId] : [])),
			{
				workspaceId: ws.id,
				kind: 'meeting',
				key: `meeting.reminder:${m.id}:${m.startsAt}`,
				threadKey: `meeting:${m.id}`,
				title: `Tomorrow: ${m.title}`,
				body: `${formatDateTime(m.startsAt, ws.timeZone)}${m.place ? `, ${m.place}` : ''}. The agenda and papers are on the meeting’s page.`,
				path: `/w/${ws.slug}/meetings/${m.id}`
			},
			now
		);
		n += await guestReminders(db, ws, m, now);
	}
	return n;
}

/**
 * Reminds a meeting's guests who have an account and no role in the workspace, once for each start time (a
 * moved meeting reminds again), unless they turned guest reminders off; the email's unsubscribe link does that.
 */
async function guestReminders(db: DB, ws: Ws, m: typeof meetings.$inferSelect, now: number) {
	const due = await db
		.select({ invitation: meetingInvitations })
		.from(meetingInvitations)
		.leftJoin(workspaceMembers, membershipOf(ws.id, meetingInvitations.userId))
		.leftJoin(meetingReminderOptOuts, eq(meetingReminderOptOuts.userId, meetingInvitations.userId))
		.where(
			and(
				eq(meetingInvitations.meetingId, m.id),
				isNotNull(meetingInvitations.userId),
				isNull(workspaceMembers.userId),
				isNull(meetingReminderOptOuts.userId),
				or(isNull(meetingInvitations.remindedFor), ne(meetingInvitations.remindedFor, m.startsAt))
			)
		);
	let n = 0;
	for (const { invitation } of due) {
		const userId = invitation.userId!;
		// Marked first, in the transaction that queues the email: a second run (another process) finds it done.
		n += await transaction(db, async () => {
			const claimed = await db
				.update(meetingInvitations)
				.set({ remindedFor: m.startsAt })
				.where(
					and(
						eq(meetingInvitations.id, invitation.id),
						or(isNull(meetingInvitations.remindedFor), ne(meetingInvitations.remindedFor, m.startsAt))
					)
				);
			if (affected(claimed) !== 1) return 0;
			await sendMeetingMail(
				db,
				{
					change: 'reminder',
					meeting: m,
					workspace: ws,
					invitation: { ...invitation, guest: true },
					unsubscribe: { kind: 'reminders', userId }
				},
				now
			);
			return 1;
		});
	}
	return n;
}
