// Suggesting mode's pure part: which text change a stopped transaction meant, and how typing, Backspace
// and Delete build one pending suggestion.
import { describe, expect, it } from 'vitest';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { Slice } from '@tiptap/pm/model';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import { mergeEdit, textEdit, type Pending, type TextEdit } from '../../src/lib/editor/suggesting.ts';
import { REFUSED_ELSEWHERE, sendFailure } from '../../src/lib/editor/suggestion-words.ts';
import { doc, p, h } from '../../src/lib/domain/templates/build.ts';

const schema = documentSchema();
const state = (...blocks: ReturnType<typeof p>[]) =>
	EditorState.create({ schema, doc: schema.nodeFromJSON(doc(...blocks)) });
const editOf = (tr: Transaction, caret: number) => textEdit(tr.before, tr.doc, tr.steps, caret);

describe('the text change a transaction makes', () => {
	// "Pay within 60 days." — positions: paragraph opens at 0, text starts at 1.
	const s = state(p('Pay within 60 days.'));

	it('reads typing over a selection, at a caret, and deleting', () => {
		expect(editOf(s.tr.insertText('30', 12, 14), 12)).toEqual({ from: 12, to: 14, text: '30' });
		expect(editOf(s.tr.insertText('only ', 5), 5)).toEqual({ from: 5, to: 5, text: 'only ' });
		expect(editOf(s.tr.delete(11, 14), 14)).toEqual({ from: 11, to: 14, text: '' });
	});

	it('reads a paste of plain text wrapped in a paragraph', () => {
		const slice = new Slice(schema.nodeFromJSON(doc(p('ninety'))).content, 1, 1);
		const tr = s.tr.replace(12, 14, slice);
		expect(editOf(tr, 12)).toEqual({ from: 12, to: 14, text: 'ninety' });
	});

	it('settles an ambiguous change by the caret (typing a letter beside the same letter)', () => {
		// "0" typed between the "6" and the "0" of "60" reads the same as "0" typed after it. Two steps (delete
		// the "0", insert "00") make the same change and take the diff path rather than the single-step one.
		const tr = s.tr.delete(13, 14).insertText('00', 13);
		expect(editOf(tr, 13)).toEqual({ from: 13, to: 13, text: '0' });
		expect(editOf(tr, 14)).toEqual({ from: 14, to: 14, text: '0' });
	});

	it('refuses splitting a paragraph, joining two, and formatting', () => {
		expect(editOf(s.tr.split(5), 5)).toBeNull();
		const two = state(p('One.'), p('Two.'));
		expect(editOf(two.tr.delete(5, 7), 7)).toBeNull();
		expect(editOf(s.tr.addMark(1, 4, schema.marks.bold.create()), 1)).toBeNull();
	});

	it('refuses a change that spans two blocks', () => {
		const two = state(h(2, 'Title'), p('Body text.'));
		expect(editOf(two.tr.insertText('x', 3, 10), 3)).toBeNull();
	});
});

describe('building a pending suggestion', () => {
	const apply = (edits: TextEdit[], start: Pending | null = null) => {
		let pending = start;
		let caret = -1;
		for (const e of edits) {
			const m = mergeEdit(pending, e);
			if ('refused' in m) return m;
			pending = m.pending;
			caret = m.caret;
		}
		return { pending, caret };
	};

	it('types a replacement over selected words, letter by letter, and takes letters back', () => {
		// "60 days" at 11–18 replaced by "a month", then Backspace once.
		const typed = 'a month'.split('').map((c, i) => ({ from: i === 0 ? 11 : 18, to: 18, text: c }));
		expect(apply(typed)).toEqual({ pending: { from: 11, to: 18, replacement: 'a month' }, caret: 18 });
		expect(apply([...typed, { from: 17, to: 18, text: '' }])).toEqual({
			pending: { from: 11, to: 18, replacement: 'a mont' },
			caret: 18
		});
	});

	it('inserts at a caret and drops the suggestion when every letter is taken back', () => {
		const r = apply([
			{ from: 4, to: 4, text: 'a' },
			{ from: 4, to: 4, text: 'b' }
		]);
		expect(r).toEqual({ pending: { from: 4, to: 4, replacement: 'ab' }, caret: 4 });
		expect(
			apply(
				[
					{ from: 3, to: 4, text: '' },
					{ from: 3, to: 4, text: '' }
				],
				{ from: 4, to: 4, replacement: 'ab' }
			)
		).toEqual({ pending: null, caret: 4 });
	});

	it('extends a deletion with Backspace and Delete, and turns it into a replacement when typing', () => {
		const r = apply([
			{ from: 10, to: 11, text: '' }, // Backspace
			{ from: 9, to: 10, text: '' }, // Backspace again, before it
			{ from: 9, to: 10, text: '' } // Delete at its start: the next letter after it
		]);
		expect(r).toEqual({ pending: { from: 9, to: 12, replacement: '' }, caret: 9 });
		expect(apply([{ from: 9, to: 9, text: 'X' }], { from: 9, to: 12, replacement: '' })).toEqual({
			pending: { from: 9, to: 12, replacement: 'X' },
			caret: 12
		});
	});

	it('refuses a change elsewhere while a suggestion is pending', () => {
		expect(apply([{ from: 1, to: 1, text: 'x' }], { from: 9, to: 12, replacement: 'y' })).toEqual({
			refused: REFUSED_ELSEWHERE
		});
	});
});

describe('when sending a suggestion fails', () => {
	it('says why, in words a person can act on', () => {
		expect(sendFailure(0)).toMatch(/not sent: the server could not be reached/);
		expect(sendFailure(401)).toMatch(/signed out/);
		// The API's own 403 message names a role ("This needs the commenter role or higher."): too terse here.
		expect(sendFailure(403, 'This needs the commenter role or higher.')).toMatch(
			/can no longer suggest changes to this document.*reload the page/
		);
		expect(sendFailure(422, 'The selected text has changed since you chose it; select it again.')).toBe(
			'Your suggestion was not sent. The selected text has changed since you chose it; select it again.'
		);
		expect(sendFailure(409, 'The consultation closed on 3 March.')).toMatch(/closed on 3 March/);
		expect(sendFailure(502)).toMatch(/error \(502\)/);
	});
});
