/**
 * A document as a tree of blocks, in ProseMirror's JSON shape (`{ type, attrs, content, text, marks }`): what
 * the read-only renderers (html.ts) and the comparison of versions (../diff-tree.ts) work on. tree.ts builds it
 * from the Yjs content or the editor's JSON. Plain data and pure code, safe to import in the browser.
 */

import type { Passage } from './annotate.ts';

export type MarkType = 'bold' | 'italic' | 'underline' | 'strike' | 'code' | 'link';
export type Mark = { type: Exclude<MarkType, 'link'> } | { type: 'link'; attrs: { href: string } };

export type DocNode = {
	type: string;
	/** Only level (headings), start (ordered lists), colspan and rowspan (cells), as positive integers. */
	attrs?: { level?: number; start?: number; colspan?: number; rowspan?: number };
	content?: DocNode[];
	/** For `text` nodes. */
	text?: string;
	marks?: Mark[];
	/** Threads and suggestions drawn on a text piece (annotate.ts); a `suggestionInsert` holds one. */
	passages?: Passage[];
};

/** Nodes whose content is text (inline nodes), as opposed to containers of blocks. */
export const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);
/** The text of a node, with a space between blocks and a line break for a hard break. */
export function nodeText(node: DocNode): string {
	if (node.type === 'text') return node.text ?? '';
	if (node.type === 'hardBreak') return '\n';
	const parts = (node.content ?? []).map(nodeText);
	return TEXTBLOCKS.has(node.type) ? parts.join('') : parts.filter(Boolean).join(' ');
}
