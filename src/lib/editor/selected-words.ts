/**
 * Words selected in the live editor, as a comment or a suggestion on them anchors: the quoted plain text
 * (as the anchors have it, text-index.ts) without the white space at its ends, where it starts, and where it
 * is on the page (for the Comment / Suggest bar beside it). Browser only.
 */
import type { Editor } from '@tiptap/core';
import { offsetOf, textIndex } from './text-index.ts';

/** Where the selected words are on the page, in page coordinates (scrolled pixels included). */
export type WordsBox = { top: number; bottom: number; left: number };
export type SelectedWords = { quote: string; near: string; box: WordsBox };

/** The longest quote a comment or a suggestion takes. */
const MAX_QUOTE = 10000;

/** The words selected in the editor, or null when nothing (or only white space) is selected. */
export function selectedWords(editor: Editor): SelectedWords | null {
	const { state, view } = editor;
	const { from, to, empty } = state.selection;
	if (empty || view.isDestroyed) return null;
	const index = textIndex(state.doc);
	const a = offsetOf(index, from);
	const b = offsetOf(index, to);
	// A selection that starts or ends between blocks: its words, found by the server without an offset.
	const raw =
		a !== null && b !== null && b > a ? index.text.slice(a, b) : state.doc.textBetween(from, to, '\n');
	const quote = raw.trim();
	if (!quote) return null;
	const start = view.coordsAtPos(from);
	const end = view.coordsAtPos(to, -1);
	return {
		quote: quote.slice(0, MAX_QUOTE),
		near: a !== null && b !== null && b > a ? String(a + raw.length - raw.trimStart().length) : '',
		box: {
			top: Math.min(start.top, end.top) + window.scrollY,
			bottom: Math.max(start.bottom, end.bottom) + window.scrollY,
			left: Math.min(start.left, end.left) + window.scrollX
		}
	};
}
