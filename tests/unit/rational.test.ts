import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	add,
	compare,
	div,
	equals,
	mul,
	parseDecimal,
	parseFraction,
	rational,
	sub,
	toDisplay,
	toFigure,
	toFractionString,
	toPercent,
	toShortDecimal
} from '../../src/lib/domain/rational.ts';

describe('rational', () => {
	it('normalises sign and common factors', () => {
		expect(rational(6n, -4n)).toEqual({ num: -3n, den: 2n });
		expect(rational(0n, 5n)).toEqual({ num: 0n, den: 1n });
		expect(() => rational(1n, 0n)).toThrow(RangeError);
	});

	it('adds, subtracts, multiplies and divides exactly', () => {
		const third = rational(1n, 3n);
		expect(toFractionString(add(third, third))).toBe('2/3');
		expect(toFractionString(sub(third, rational(1n, 2n)))).toBe('-1/6');
		expect(toFractionString(mul(rational(3n, 4n), rational(2n, 3n)))).toBe('1/2');
		expect(toFractionString(div(rational(5n, 2n), rational(15n, 2n)))).toBe('1/3');
		expect(() => div(third, rational(0n))).toThrow(RangeError);
	});

	it('compares by cross-multiplication where doubles get it wrong', () => {
		// 0.5·0.4 + 0.5·0.8 is 0.6000000000000001 in doubles.
		expect(0.5 * 0.4 + 0.5 * 0.8 > 0.6).toBe(true);
		const half = parseDecimal('0.5')!;
		const exact = add(mul(half, parseDecimal('0.4')!), mul(half, parseDecimal('0.8')!));
		expect(compare(exact, parseDecimal('0.6')!)).toBe(0);
		expect(equals(exact, rational(3n, 5n))).toBe(true);
		expect(compare(rational(1n, 3n), rational(1n, 2n))).toBe(-1);
		expect(compare(rational(-1n, 2n), rational(-2n, 3n))).toBe(1);
	});

	it('parses decimals with at most four places', () => {
		expect(parseDecimal('1.5')).toEqual({ num: 3n, den: 2n });
		expect(parseDecimal('0.0001')).toEqual({ num: 1n, den: 10000n });
		expect(parseDecimal('-2')).toEqual({ num: -2n, den: 1n });
		expect(parseDecimal(' 007.2500 ')).toEqual({ num: 29n, den: 4n });
		expect(parseDecimal('0.00001')).toBeNull();
		for (const bad of ['', '.5', '1.', '1e3', '1,5', 'abc', '+1', '0x10', 'NaN', 'Infinity'])
			expect(parseDecimal(bad), bad).toBeNull();
	});

	it('reads fractions back', () => {
		expect(parseFraction('10/4')).toEqual({ num: 5n, den: 2n });
		expect(parseFraction('7')).toEqual({ num: 7n, den: 1n });
		expect(parseFraction('1/0')).toBeNull();
		expect(parseFraction('1.5')).toBeNull();
	});

	it('displays values rounded to three places', () => {
		expect(toDisplay(rational(2n, 3n))).toBe('0.667');
		expect(toDisplay(rational(1n, 3n))).toBe('0.333');
		expect(toDisplay(rational(1n))).toBe('1.000');
		expect(toDisplay(rational(1n, 2000n))).toBe('0.001'); // half rounds away from zero
		expect(toDisplay(rational(-2n, 3n))).toBe('-0.667');
		expect(toDisplay(rational(-1n, 10000n))).toBe('0.000');
		expect(toFigure(rational(2n, 3n))).toEqual({ fraction: '2/3', display: '0.667' });
		expect(toPercent(rational(2n, 3n))).toBe('67%');
		expect(toPercent(rational(1n, 2n))).toBe('50%');
		expect(toShortDecimal(rational(15n, 2n))).toBe('7.5');
		expect(toShortDecimal(rational(1n, 16n))).toBe('0.0625');
		expect(toShortDecimal(rational(5n))).toBe('5');
		expect(toShortDecimal(rational(1n, 3n))).toBe('0.333');
	});

	it('round-trips any fraction through its string (property)', () => {
		fc.assert(
			fc.property(fc.bigInt(), fc.bigInt({ min: 1n }), (n, d) => {
				const r = rational(n, d);
				expect(parseFraction(toFractionString(r))).toEqual(r);
				expect(r.den > 0n).toBe(true);
			})
		);
	});

	it('agrees with integer arithmetic on a common denominator (property)', () => {
		const arb = fc.tuple(
			fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
			fc.bigInt({ min: 1n, max: 10n ** 6n })
		);
		fc.assert(
			fc.property(arb, arb, ([an, ad], [bn, bd]) => {
				const a = rational(an, ad);
				const b = rational(bn, bd);
				const s = add(a, b);
				expect(s.num * ad * bd).toBe((an * bd + bn * ad) * s.den);
				expect(compare(sub(s, b), a)).toBe(0);
				// Antisymmetric (as a sum: when a equals b, -0 is not 0 to Object.is).
				expect(compare(a, b) + compare(b, a)).toBe(0);
			})
		);
	});
});
