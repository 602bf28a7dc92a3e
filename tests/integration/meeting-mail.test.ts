// Meeting invitations by email, through the real mail worker to a real SMTP server: each invitee gets an
// iCalendar REQUEST; a change of time sends the same UID with a higher SEQUENCE; a cancellation sends CANCEL.
// The meeting is typed in the workspace's zone (Europe/London) and moved across the October clock change: the
// .ics carries UTC times that say the same wall-clock hour on both sides of it.
import { describe, expect, it } from 'vitest';
import { useServerWithMail } from '../fixtures/suite.ts';
import { apiClient, postForm } from '../fixtures/http.ts';
import { createPartnership } from '../fixtures/factory.ts';
import type { Received, SmtpSink } from '../fixtures/smtp.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { DB } from '../../src/lib/server/db/index.ts';

let server: TestServer;
let db: DB;
let smtp: SmtpSink;

useServerWithMail((s) => ({ server, db, smtp } = s));

/** The message's iCalendar object, unfolded, as its properties (name → value; the first of each). */
function calendarOf(m: Received): Record<string, string> {
	const part = m.mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
	if (!part) throw new Error(`no text/calendar part in "${m.mail.subject}"`);
	const lines = part.content
		.toString('utf8')
		.replace(/\r\n[ \t]/g, '')
		.split('\r\n');
	const props: Record<string, string> = {};
	for (const line of lines) {
		const at = line.search(/[:;]/);
		if (at < 0) continue;
		const name = line.slice(0, at);
		const value = line.slice(line.indexOf(':') + 1);
		if (name === 'BEGIN' || name === 'END') continue;
		props[name] ??= value;
	}
	return props;
}

describe('meeting invitations by email', () => {
	it('send a REQUEST, an update with the same UID and a higher SEQUENCE, and a CANCEL, in UTC', async () => {
		const p = await createPartnership(db, { vcse: 1, statutory: 0 });
		const member = p.orgs[0].delegate;
		const form = (path: string, fields: Record<string, string>) =>
			postForm(server, `/w/${p.workspace.slug}/meetings${path}`, fields, { cookie: p.facilitator.cookie });

		// Typed in London summer time, three days before the clocks go back (31 October 2027).
		const scheduled = await form('/new', {
			title: 'Partnership board',
			startsAt: '2027-10-28T10:00',
			endsAt: '2027-10-28T12:00',
			place: 'Town hall, Room 2; side door'
		});
		expect(scheduled.status).toBe(303);
		const path = scheduled.headers.get('location')!;
		const id = path.split('/').pop()!;
		const fac = apiClient(server, { cookie: p.facilitator.cookie });
		await fac.post(`/api/v1/meetings/${id}/invitations`, { userId: member.id });
		await fac.post(`/api/v1/meetings/${id}/invitations`, { name: 'Gita Guest', email: 'gita@example.org' });

		const invited = await smtp.waitFor((m) => m.to.includes('gita@example.org'), 'the guest’s invitation');
		const first = calendarOf(invited);
		expect(invited.mail.subject).toBe('Invitation: Partnership board, 28 Oct 2027, 10:00 BST');
		expect(first).toMatchObject({
			METHOD: 'REQUEST',
			SEQUENCE: '0',
			DTSTART: '20271028T090000Z',
			DTEND: '20271028T110000Z',
			SUMMARY: 'Partnership board',
			LOCATION: 'Town hall\\, Room 2\\; side door',
			STATUS: 'CONFIRMED'
		});
		// A guest's invitation carries their personal link, and their calendar the meeting's own page; a
		// member's has the workspace's.
		expect(invited.mail.text).toMatch(/Open your invitation: \S+\/guest\/[a-z2-7]{32}\n/);
		expect(invited.mail.text).not.toContain(`/w/${p.workspace.slug}/`);
		expect(first.URL).toMatch(new RegExp(`/meetings/${id}$`));
		const memberMail = await smtp.waitFor((m) => m.to.includes(member.email), 'the member’s invitation');
		const memberUid = calendarOf(memberMail).UID;
		expect(memberMail.mail.text).toContain(`/w/${p.workspace.slug}/meetings/${id}`);
		expect(memberUid).not.toBe(first.UID);

		// Moved a week on, past the clock change: the same 10:00 in London is now 10:00 UTC.
		const moved = await form(`/${id}/edit`, {
			title: 'Partnership board',
			startsAt: '2027-11-04T10:00',
			endsAt: '2027-11-04T12:00',
			place: 'Town hall, Room 2; side door'
		});
		expect(moved.status).toBe(303);
		const update = await smtp.waitFor(
			(m) => m.to.includes('gita@example.org') && m.mail.subject!.startsWith('Updated'),
			'the guest’s update'
		);
		expect(calendarOf(update)).toMatchObject({
			METHOD: 'REQUEST',
			UID: first.UID,
			SEQUENCE: '1',
			DTSTART: '20271104T100000Z',
			DTEND: '20271104T120000Z'
		});
		expect(update.mail.text).toContain('4 Nov 2027, 10:00 GMT');
		// Updates are not invitations: no personal link again.
		expect(update.mail.text).toContain(`/meetings/${id}`);
		expect(update.mail.text).not.toContain('/guest/');
		await smtp.waitFor(
			(m) => m.to.includes(member.email) && calendarOf(m).UID === memberUid && calendarOf(m).SEQUENCE === '1',
			'the member’s update'
		);

		expect((await fac.post(`/api/v1/meetings/${id}/cancel`)).status).toBe(200);
		const cancel = await smtp.waitFor(
			(m) => m.to.includes('gita@example.org') && calendarOf(m).METHOD === 'CANCEL',
			'the guest’s cancellation'
		);
		expect(calendarOf(cancel)).toMatchObject({ UID: first.UID, SEQUENCE: '2', STATUS: 'CANCELLED' });
		expect(cancel.mail.subject).toBe('Cancelled: Partnership board, 4 Nov 2027, 10:00 GMT');
		// Every invitee got three messages, and nobody else any.
		const about = smtp.messages.filter((m) => m.mail.subject?.includes('Partnership board'));
		expect(about.map((m) => m.to[0]).sort()).toEqual(
			[...Array(3).fill('gita@example.org'), ...Array(3).fill(member.email)].sort()
		);
	});
});
