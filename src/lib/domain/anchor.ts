/**
 * Comment and suggestion anchors on a document's Tiptap content (the `default` XmlFragment of its Y.Doc).
 *
 * An anchor is a pair of `Y.encodeRelativePosition` values, base64 in JSON: the start with assoc 0 (it sticks to
 * the first quoted character) and the end with assoc −1 (it sticks to the last quoted character), so text typed
 * at either edge stays outside the range, and text typed inside it joins it. The quoted text is kept beside the
 * anchor, so a thread whose text was deleted still shows what it was about.
 *
 * Positions are offsets into the document's *plain text*: the text of every XmlText in document order, with a
 * line break between sibling elements (paragraphs, headings, list items). Embedded objects count as U+FFFC.
 * Pure code: no I/O; works in Node and in the browser.
 */
import * as Y from 'yjs';
import { storableText } from './input.ts';
import { FRAGMENT } from './fragment.ts';

const OBJECT = '\uFFFC';

export type Anchor = { start: string; end: string };
export type AnchorInput = Anchor & { quote: string };

/** A resolved anchor: `ok` with the current range and text, or `deleted` when the quoted text is gone. */
export type Resolved =
	{ status: 'ok'; from: number; to: number; text: string } | { status: 'deleted'; quote: string };

/** A top-level block of the document, as shown by the page without JavaScript. */
export type Block = {
	index: number;
	/** The element name: paragraph, heading, bulletList, table … */
	name: string;
	/** For headings, the level (1–6). */
	level: number | null;
	from: number;
	to: number;
	text: string;
};

type TextEntry = { type: Y.XmlText; start: number; length: number };
type ElementEntry = { starts: number[]; end: number };

/** The plain text of a document and where each Yjs type sits in it. */
export type TextMap = {
	text: string;
	texts: TextEntry[];
	textIndex: Map<Y.XmlText, TextEntry>;
	elements: Map<Y.XmlFragment | Y.XmlElement, ElementEntry>;
	blocks: Block[];
};

function textOf(t: Y.XmlText): string {
	let s = '';
	for (const op of t.toDelta() as { insert: unknown }[])
		s += typeof op.insert === 'string' ? storableText(op.insert) : OBJECT;
	return s;
}

/** Builds the plain-text model of a document (or of a fragment). */
export function textMap(docOrFragment: Y.Doc | Y.XmlFragment): TextMap {
	const fragment = docOrFragment instanceof Y.Doc ? docOrFragment.getXmlFragment(FRAGMENT) : docOrFragment;
	let text = '';
	const texts: TextEntry[] = [];
	const textIndex = new Map<Y.XmlText, TextEntry>();
	const elements = new Map<Y.XmlFragment | Y.XmlElement, ElementEntry>();
	const blocks: Block[] = [];

	const walk = (type: Y.XmlFragment | Y.XmlElement, top: boolean) => {
		const entry: ElementEntry = { starts: [], end: 0 };
		elements.set(type, entry);
		let previousElement = false;
		type.toArray().forEach((child, i) => {
			const isElement = child instanceof Y.XmlElement;
			if (i > 0 && (isElement || previousElement)) text += '\n';
			previousElement = isElement;
			entry.starts.push(text.length);
			const from = text.length;
			if (child instanceof Y.XmlText) {
				const s = textOf(child);
				const e = { type: child, start: text.length, length: s.length };
				texts.push(e);
				textIndex.set(child, e);
				text += s;
			} else if (child instanceof Y.XmlElement) {
				walk(child, false);
			}
			if (top) {
				const name = child instanceof Y.XmlElement ? child.nodeName : 'text';
				const level = child instanceof Y.XmlElement ? Number(child.getAttribute('level')) || null : null;
				blocks.push({
					index: i,
					name,
					level: name === 'heading' ? level : null,
					from,
					to: text.length,
					text: ''
				});
			}
		});
		entry.end = text.length;
	};
	walk(fragment, true);
	// Sliced once the whole text is built: slicing a string still being appended to would copy it each time.
	for (const b of blocks) b.text = text.slice(b.from, b.to);
	return { text, texts, textIndex, elements, blocks };
}

export function toBase64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
	return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
	const s = atob(b64);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}

function encode(rpos: Y.RelativePosition): string {
	return toBase64(Y.encodeRelativePosition(rpos));
}

/** Decodes an anchor position; null when it is not a valid encoded relative position. */
export function decodePosition(b64: string): Y.RelativePosition | null {
	try {
		return Y.decodeRelativePosition(fromBase64(b64));
	} catch {
		return null;
	}
}

