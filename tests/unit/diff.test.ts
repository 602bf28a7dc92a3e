import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffStats, diffWords, tokenize } from '../../src/lib/domain/diff.ts';

const rebuild = (parts: ReturnType<typeof diffWords>, side: 'before' | 'after') =>
	parts
		.filter((p) => p.op === 'equal' || p.op === (side === 'before' ? 'delete' : 'insert'))
		.map((p) => p.text)
		.join('');

describe('word diff', () => {
	it('marks a replaced word and keeps the rest equal', () => {
		const parts = diffWords('Pay volunteers within 30 days.', 'Pay volunteers within 10 days.');
		expect(parts).toEqual([
			{ op: 'equal', text: 'Pay volunteers within ' },
			{ op: 'delete', text: '30' },
			{ op: 'insert', text: '10' },
			{ op: 'equal', text: ' days.' }
		]);
		expect(diffStats(parts)).toEqual({ added: 1, removed: 1 });
	});
	it('handles insertions at the start and deletions at the end', () => {
		const parts = diffWords('social value policy', 'Our social value');
		expect(rebuild(parts, 'before')).toBe('social value policy');
		expect(rebuild(parts, 'after')).toBe('Our social value');
		expect(parts.find((p) => p.op === 'insert')?.text).toBe('Our ');
		expect(parts.find((p) => p.op === 'delete')?.text).toBe(' policy');
	});
	it('treats punctuation as its own token', () => {
		expect(tokenize('a, b')).toEqual(['a', ',', ' ', 'b']);
		const parts = diffWords('costs, expenses', 'costs and expenses');
		expect(parts.filter((p) => p.op !== 'equal').map((p) => p.text)).toEqual([',', ' and']);
	});
	it('compares identical and empty texts', () => {
		expect(diffWords('same text', 'same text')).toEqual([{ op: 'equal', text: 'same text' }]);
		expect(diffWords('', 'new')).toEqual([{ op: 'insert', text: 'new' }]);
		expect(diffWords('old', '')).toEqual([{ op: 'delete', text: 'old' }]);
	});
	it('always reconstructs both sides (property)', () => {
		const words = fc.array(
			fc.constantFrom('the', 'cost', 'full', 'recovery', ',', ' ', '\n', 'paid', '10%'),
			{ maxLength: 40 }
		);
		fc.assert(
			fc.property(words, words, (a, b) => {
				const parts = diffWords(a.join(''), b.join(''));
				expect(rebuild(parts, 'before')).toBe(a.join(''));
				expect(rebuild(parts, 'after')).toBe(b.join(''));
			}),
			{ numRuns: 300 }
		);
	});
});
