/**
 * The editor's document seen as the same plain text that anchors use (src/lib/domain/anchor.ts `textMap`):
 * every run of text in document order, with a line break between sibling elements. A run is what the Yjs
 * binding stores as one XmlText — consecutive text nodes of a textblock, whatever their marks — and inline
 * nodes (hard breaks) are elements, as they are in Yjs.
 *
 * With it, a plain-text offset (from resolving an anchor against the Y.Doc) becomes a ProseMirror position
 * and back. When the editor and its Y.Doc hold the same content, `text` equals `textMap(ydoc).text`; the
 * caller checks that before trusting the mapping. Pure code: no DOM, no Yjs.
 */
import type { Node as PMNode } from '@tiptap/pm/model';

/** One run of text: where it starts in the plain text and at which ProseMirror position. */
export type TextRun = { start: number; length: number; pos: number };
export type TextIndex = { text: string; runs: TextRun[] };

export function textIndex(doc: PMNode): TextIndex {
	let text = '';
	const runs: TextRun[] = [];
	const walk = (node: PMNode, contentStart: number) => {
		let previousElement = false;
		let run: TextRun | null = null;
		node.forEach((child, offset, index) => {
			const isElement = !child.isText;
			if (index > 0 && (isElement || previousElement)) text += '\n';
			previousElement = isElement;
			if (child.isText) {
				const s = child.text ?? '';
				if (run) run.length += s.length;
				else {
					run = { start: text.length, length: s.length, pos: contentStart + offset };
					runs.push(run);
				}
				text += s;
			} else {
				run = null;
				walk(child, contentStart + offset + 1);
			}
		});
	};
	walk(doc, 0);
	return { text, runs };
}

/**
 * The ProseMirror position of a plain-text offset. `side` says whether it starts a range (prefer the run
 * holding the character after it) or ends one (prefer the run holding the character before it), as anchors do.
 * Null when the offset is not on text (an empty paragraph, or past the end).
 */
export function positionOf(index: TextIndex, offset: number, side: 'start' | 'end'): number | null {
	const inside = (r: TextRun) =>
		side === 'start'
			? offset >= r.start && offset < r.start + r.length
			: offset > r.start && offset <= r.start + r.length;
	const run =
		index.runs.find(inside) ?? index.runs.find((r) => offset >= r.start && offset <= r.start + r.length);
	return run ? run.pos + (offset - run.start) : null;
}

/** The plain-text offset of a ProseMirror position inside a run of text (or at its edges); null elsewhere. */
export function offsetOf(index: TextIndex, pos: number): number | null {
	const run = index.runs.find((r) => pos >= r.pos && pos <= r.pos + r.length);
	return run ? run.start + (pos - run.pos) : null;
}
