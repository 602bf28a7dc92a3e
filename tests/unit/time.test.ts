import { describe, expect, it } from 'vitest';
import {
	dateOnly,
	formatDateTime,
	isoOrNull,
	isoUtc,
	utcToZonedInput,
	zonedToUtc
} from '../../src/lib/domain/time.ts';

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

describe('times in answers', () => {
	const t = Date.UTC(2026, 10, 23, 23, 45, 12, 5);
	it('writes RFC 3339 UTC with milliseconds, the UTC date, and null for no time', () => {
		expect(isoUtc(t)).toBe('2026-11-23T23:45:12.005Z');
		expect(isoOrNull(t)).toBe('2026-11-23T23:45:12.005Z');
		expect(isoOrNull(null)).toBeNull();
		expect(dateOnly(t)).toBe('2026-11-23');
		expect(dateOnly(t + 15 * 60_000)).toBe('2026-11-24');
	});
});
