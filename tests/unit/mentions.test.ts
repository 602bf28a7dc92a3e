import { describe, expect, it } from 'vitest';
import { matching, mentionAt, putMention, type Person } from '../../src/lib/mentions.ts';

const people: Person[] = [
	{ name: 'Val Volunteer', organisation: 'Riverside Trust' },
	{ name: 'Vikram Shah', organisation: 'NHS North' },
	{ name: 'Ann Valdez', organisation: null }
];

describe('@mentions as they are typed', () => {
	it('finds the name being typed after an @ that starts a word', () => {
		expect(mentionAt('Thanks @Va', 10)).toEqual({ start: 7, query: 'Va' });
		expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
		expect(mentionAt('Ask @Val Vol', 12)).toEqual({ start: 4, query: 'Val Vol' });
		expect(mentionAt('(@an', 4)).toEqual({ start: 1, query: 'an' });
	});

	it('does not take an email address, a finished line or a space after the @ for a mention', () => {
		expect(mentionAt('mail val@example', 16)).toBeNull();
		expect(mentionAt('@Val\nnext', 9)).toBeNull();
		expect(mentionAt('a @ b', 5)).toBeNull();
		expect(mentionAt('no mention here', 15)).toBeNull();
	});

	it('matches members by the start of their name or of a word in it', () => {
		expect(matching(people, 'v').map((p) => p.name)).toEqual(['Val Volunteer', 'Vikram Shah', 'Ann Valdez']);
		expect(matching(people, 'val v').map((p) => p.name)).toEqual(['Val Volunteer']);
		expect(matching(people, 'sha').map((p) => p.name)).toEqual(['Vikram Shah']);
		expect(matching(people, 'zed')).toEqual([]);
		expect(matching(people, 'v', 1)).toHaveLength(1);
	});

	it('puts the whole name in place of what was typed, with the caret after it', () => {
		expect(putMention('Thanks @Va, see', 7, 10, 'Val Volunteer')).toEqual({
			text: 'Thanks @Val Volunteer, see',
			caret: 21
		});
		expect(putMention('@vi', 0, 3, 'Vikram Shah')).toEqual({ text: '@Vikram Shah ', caret: 13 });
		expect(putMention('@vi more', 0, 3, 'Vikram Shah')).toEqual({ text: '@Vikram Shah more', caret: 12 });
	});
});