/** The XmlText and index for a plain-text offset; `side` says whether it starts or ends a range. */
function locate(
	map: TextMap,
	offset: number,
	side: 'start' | 'end'
): { type: Y.XmlText; index: number } | null {
	// A start points at the character after it (prefer the text that has one); an end at the one before it.
	for (const e of map.texts) {
		const inside =
			side === 'start'
				? offset >= e.start && offset < e.start + e.length
				: offset > e.start && offset <= e.start + e.length;
		if (inside) return { type: e.type, index: offset - e.start };
	}
	for (const e of map.texts)
		if (offset >= e.start && offset <= e.start + e.length) return { type: e.type, index: offset - e.start };
	return null;
}

export class AnchorError extends Error {}

/**
 * Makes an anchor over plain-text offsets [from, to). An empty range (from = to) marks a point, for
 * suggestions that insert text. Throws AnchorError when the range is out of bounds or not on text.
 */
export function anchorFromOffsets(doc: Y.Doc, from: number, to: number, map = textMap(doc)): AnchorInput {
	if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > map.text.length)
		throw new AnchorError('The selected range is outside the document.');
	let start: { type: Y.XmlText; index: number } | null;
	let end: { type: Y.XmlText; index: number } | null;
	if (from === to) {
		start = end = locate(map, from, 'end') ?? locate(map, from, 'start');
	} else {
		start = locate(map, from, 'start');
		end = locate(map, to, 'end');
	}
	if (!start || !end) throw new AnchorError('The selected range does not hold any text.');
	return {
		start: encode(Y.createRelativePositionFromTypeIndex(start.type, start.index, 0)),
		end: encode(Y.createRelativePositionFromTypeIndex(end.type, end.index, -1)),
		quote: map.text.slice(from, to)
	};
}

/** Anchors a whole top-level block (the page without JavaScript comments on blocks). */
export function anchorBlock(doc: Y.Doc, blockIndex: number, map = textMap(doc)): AnchorInput {
	const block = map.blocks.find((b) => b.index === blockIndex);
	if (!block) throw new AnchorError('That section no longer exists; reload the page.');
	if (block.from === block.to) throw new AnchorError('That section is empty.');
	return anchorFromOffsets(doc, block.from, block.to, map);
}

/**
 * Finds the quoted text in the document and anchors it: the occurrence nearest `near` (a plain-text offset,
 * for example where the selection started), else the first. Null when the text is not in the document.
 */
export function anchorQuote(doc: Y.Doc, quote: string, near = 0, map = textMap(doc)): AnchorInput | null {
	if (!quote) return null;
	let best = -1;
	for (let i = map.text.indexOf(quote); i !== -1; i = map.text.indexOf(quote, i + 1)) {
		if (best === -1 || Math.abs(i - near) < Math.abs(best - near)) best = i;
	}
	return best === -1 ? null : anchorFromOffsets(doc, best, best + quote.length, map);
}

function isDeleted(type: Y.AbstractType<unknown>): boolean {
	for (
		let t: Y.AbstractType<unknown> | null = type;
		t;
		t = t._item ? (t._item.parent as Y.AbstractType<unknown>) : null
	)
		if (t._item?.deleted) return true;
	return false;
}

/** The plain-text offset of a relative position, or null when it points into deleted content. */
export function resolvePosition(doc: Y.Doc, b64: string, map = textMap(doc)): number | null {
	const rpos = decodePosition(b64);
	if (!rpos) return null;
	let abs: Y.AbsolutePosition | null;
	try {
		abs = Y.createAbsolutePositionFromRelativePosition(rpos, doc);
	} catch {
		return null;
	}
	if (!abs || isDeleted(abs.type)) return null;
	if (abs.type instanceof Y.XmlText) {
		const e = map.textIndex.get(abs.type);
		return e ? e.start + Math.min(abs.index, e.length) : null;
	}
	const el = map.elements.get(abs.type as Y.XmlElement);
	if (!el) return null;
	return abs.index < el.starts.length ? el.starts[abs.index] : el.end;
}

/**
 * Resolves an anchor against the current content. The anchor is `deleted` when its quoted text was
 * non-empty and nothing of it is left (the range collapsed or its paragraph was removed).
 */
export function resolveAnchor(doc: Y.Doc, anchor: AnchorInput, map = textMap(doc)): Resolved {
	const from = resolvePosition(doc, anchor.start, map);
	const to = resolvePosition(doc, anchor.end, map);
	if (from === null || to === null) return { status: 'deleted', quote: anchor.quote };
	if (anchor.quote.length > 0 && to <= from) return { status: 'deleted', quote: anchor.quote };
	// An empty anchor marks a point; text typed at that point lands between its two halves.
	if (to < from) return { status: 'ok', from: to, to, text: '' };
	return { status: 'ok', from, to, text: map.text.slice(from, to) };
}

/** The XmlText holding the whole range [from, to), or null when it spans several paragraphs. */
export function textAt(map: TextMap, from: number, to: number): { type: Y.XmlText; index: number } | null {
	for (const e of map.texts)
		if (from >= e.start && to <= e.start + e.length) return { type: e.type, index: from - e.start };
	return null;
}
