/**
 * Meeting invitations by email: the invitation, each update that changes what a calendar shows, and the
 * cancellation, each with its iCalendar object (METHOD:REQUEST, or CANCEL) under the invitation's own UID and
 * the meeting's current SEQUENCE, so a calendar replaces the earlier event. Times are UTC in the .ics and in the
 * workspace's zone, named, in the words.
 */
import type { DB } from '../db/index.ts';
import { calendarMessage, type CalendarMethod } from '../../domain/ical.ts';
import { formatDateTime } from '../../domain/time.ts';
import { mailConfig } from './config.ts';
import { enqueue } from './queue.ts';
import { renderMail } from './render.ts';
import { unsubscribePaths, unsubscribeToken, type UnsubscribeTarget } from './unsubscribe.ts';

export type MeetingChange = 'invited' | 'updated' | 'cancelled' | 'reminder';

export type MeetingMail = {
	change: MeetingChange;
	meeting: {
		id: string;
		title: string;
		description: string;
		startsAt: number;
		endsAt: number;
		place: string;
		onlineLink: string;
		sequence: number;
	};
	workspace: { id: string; slug: string; name: string; timeZone: string };
	invitation: { uid: string; name: string; email: string; userId: string | null; guest: boolean };
	/** A guest's personal link (a path with its secret), in their invitation only. */
	link?: string;
	/** The unsubscribe link's target (left out: all email to the address). */
	unsubscribe?: UnsubscribeTarget;
};

function address(from: string): string {
	return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

const SUBJECT: Record<MeetingChange, (title: string, when: string) => string> = {
	invited: (t, w) => `Invitation: ${t}, ${w}`,
	updated: (t, w) => `Updated: ${t}, now ${w}`,
	cancelled: (t, w) => `Cancelled: ${t}, ${w}`,
	reminder: (t, w) => `Tomorrow: ${t}, ${w}`
};

/** Queues the message to one invitee (in the caller's transaction, when it passes one). */
export async function sendMeetingMail(db: DB, m: MeetingMail, now = Date.now()): Promise<string | null> {
	const config = mailConfig();
	const { meeting, workspace, invitation } = m;
	const when = formatDateTime(meeting.startsAt, workspace.timeZone);
	// A guest has no place in the workspace: their address for the meeting is its own page.
	const url = invitation.guest
		? `${config.origin}/meetings/${meeting.id}`
		: `${config.origin}/w/${workspace.slug}/meetings/${meeting.id}`;
	const where = [meeting.place, meeting.onlineLink && `online: ${meeting.onlineLink}`].filter(Boolean);
	const method: CalendarMethod = m.change === 'cancelled' ? 'CANCEL' : 'REQUEST';
	const calendar = calendarMessage(method, {
		uid: invitation.uid,
		sequence: meeting.sequence,
		startsAt: meeting.startsAt,
		endsAt: meeting.endsAt,
		title: meeting.title,
		description: [meeting.description, meeting.onlineLink && `Online: ${meeting.onlineLink}`, url]
			.filter(Boolean)
			.join('\n\n'),
		location: meeting.place || meeting.onlineLink,
		url,
		organizer: { name: workspace.name, email: address(config.from) },
		attendee: { name: invitation.name, email: invitation.email },
		stamp: now
	});
	const paths = unsubscribePaths(
		await unsubscribeToken(db, m.unsubscribe ?? { kind: 'address', email: invitation.email })
	);
	const link = m.change === 'invited' ? m.link : undefined;
	const lead: Record<MeetingChange, string> = {
		invited: `You are invited to ${meeting.title}, a meeting of ${workspace.name}.`,
		updated: `${meeting.title}, a meeting of ${workspace.name}, has changed. The attached invitation updates it in your calendar.`,
		cancelled: `${meeting.title}, a meeting of ${workspace.name}, has been cancelled. The attachment removes it from your calendar.`,
		reminder: `A reminder: ${meeting.title}, a meeting of ${workspace.name}, is tomorrow.`
	};
	const mail = renderMail({
		subject: SUBJECT[m.change](meeting.title, when),
		intro: [
			`Hello ${invitation.name},`,
			lead[m.change],
			`When: ${when} to ${formatDateTime(meeting.endsAt, workspace.timeZone)}.`,
			...(where.length ? [`Where: ${where.join('; ')}.`] : []),
			...(link
				? [
						'The link below is yours alone: it sets up your Parity guest account (or, if you have an account, signs you in) and opens the meeting’s page, with its agenda. It works once, so do not forward this email.'
					]
				: [])
		],
		action:
			m.change === 'cancelled'
				? undefined
				: link
					? { label: 'Open your invitation', url: config.origin + link }
					: { label: invitation.guest ? 'The agenda' : 'The agenda and papers', url },
		footer:
			m.change === 'reminder'
				? 'You get this because you are invited to this meeting. To stop reminders of meetings you are invited to as a guest, use the link below.'
				: 'You get this because you are invited to this meeting. The attached invitation adds it to your calendar.',
		unsubscribeUrl: config.origin + paths.page
	});
	return await enqueue(
		db,
		{
			to: invitation.email,
			userId: invitation.guest ? null : invitation.userId,
			workspaceId: workspace.id,
			kind: 'meeting',
			...mail,
			unsubscribeUrl: config.origin + paths.oneClick,
			// A reminder changes nothing in a calendar, so it carries none.
			calendar: m.change === 'reminder' ? null : calendar
		},
		now
	);
}
