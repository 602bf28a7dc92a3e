/**
 * Suggesting mode, the pure part: which text change an editor transaction tries to make, and how a run of such
 * changes (typing, Backspace, Delete) builds up one pending suggestion. The plugin in annotations.ts stops the
 * transaction itself, so the document never changes; these functions only describe what was meant.
 */
import type { Node as PMNode, Slice } from '@tiptap/pm/model';
import { ReplaceStep, type Step } from '@tiptap/pm/transform';
import { REFUSED_ELSEWHERE } from './suggestion-words.ts';

/** A change of text: replace [from, to) with `text` (empty `text` deletes, from = to inserts). */
export type TextEdit = { from: number; to: number; text: string };

/** A suggestion being made: plain-text offsets of the words it replaces, and what replaces them. */
export type Pending = { from: number; to: number; replacement: string };

export type Merge = { pending: Pending | null; caret: number } | { refused: string };

/** The plain text of a slice when it holds only text (possibly wrapped in one open block, as pastes are). */
function sliceText(slice: Slice): string | null {
	let content = slice.content;
	let depth = Math.min(slice.openStart, slice.openEnd);
	if (slice.openStart !== slice.openEnd) return null;
	while (depth > 0) {
		if (content.childCount !== 1) return null;
		content = content.firstChild!.content;
		depth--;
	}
	let text = '';
	let ok = true;
	content.forEach((n) => {
		if (n.isText) text += n.text;
		else ok = false;
	});
	return ok ? text : null;
}

function inOneTextblock(doc: PMNode, from: number, to: number): boolean {
	if (from < 0 || to > doc.content.size || from > to) return false;
	const $from = doc.resolve(from);
	return $from.parent.isTextblock && $from.sameParent(doc.resolve(to));
}

/**
 * The text change a transaction makes, in positions of the document before it; null when it does anything
 * else (splits or joins blocks, inserts non-text nodes, only changes formatting). `preferred` (the caret
 * before the change) settles ambiguous diffs, such as typing a letter next to the same letter.
 */
export function textEdit(
	before: PMNode,
	after: PMNode,
	steps: readonly Step[],
	preferred: number
): TextEdit | null {
	let edit: TextEdit | null = null;
	if (steps.length === 1 && steps[0] instanceof ReplaceStep) {
		const step = steps[0] as ReplaceStep & { from: number; to: number; slice: Slice };
		const text = sliceText(step.slice);
		if (text !== null && inOneTextblock(before, step.from, step.to))
			edit = { from: step.from, to: step.to, text };
	}
	if (!edit) {
		let start = before.content.findDiffStart(after.content);
		if (start == null) return null;
		const end = before.content.findDiffEnd(after.content);
		if (!end) return null;
		let { a: endA, b: endB } = end;
		if (endA < start && before.content.size < after.content.size) {
			start -= preferred <= start && preferred >= endA ? start - preferred : 0;
			endB = start + (endB - endA);
			endA = start;
		} else if (endB < start) {
			start -= preferred <= start && preferred >= endB ? start - preferred : 0;
			endA = start + (endA - endB);
			endB = start;
		}
		if (!inOneTextblock(before, start, endA) || !inOneTextblock(after, start, endB)) return null;
		const text = sliceText(after.slice(start, endB));
		if (text === null) return null;
		edit = { from: start, to: endA, text };
	}
	// Only formatting changed (or nothing): not a text change.
	if (edit.text === before.textBetween(edit.from, edit.to)) return null;
	if (sliceText(before.slice(edit.from, edit.to)) === null) return null;
	return edit;
}

/**
 * Folds a text edit (plain-text offsets) into the pending suggestion. Typing at the end of it adds to the
 * replacement and Backspace there takes characters back; Backspace and Delete beside a pending deletion
 * extend it; typing where a deletion starts turns it into a replacement. Anything elsewhere is refused while a
 * suggestion is pending. `caret` is where the cursor should stand afterwards.
 */
export function mergeEdit(p: Pending | null, e: TextEdit): Merge {
	if (!p) {
		if (e.from === e.to && !e.text) return { pending: null, caret: e.from };
		return { pending: { from: e.from, to: e.to, replacement: e.text }, caret: e.text ? e.to : e.from };
	}
	const point = e.from === e.to;
	if (point && e.text && e.from === p.to)
		return { pending: { ...p, replacement: p.replacement + e.text }, caret: p.to };
	if (point && e.text && e.from === p.from && !p.replacement)
		return { pending: { ...p, replacement: e.text }, caret: p.to };
	if (!e.text && e.to > e.from) {
		if (p.replacement && e.to === p.to) {
			const replacement = Array.from(p.replacement).slice(0, -1).join('');
			return {
				pending: replacement || p.to > p.from ? { ...p, replacement } : null,
				caret: p.to
			};
		}
		if (!p.replacement && e.to === p.from) return { pending: { ...p, from: e.from }, caret: e.from };
		if (!p.replacement && e.from === p.from)
			return { pending: { ...p, to: p.to + (e.to - e.from) }, caret: p.from };
		// Deleting words the suggestion already deletes changes nothing.
		if (!p.replacement && e.from >= p.from && e.to <= p.to) return { pending: p, caret: p.from };
	}
	return { refused: REFUSED_ELSEWHERE };
}
