import { describe, expect, it } from 'vitest';
import {
	jsonNestsDeeper,
	dateInRange,
	EARLIEST_INSTANT,
	findTextProblem,
	inTimeRange,
	LATEST_INSTANT,
	textProblem
} from '../../src/lib/domain/input.ts';

describe('the time range', () => {
	it('is 2000-01-01 to 2199-12-31 inclusive, in whole milliseconds', () => {
		expect(new Date(EARLIEST_INSTANT).toISOString()).toBe('2000-01-01T00:00:00.000Z');
		expect(new Date(LATEST_INSTANT).toISOString()).toBe('2199-12-31T23:59:59.999Z');
		for (const ok of [EARLIEST_INSTANT, LATEST_INSTANT, Date.UTC(2026, 11, 2)])
			expect(inTimeRange(ok)).toBe(true);
		for (const bad of [
			EARLIEST_INSTANT - 1,
			LATEST_INSTANT + 1,
			8640000000000001,
			-1,
			0,
			1e308,
			NaN,
			Infinity,
			Date.UTC(2026, 0, 1) + 0.5,
			'1767225600000'
		])
			expect(inTimeRange(bad), String(bad)).toBe(false);
		expect(dateInRange('2000-01-01') && dateInRange('2199-12-31')).toBe(true);
		expect(dateInRange('1999-12-31') || dateInRange('2200-01-01') || dateInRange('9999-12-31')).toBe(false);
	});
});

describe('JSON nesting', () => {
	it('is measured before parsing, brackets inside strings not counted', () => {
		expect(jsonNestsDeeper('[[[]]]', 3)).toBe(false);
		expect(jsonNestsDeeper('[[[[]]]]', 3)).toBe(true);
		expect(jsonNestsDeeper('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
		expect(jsonNestsDeeper('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
		expect(jsonNestsDeeper('{"a":"[[[[[[\\"[[[[","b":"\\\\"}', 1)).toBe(false);
		expect(jsonNestsDeeper('['.repeat(500_000) + ']'.repeat(500_000))).toBe(true);
	});
});

describe('the text rule', () => {
	it('refuses lone surrogates and NUL, and accepts every other text, astral characters included', () => {
		expect(textProblem('\ud800')).toMatch(/lone surrogate/);
		expect(textProblem('a\udfffb')).toMatch(/lone surrogate/);
		expect(textProblem('\udc00\ud800')).toMatch(/lone surrogate/);
		expect(textProblem('x\u0000y')).toMatch(/NUL/);
		for (const ok of ['', 'Plain text', '😀 \ud83d\ude00', '\ufffd', 'tab\tline\nbreak', 'ümlaut – dash'])
			expect(textProblem(ok), ok).toBeNull();
	});

	it('finds the first bad text anywhere in a JSON value, with its path, keys included', () => {
		expect(findTextProblem({ a: 'fine', b: [1, { c: 'x\u0000' }] })).toEqual({
			path: 'b.1.c',
			problem: 'contains a NUL character'
		});
		expect(findTextProblem({ ok: { '\ud800': 1 } })?.path).toBe('ok');
		expect(findTextProblem('\ud800')?.path).toBe('');
		expect(findTextProblem({ a: 1, b: null, c: true, d: ['x', { e: '😀' }] })).toBeNull();
		// Deeper than the stack would allow a recursive walk
		const deep = JSON.parse('['.repeat(20_000) + '"\\u0000"' + ']'.repeat(20_000));
		expect(findTextProblem(deep)?.problem).toMatch(/NUL/);
		expect(findTextProblem(JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)))).toBeNull();
	});
});
