import { describe, expect, it } from 'vitest';
import { findWords } from '../../src/lib/domain/find-words.ts';

describe('finding words as a reader copied them', () => {
	const text = 'Expenses\nTravel by public transport\nChildcare\tand  respite';

	it('finds the words where they stand, exactly', () => {
		expect(findWords(text, 'public transport')).toEqual({ from: 19, to: 35 });
	});

	it('lets any white space stand for any other, and ignores it around the words', () => {
		const r = findWords(text, '  transport  Childcare and respite\n');
		expect(r).not.toBeNull();
		expect(text.slice(r!.from, r!.to)).toBe('transport\nChildcare\tand  respite');
		expect(text.slice(...Object.values(findWords(text, 'Expenses Travel')!))).toBe('Expenses\nTravel');
	});

	it('does not find words that are not there, or nothing at all', () => {
		expect(findWords(text, 'Childcareand')).toBeNull();
		expect(findWords(text, 'Travel  by bus')).toBeNull();
		expect(findWords(text, ' \n ')).toBeNull();
	});
});
