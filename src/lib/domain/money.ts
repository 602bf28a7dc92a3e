// Money in Parity is exact: integer pence, GBP. Rates are typed in pounds with at most two decimals and kept
// as pence. One rounding rule (docs/claims.md): a line (a rate times a quantity) is worked out exactly as a
// fraction of a penny and rounded once, to the nearest penny, half a penny up; totals add rounded lines.

const POUNDS = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

/**
 * Pounds as typed ("12", "12.5", "12.50", "£1,234.56") in pence, or null when it is not an amount of at most
 * two decimals, from £0 to £9,999,999.99.
 */
export function parsePounds(text: string): number | null {
	const m = POUNDS.exec(text.trim().replace(/^£/, '').replaceAll(',', ''));
	if (!m) return null;
	return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Pence as pounds with two decimals and no sign: 1250 → "12.50" (for form fields and CSV). */
export function penceToPounds(pence: number): string {
	const sign = pence < 0 ? '-' : '';
	const abs = Math.abs(pence);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Pence for people to read: 123456 → "£1,234.56". */
export function formatPence(pence: number): string {
	const sign = pence < 0 ? '−' : '';
	const abs = Math.abs(pence);
	const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
	return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * `numerator / denominator` pence rounded to a whole penny, half up: the one rounding rule. Both are
 * non-negative integers (a rate in pence times a quantity in its smallest unit, over that unit).
 */
export function roundPence(numerator: number, denominator: number): number {
	if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0)
		throw new RangeError('roundPence takes safe integers and a positive denominator');
	if (numerator < 0) throw new RangeError('roundPence takes a non-negative amount');
	return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** A rate per hour (pence) for a number of minutes, rounded by the one rule. */
export function perHour(ratePence: number, minutes: number): number {
	return roundPence(ratePence * minutes, 60);
}

/** A rate per mile (pence) for a distance in tenths of a mile, rounded by the one rule. */
export function perMile(ratePence: number, tenthsOfMile: number): number {
	return roundPence(ratePence * tenthsOfMile, 10);
}

/** The sum of amounts in pence (integers stay exact well past any partnership's budget). */
export function sumPence(amounts: readonly number[]): number {
	return amounts.reduce((a, b) => a + b, 0);
}
