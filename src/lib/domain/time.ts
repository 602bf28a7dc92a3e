// Times are stored as UTC instants (ms since the epoch) and typed and shown in a workspace's time zone.

/**
 * Whether a stored instant is one a Date can hold. Input is checked to a narrower range (domain/input.ts); this
 * keeps pages readable if an older row holds something else.
 */
export function isRepresentable(ms: number): boolean {
	return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

const UNREADABLE = 'an invalid time';

function parts(ms: number, timeZone: string) {
	const f = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	});
	const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
	return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

/** The zone's offset from UTC at an instant, in ms. */
export function zoneOffset(ms: number, timeZone: string): number {
	const p = parts(ms, timeZone);
	const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
	return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Turns a wall-clock time typed in a zone (`YYYY-MM-DDTHH:mm`, as an `<input type="datetime-local">` sends)
 * into a UTC instant. In the hour skipped when clocks go forward the later offset applies; in the hour that
 * repeats when they go back, the first occurrence is taken. Returns null for malformed input.
 */
export function zonedToUtc(local: string, timeZone: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
	if (!m) return null;
	const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : +x));
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
	const guess = Date.UTC(y, mo - 1, d, h, mi, s);
	if (new Date(guess).getUTCDate() !== d) return null;
	const first = guess - zoneOffset(guess - 12 * 3600_000, timeZone);
	const second = guess - zoneOffset(first, timeZone);
	// Prefer the earlier instant when both readings are valid (repeated hour).
	const candidates = [first, second].filter((t) => {
		const p = parts(t, timeZone);
		return p.h === h && p.mi === mi && p.d === d;
	});
	return candidates.length ? Math.min(...candidates) : Math.max(first, second);
}

/** `YYYY-MM-DDTHH:mm` in the zone, for filling a datetime-local input. */
export function utcToZonedInput(ms: number, timeZone: string): string {
	if (!isRepresentable(ms)) return '';
	const p = parts(ms, timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/** A readable date and time in the zone, with the zone named: "23 Nov 2026, 14:05 GMT". */
export function formatDateTime(ms: number, timeZone: string): string {
	if (!isRepresentable(ms)) return UNREADABLE;
	return new Intl.DateTimeFormat('en-GB', {
		timeZone,
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		timeZoneName: 'short'
	}).format(new Date(ms));
}

export function formatDate(ms: number, timeZone: string): string {
	if (!isRepresentable(ms)) return UNREADABLE;
	return new Intl.DateTimeFormat('en-GB', {
		timeZone,
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(new Date(ms));
}

/** RFC 3339 UTC with milliseconds (`2026-11-23T20:45:12.345Z`), as the API and the register write times. */
export function isoUtc(ms: number): string {
	return new Date(ms).toISOString();
}

/** `isoUtc`, or null when there is no time. */
export function isoOrNull(ms: number | null): string | null {
	return ms === null ? null : isoUtc(ms);
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function dateOnly(ms: number): string {
	return isoUtc(ms).slice(0, 10);
}
