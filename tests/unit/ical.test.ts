import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarMessage, fold, icsText, icsUtc } from '../../src/lib/domain/ical.ts';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('iCalendar', () => {
	it('writes UTC times with Z', () => {
		expect(icsUtc(Date.UTC(2027, 9, 31, 1, 30))).toBe('20271031T013000Z');
	});

	it('escapes text values', () => {
		expect(icsText('Room 2, Town hall; side door\nback\\slash')).toBe(
			'Room 2\\, Town hall\\; side door\\nback\\\\slash'
		);
	});

	it('folds lines at 75 octets without splitting a character, and unfolds to the same line', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
				const line = `SUMMARY:${s}`;
				const folded = fold(line);
				for (const part of folded.split('\r\n')) expect(octets(part)).toBeLessThanOrEqual(75);
				expect(folded.replace(/\r\n /g, '')).toBe(line);
			})
		);
	});

	it('makes a REQUEST and a CANCEL of the same event', () => {
		const event = {
			uid: 'abc@parity',
			sequence: 2,
			startsAt: Date.UTC(2027, 10, 4, 10),
			endsAt: Date.UTC(2027, 10, 4, 12),
			title: 'Board',
			description: '',
			location: '',
			url: 'https://parity.example/w/x/meetings/y',
			organizer: { name: 'The "partnership"', email: 'parity@example.org' },
			attendee: { name: 'Gita', email: 'gita@example.org' },
			stamp: Date.UTC(2027, 0, 1)
		};
		const request = calendarMessage('REQUEST', event);
		expect(request).toContain('\r\nMETHOD:REQUEST\r\n');
		expect(request).toContain('\r\nDTSTART:20271104T100000Z\r\n');
		expect(request).toContain('ORGANIZER;CN="The partnership":mailto:parity@example.org');
		expect(request.endsWith('END:VCALENDAR\r\n')).toBe(true);
		const cancel = calendarMessage('CANCEL', event);
		expect(cancel).toContain('\r\nMETHOD:CANCEL\r\n');
		expect(cancel).toContain('\r\nSTATUS:CANCELLED\r\n');
		expect(cancel).toContain('\r\nSEQUENCE:2\r\n');
	});
});
