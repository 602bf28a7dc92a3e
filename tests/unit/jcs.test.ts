import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, canonicalBytes, CanonicalJsonError, isCanonical } from '../../src/lib/domain/jcs.ts';

/** A double from its IEEE 754 bit pattern, as RFC 8785 Appendix B writes its samples. */
function fromBits(hex: string): number {
	const view = new DataView(new ArrayBuffer(8));
	view.setBigUint64(0, BigInt(`0x${hex}`));
	return view.getFloat64(0);
}

describe('RFC 8785 canonical JSON', () => {
	it('reproduces the example of section 3.2.2 (literals, numbers, string escaping)', () => {
		// The input as RFC 8785 §3.2.2 gives it, parsed the way any JSON reader would.
		const input = JSON.parse(`{
			"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
			"string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
			"literals": [null, true, false]
		}`);
		const expected =
			'{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
			'"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
		expect(canonicalize(input)).toBe(expected);
		// The UTF-8 bytes given in §3.2.4 (the "string" member's tail).
		const tail = Buffer.from(canonicalBytes(input)).subarray(-36).toString('hex');
		expect(tail).toBe('22737472696e67223a22e282ac245c7530303066' + '5c6e4127425c225c5c5c5c5c222f227d');
	});

	it('sorts members by UTF-16 code units (section 3.2.3)', () => {
		const input = JSON.parse(`{
			"\\u20ac": "Euro Sign",
			"\\r": "Carriage Return",
			"\\ufb33": "Hebrew Letter Dalet With Dagesh",
			"1": "One",
			"\\ud83d\\ude00": "Emoji: Grinning Face",
			"\\u0080": "Control",
			"\\u00f6": "Latin Small Letter O With Diaeresis"
		}`);
		// Read the member names back in text order (JSON.parse would move "1" to the front).
		const names = [...canonicalize(input).matchAll(/"([^"]*)":"/g)].map((m) => m[1]);
		expect(names).toEqual(['\\r', '1', '\u0080', 'ö', '€', '😀', '\ufb33']);
		expect(canonicalize(input)).toBe(
			'{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
				'"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
		);
	});

	it('serialises the numbers of Appendix B as ECMAScript does', () => {
		const vectors: [string, string][] = [
			['0000000000000000', '0'],
			['8000000000000000', '0'],
			['0000000000000001', '5e-324'],
			['8000000000000001', '-5e-324'],
			['7fefffffffffffff', '1.7976931348623157e+308'],
			['ffefffffffffffff', '-1.7976931348623157e+308'],
			['4340000000000000', '9007199254740992'],
			['c340000000000000', '-9007199254740992'],
			['4430000000000000', '295147905179352830000'],
			['44b52d02c7e14af5', '9.999999999999997e+22'],
			['44b52d02c7e14af6', '1e+23'],
			['44b52d02c7e14af7', '1.0000000000000001e+23'],
			['444b1ae4d6e2ef4e', '999999999999999700000'],
			['444b1ae4d6e2ef4f', '999999999999999900000'],
			['444b1ae4d6e2ef50', '1e+21'],
			['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
			['3eb0c6f7a0b5ed8d', '0.000001'],
			['41b3de4355555553', '333333333.3333332'],
			['41b3de4355555554', '333333333.33333325'],
			['41b3de4355555555', '333333333.3333333'],
			['41b3de4355555556', '333333333.3333334'],
			['41b3de4355555557', '333333333.33333343'],
			['becbf647612f3696', '-0.0000033333333333333333'],
			['43143ff3c1cb0959', '1424953923781206.2']
		];
		for (const [bits, text] of vectors) expect(canonicalize(fromBits(bits)), bits).toBe(text);
	});

	it('refuses NaN and Infinity (Appendix B: 7fffffffffffffff, 7ff0000000000000)', () => {
		expect(() => canonicalize(fromBits('7fffffffffffffff'))).toThrow(CanonicalJsonError);
		expect(() => canonicalize(fromBits('7ff0000000000000'))).toThrow(CanonicalJsonError);
		expect(() => canonicalize({ a: [1, -Infinity] })).toThrow(/at \$\.a\[1\]/);
	});

	it('writes control characters, quotes and backslashes with the short escapes and lower-case hex', () => {
		expect(canonicalize('\b\t\n\f\r"\\')).toBe('"\\b\\t\\n\\f\\r\\"\\\\"');
		expect(canonicalize('\u0000\u001f\u007f')).toBe('"\\u0000\\u001f\u007f"');
		expect(canonicalize('/ é \u2028')).toBe('"/ é \u2028"');
	});

	it('refuses what is not plain JSON data', () => {
		expect(() => canonicalize(undefined)).toThrow(CanonicalJsonError);
		expect(() => canonicalize([1, undefined])).toThrow(/array holds undefined at \$\[1\]/);
		// eslint-disable-next-line no-sparse-arrays
		expect(() => canonicalize([1, , 3])).toThrow(/array holds undefined/);
		expect(() => canonicalize({ a: () => 1 })).toThrow(/function/);
		expect(() => canonicalize({ a: 1n })).toThrow(/bigint/);
		expect(() => canonicalize({ a: Symbol('x') })).toThrow(/symbol/);
		expect(() => canonicalize(new Date(0))).toThrow(/Date/);
		expect(() => canonicalize(new Map())).toThrow(/Map/);
		expect(() => canonicalize({ [Symbol('k')]: 1 })).toThrow(/symbol keys/);
		expect(() => canonicalize('\ud800')).toThrow(/unpaired surrogate/);
		expect(() => canonicalize({ '\udc00': 1 })).toThrow(/unpaired surrogate/);
		const cycle: Record<string, unknown> = {};
		cycle.self = cycle;
		expect(() => canonicalize(cycle)).toThrow(/contains itself/);
	});

	it('leaves out object members that are undefined, as a JSON round trip would', () => {
		expect(canonicalize({ b: 1, a: undefined })).toBe('{"b":1}');
		// The same value twice (not a cycle) is fine.
		const shared = { x: 1 };
		expect(canonicalize({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
		expect(canonicalize(Object.create(null))).toBe('{}');
	});

	it('recognises canonical text', () => {
		expect(isCanonical('{"a":1,"b":[true,null]}')).toBe(true);
		expect(isCanonical('{"b":1,"a":1}')).toBe(false);
		expect(isCanonical('{"a": 1}')).toBe(false);
		expect(isCanonical('{"a":1.0}')).toBe(false);
		expect(isCanonical('{"a":1,"a":1}')).toBe(false);
		expect(isCanonical('{"a":"\\u0041"}')).toBe(false);
		expect(isCanonical('not json')).toBe(false);
	});

	it('is a fixed point: parsing canonical text and canonicalising again gives the same text', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				const text = canonicalize(value);
				expect(canonicalize(JSON.parse(text))).toBe(text);
				// And it agrees with JSON.stringify on the data, up to member order.
				expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
			}),
			{ numRuns: 300 }
		);
	});
});
