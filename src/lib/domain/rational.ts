/**
 * Exact rational numbers on BigInt. Used by the vote tally so that no decision ever depends on
 * floating point (0.5·0.4 + 0.5·0.8 is greater than 0.6 in doubles, but exactly 0.6 here).
 *
 * A Rational is always normalised: the denominator is positive and shares no factor with the numerator.
 */
export type Rational = { readonly num: bigint; readonly den: bigint };

/** The most decimal places a rule parameter may have. */
export const MAX_DECIMAL_PLACES = 4;

function gcd(a: bigint, b: bigint): bigint {
	if (a < 0n) a = -a;
	if (b < 0n) b = -b;
	while (b !== 0n) [a, b] = [b, a % b];
	return a;
}

/** Builds the normalised fraction num/den. Throws on a zero denominator. */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
	let n = BigInt(num);
	let d = BigInt(den);
	if (d === 0n) throw new RangeError('A fraction cannot have a zero denominator');
	if (d < 0n) {
		n = -n;
		d = -d;
	}
	const g = gcd(n, d);
	return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
}

export const ZERO: Rational = rational(0n);
export const ONE: Rational = rational(1n);
export const HALF: Rational = rational(1n, 2n);

export function add(a: Rational, b: Rational): Rational {
	return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
	return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
	return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
	if (b.num === 0n) throw new RangeError('Division by zero');
	return rational(a.num * b.den, a.den * b.num);
}

/** Sum of a list (0 for an empty list). */
export function sum(values: Iterable<Rational>): Rational {
	let total = ZERO;
	for (const v of values) total = add(total, v);
	return total;
}

/** −1, 0 or 1, by cross-multiplication (denominators are positive). */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
	const left = a.num * b.den;
	const right = b.num * a.den;
	return left < right ? -1 : left > right ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
	return a.num === b.num && a.den === b.den;
}

export function greaterThan(a: Rational, b: Rational): boolean {
	return compare(a, b) > 0;
}

export function atLeast(a: Rational, b: Rational): boolean {
	return compare(a, b) >= 0;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal such as "1.5", "0.0001" or "-2". Returns null for anything else
 * (exponents, empty strings, more than `maxPlaces` decimal places, stray characters).
 */
export function parseDecimal(text: string, maxPlaces = MAX_DECIMAL_PLACES): Rational | null {
	const m = DECIMAL.exec(text.trim());
	if (!m) return null;
	const [, sign, whole, fraction = ''] = m;
	if (fraction.length > maxPlaces) return null;
	const den = 10n ** BigInt(fraction.length);
	const num = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
	return rational(num, den);
}

/** The exact form "n/d" (always with a denominator, "1/1" for one). */
export function toFractionString(a: Rational): string {
	return `${a.num}/${a.den}`;
}

/** Reads "n/d" (or a bare integer "n") back. Returns null when the text is not a fraction. */
export function parseFraction(text: string): Rational | null {
	const m = /^(-?\d+)(?:\/(\d+))?$/.exec(text.trim());
	if (!m) return null;
	const den = BigInt(m[2] ?? '1');
	if (den === 0n) return null;
	return rational(BigInt(m[1]), den);
}

/**
 * A decimal string rounded to `places` places, half away from zero, always with that many places
 * ("0.667" for 2/3, "1.000" for 1). For display only: decisions compare fractions.
 */
export function toDisplay(a: Rational, places = 3): string {
	const scale = 10n ** BigInt(places);
	const negative = a.num < 0n;
	const n = negative ? -a.num : a.num;
	const scaled = (2n * n * scale + a.den) / (2n * a.den);
	const whole = scaled / scale;
	const rest = (scaled % scale).toString().padStart(places, '0');
	const text = places > 0 ? `${whole}.${rest}` : `${whole}`;
	return negative && scaled !== 0n ? `-${text}` : text;
}

/** A published figure: the exact fraction and a rounded display value. */
export type Figure = { fraction: string; display: string };

export function toFigure(a: Rational): Figure {
	return { fraction: toFractionString(a), display: toDisplay(a) };
}

/**
 * A percentage for people, the one rounding used wherever a page, email or export shows a share such as
 * a turnout: whole percent, half away from zero ("67%" for 2/3, "50%" for 1/2). A value that is not exactly
 * 0 or 1 never reads "0%" or "100%": it gets as many places as it needs ("99.5%", "0.1%", up to three).
 */
export function toPercent(a: Rational): string {
	const hundred = mul(a, rational(100n));
	const exact = a.num === 0n || a.num === a.den;
	const extreme = (text: string) => /^-?(0|100)(\.0*)?$/.test(text);
	let places = 0;
	let text = toDisplay(hundred, places);
	while (!exact && places < 3 && extreme(text)) text = toDisplay(hundred, ++places);
	return `${text}%`;
}

/**
 * The exact decimal when the value has one with at most `maxPlaces` places ("2.5", "4", "0.0625"),
 * otherwise the rounded display value. Used to write weights, which are always short decimals.
 */
export function toShortDecimal(a: Rational, maxPlaces = 6): string {
	let d = a.den;
	let places = 0;
	while (d % 10n === 0n) {
		d /= 10n;
		places++;
	}
	while (d % 2n === 0n || d % 5n === 0n) {
		d /= d % 2n === 0n ? 2n : 5n;
		places++;
	}
	if (d !== 1n || places > maxPlaces) return toDisplay(a);
	const text = toDisplay(a, places);
	return text;
}
