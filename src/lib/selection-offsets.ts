/**
 * Turns words selected in a document shown in its shape (headings, lists, tables, bold, links — drawn by
 * src/lib/domain/render/html.ts, one `[data-block]` element per top-level block) into what a comment or a
 * suggestion anchors on: the quoted words as the anchors' plain text has them, and where they start. The
 * page's text does not read like that plain text (list items, cells and marks are elements), so each point
 * of the selection is counted from the start of its paragraph, heading or code block, whose plain-text offset
 * the server gives (`starts`, from domain/render/text-offsets.ts). Browser code.
 */

/** A top-level block as the page has it: its plain text, where it starts, and where its text blocks start. */
export type ShapedBlock = { index: number; from: number; text: string; starts: number[] };

/** The elements the renderer draws for paragraphs, headings and code blocks. */
const TEXTBLOCK = 'p, h1, h2, h3, h4, h5, h6, pre';

/**
 * Plain-text length of a range's content: its text, and two line breaks for a hard break (`<br>`). Words
 * drawn on the text that are not part of it (a suggestion's new words, `data-not-text`) do not count.
 */
function lengthOf(range: Range): number {
	const walker = document.createTreeWalker(
		range.cloneContents(),
		NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT,
		(node) =>
			node.nodeType === Node.ELEMENT_NODE && (node as Element).hasAttribute('data-not-text')
				? NodeFilter.FILTER_REJECT
				: NodeFilter.FILTER_ACCEPT
	);
	let n = 0;
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		if (node.nodeType === Node.TEXT_NODE) n += (node as Text).data.length;
		else if ((node as Element).tagName === 'BR') n += 2;
	}
	return n;
}

/** Where a point (node, offset) falls relative to an element's content: −1 before, 0 inside, 1 after. */
function compare(el: Element, node: Node, offset: number): number {
	const r = document.createRange();
	r.selectNodeContents(el);
	return r.comparePoint(node, offset);
}

function endOf(el: Element, start: number): number {
	const r = document.createRange();
	r.selectNodeContents(el);
	return start + lengthOf(r);
}

/** The plain-text offset of a point within one block's element, or null when the page and `starts` differ. */
function offsetInBlock(root: Element, block: ShapedBlock, node: Node, offset: number): number | null {
	const tbs = [...root.querySelectorAll(TEXTBLOCK)];
	if (tbs.length !== block.starts.length) return null;
	if (tbs.length === 0) return block.from;
	for (let i = 0; i < tbs.length; i++) {
		const c = compare(tbs[i], node, offset);
		if (c < 0) return block.starts[i];
		if (c === 0) {
			const r = document.createRange();
			r.setStart(tbs[i], 0);
			r.setEnd(node, offset);
			return block.starts[i] + lengthOf(r);
		}
	}
	const last = tbs.length - 1;
	return endOf(tbs[last], block.starts[last]);
}

/** The plain-text offset of a point anywhere on the page: inside a block, or clamped to the nearest one. */
function offsetAt(roots: [Element, ShapedBlock][], node: Node, offset: number): number | null {
	for (const [el, block] of roots) {
		const c = compare(el, node, offset);
		if (c < 0) return block.from;
		if (c === 0) return offsetInBlock(el, block, node, offset);
	}
	const last = roots.at(-1);
	return last ? last[1].from + last[1].text.length : null;
}

/** The document's plain text, rebuilt from its blocks (line breaks between them, as the anchors have it). */
function plainText(blocks: ShapedBlock[]): string {
	let text = '';
	for (const b of blocks) text += '\n'.repeat(Math.max(0, b.from - text.length)) + b.text;
	return text;
}

/**
 * The passage a selection covers in the document (`container` holds the `[data-block]` elements): the quoted
 * plain text without the white space at its ends, and where it starts. Null when the selection is empty,
 * does not touch the document, or the page cannot be mapped (the server then finds the quote on its own).
 */
export function selectedPassage(
	selection: Selection,
	container: Element,
	blocks: ShapedBlock[]
): { quote: string; from: number } | null {
	if (selection.isCollapsed || selection.rangeCount === 0) return null;
	const range = selection.getRangeAt(0);
	const byIndex = new Map(blocks.map((b) => [String(b.index), b]));
	const roots = [...container.querySelectorAll('[data-block]')]
		.map((el) => [el, byIndex.get(el.getAttribute('data-block') ?? '')] as const)
		.filter((x): x is [Element, ShapedBlock] => x[1] !== undefined);
	const touched = roots.find(([el]) => range.intersectsNode(el));
	if (!touched) return null;
	const from = offsetAt(roots, range.startContainer, range.startOffset);
	const to = offsetAt(roots, range.endContainer, range.endOffset);
	if (from === null || to === null) {
		// The page does not match the offsets it was given: the words as selected, found by the server.
		const quote = selection.toString().trim();
		return quote ? { quote, from: touched[1].from } : null;
	}
	if (to <= from) return null;
	const raw = plainText(blocks).slice(from, to);
	const quote = raw.trim();
	if (!quote) return null;
	return { quote, from: from + (raw.length - raw.trimStart().length) };
}
