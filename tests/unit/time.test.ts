import { describe, expect, it } from 'vitest';
import { formatDateTime, utcToZonedInput, zonedToUtc } from '../../src/lib/domain/time.ts';

describe('time zones', () => {
	it('reads a London winter time as GMT and a summer time as BST', () => {
		expect(zonedToUtc('2026-01-15T09:30', 'Europe/London')).toBe(Date.UTC(2026, 0, 15, 9, 30));
		expect(zonedToUtc('2026-07-15T09:30', 'Europe/London')).toBe(Date.UTC(2026, 6, 15, 8, 30));
	});
	it('takes the first of a repeated hour and moves a skipped hour forward', () => {
		// 25 Oct 2026: 01:30 happens twice in London (BST then GMT).
		expect(zonedToUtc('2026-10-25T01:30', 'Europe/London')).toBe(Date.UTC(2026, 9, 25, 0, 30));
		// 29 Mar 2026: 01:30 does not exist in London.
		const t = zonedToUtc('2026-03-29T01:30', 'Europe/London')!;
		expect(utcToZonedInput(t, 'Europe/London')).toBe('2026-03-29T02:30');
	});
	it('round-trips through the form value', () => {
		const t = Date.UTC(2026, 10, 23, 20, 5);
		expect(zonedToUtc(utcToZonedInput(t, 'America/New_York'), 'America/New_York')).toBe(t);
	});
	it('refuses malformed input', () => {
		expect(zonedToUtc('2026-02-30T10:00', 'Europe/London')).toBeNull();
		expect(zonedToUtc('tomorrow', 'Europe/London')).toBeNull();
	});
	it('names the zone when formatting', () => {
		expect(formatDateTime(Date.UTC(2026, 6, 1, 12, 0), 'Europe/London')).toMatch(/13:00 BST/);
	});
});
