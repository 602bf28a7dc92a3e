// iCalendar (RFC 5545) for meeting invitations (iTIP, RFC 5546): one event per invitation, with the
// invitation's UID in every message about it. An update is a REQUEST with the same UID and a higher SEQUENCE; a
// cancellation is a CANCEL. Times are written in UTC (`…Z`), so a calendar shows them right on either side of a
// clock change, whatever its own zone.

export type CalendarMethod = 'REQUEST' | 'CANCEL';

export type CalendarEvent = {
	uid: string;
	sequence: number;
	startsAt: number;
	endsAt: number;
	title: string;
	description: string;
	location: string;
	url: string;
	organizer: { name: string; email: string };
	attendee: { name: string; email: string };
	/** When the message is made (DTSTAMP). */
	stamp: number;
};

/** An instant as an iCalendar UTC date-time: `20261025T093000Z`. */
export function icsUtc(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** Text escaped for a TEXT value: backslash, semicolon, comma and line breaks. */
export function icsText(s: string): string {
	return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A parameter value (a name in CN=…), quoted; characters a quoted parameter cannot hold are dropped. */
function param(s: string): string {
	return `"${s.replace(/["\r\n]/g, '')}"`;
}

/** Folds a content line at 75 octets (continuation lines start with a space), never inside a character. */
export function fold(line: string): string {
	const out: string[] = [];
	let current = '';
	let size = 0;
	for (const ch of line) {
		const bytes = new TextEncoder().encode(ch).length;
		if (size + bytes > (out.length ? 74 : 75)) {
			out.push(current);
			current = '';
			size = 0;
		}
		current += ch;
		size += bytes;
	}
	out.push(current);
	return out.join('\r\n ');
}

/** The lines of one event; `cancelled` marks it so (a cancellation, or a cancelled meeting in a feed). */
function eventLines(
	e: Omit<CalendarEvent, 'attendee'> & { attendee?: CalendarEvent['attendee'] },
	cancelled: boolean
) {
	return [
		'BEGIN:VEVENT',
		`UID:${e.uid}`,
		`SEQUENCE:${e.sequence}`,
		`DTSTAMP:${icsUtc(e.stamp)}`,
		`DTSTART:${icsUtc(e.startsAt)}`,
		`DTEND:${icsUtc(e.endsAt)}`,
		`SUMMARY:${icsText(e.title)}`,
		...(e.description ? [`DESCRIPTION:${icsText(e.description)}`] : []),
		...(e.location ? [`LOCATION:${icsText(e.location)}`] : []),
		`URL:${e.url}`,
		`ORGANIZER;CN=${param(e.organizer.name)}:mailto:${e.organizer.email}`,
		...(e.attendee
			? [
					`ATTENDEE;CN=${param(e.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${e.attendee.email}`
				]
			: []),
		`STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
		'END:VEVENT'
	];
}

const HEAD = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Parity//Meetings//EN', 'CALSCALE:GREGORIAN'];
const join = (lines: string[]) => lines.map(fold).join('\r\n') + '\r\n';

/** The whole calendar object for one invitation message. */
export function calendarMessage(method: CalendarMethod, e: CalendarEvent): string {
	return join([...HEAD, `METHOD:${method}`, ...eventLines(e, method === 'CANCEL'), 'END:VCALENDAR']);
}

/** A person's feed (METHOD:PUBLISH): their meetings, a cancelled one marked so, under the same UIDs as their invitations. */
export function calendarFeed(
	name: string,
	events: (Omit<CalendarEvent, 'attendee'> & { cancelled: boolean })[]
): string {
	return join([
		...HEAD,
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${icsText(name)}`,
		...events.flatMap((e) => eventLines(e, e.cancelled)),
		'END:VCALENDAR'
	]);
}
