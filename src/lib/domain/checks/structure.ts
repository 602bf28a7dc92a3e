import { cachedNormalise } from './text.ts';

/**
 * A document as the drafting checks read it: its text blocks in order (headings, paragraphs, list items, table
 * rows as "cell | cell"), each with the section it sits in. Offsets are into the document's plain text as
 * anchors count it (src/lib/domain/anchor.ts): every run of text in order, a line break between sibling
 * elements. So a finding's passage can be shown in the editor and anchored like a comment.
 *
 * Pure code: built from a small tree that the Yjs content (server), the editor's ProseMirror document
 * (browser) or the corpus' Markdown (tests) is first turned into.
 */

export type BlockKind = 'heading' | 'paragraph' | 'item' | 'row';

export type Block = {
	kind: BlockKind;
	/** Heading level, for headings. */
	level: number;
	text: string;
	/** The text normalised for the rules (text.ts): lower case, numbers as digits. */
	t: string;
	from: number;
	to: number;
	/** Index into `sections`. */
	section: number;
};

export type Section = {
	/** The heading as written ("3. Weighting"); "" for the text before the first heading. */
	title: string;
	/** The heading without its number ("Weighting"), lower case, for matching. */
	name: string;
	level: number;
	/** Titles of this section and the sections it sits in, outermost first. */
	path: string[];
	/** Where the heading starts (or the document, for the opening section) and where the section ends. */
	from: number;
	to: number;
	blocks: Block[];
};

export type Structure = { blocks: Block[]; sections: Section[]; length: number };

/** A node of the neutral tree: an element with children, or a run of text. */
export type TreeNode = { text: string } | { type: string; level?: number; children: TreeNode[] };

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** "2.1 Weighting", "Section 3 – Weighting", "3) Weighting", "Part B: Weighting" → "weighting". */
export function headingName(title: string): string {
	return title
		.trim()
		.replace(
			/^(?:(?:section|part|annex|schedule)\s+)?(?:\d+(?:\.\d+)*[.):]?|[A-Z][.):])\s*(?:[-–—:]\s*)?/i,
			''
		)
		.toLowerCase();
}

/** Builds the structure from the neutral tree; `root` is the document node. */
export function fromTree(root: TreeNode): Structure {
	const blocks: Block[] = [];
	const sections: Section[] = [{ title: '', name: '', level: 0, path: [], from: 0, to: 0, blocks: [] }];
	// The plain text's length so far; a walk inside a text block returns the text it added, so no growing
	// string is sliced.
	let length = 0;
	// The row being gathered: its cells' texts.
	let row: string[] | null = null;

	// The open sections, outermost first: the last one with a lower level is a new heading's parent. (Walking
	// back through every section instead made a long policy's structure quadratic in its headings.)
	const open: Section[] = [sections[0]];

	const push = (kind: BlockKind, level: number, s: string, from: number, to: number) => {
		if (kind === 'heading') {
			while (open.length > 1 && open[open.length - 1].level >= level) open.pop();
			const title = s.trim();
			const section: Section = {
				title,
				name: headingName(title),
				level,
				path: [...open[open.length - 1].path, title],
				from,
				to,
				blocks: []
			};
			sections.push(section);
			open.push(section);
		}
		const section = sections.length - 1;
		const block: Block = { kind, level, text: s, t: cachedNormalise(s), from, to, section };
		blocks.push(block);
		sections[section].blocks.push(block);
		sections[section].to = to;
	};

	// Only a text block's text (and a table cell's) is gathered; elsewhere the walk only counts.
	const walk = (node: TreeNode, listItem: boolean, gather: boolean): string => {
		if ('text' in node) return '';
		const children = node.children;
		let out = '';
		let previousElement = false;
		for (let i = 0; i < children.length; i++) {
			const child = children[i];
			if ('text' in child) {
				if (i > 0 && previousElement) {
					if (gather) out += '\n';
					length++;
				}
				previousElement = false;
				if (gather) out += child.text;
				length += child.text.length;
				continue;
			}
			if (i > 0) {
				if (gather) out += '\n';
				length++;
			}
			previousElement = true;
			const from = length;
			if (TEXTBLOCKS.has(child.type)) {
				const s = walk(child, false, true);
				if (gather) out += s;
				if (row) row.push(s);
				else if (child.type === 'heading') push('heading', child.level ?? 2, s, from, length);
				else if (s.trim()) push(listItem ? 'item' : 'paragraph', 0, s, from, length);
			} else if (child.type === 'tableRow') {
				const outer = row;
				row = [];
				const s = walk(child, false, gather);
				if (gather) out += s;
				const cells = row.map((c) => c.trim());
				row = outer;
				if (cells.some(Boolean)) push('row', 0, cells.join(' | '), from, length);
			} else {
				const s = walk(child, child.type === 'listItem' || (listItem && child.type !== 'bulletList'), gather);
				if (gather) out += s;
			}
		}
		return out;
	};
	walk(root, false, false);
	for (const s of sections) if (!s.blocks.length) s.to = s.from;
	// Drop the opening section when nothing comes before the first heading.
	if (!sections[0].blocks.length) {
		sections.shift();
		for (const b of blocks) b.section--;
	}
	return { blocks, sections, length };
}

/**
 * The corpus' small Markdown: `#` headings, `- ` and `1. ` items, `| a | b |` rows, other lines paragraphs.
 * Offsets are into the Markdown text itself.
 */
export function fromMarkdown(source: string): Structure {
	return fromTree(markdownTree(source));
}

/** The corpus' Markdown as the neutral tree. */
export function markdownTree(source: string): TreeNode {
	const children: TreeNode[] = [];
	let table: TreeNode[] | null = null;
	let list: TreeNode[] | null = null;
	const para = (s: string): TreeNode => ({ type: 'paragraph', children: s ? [{ text: s }] : [] });
	for (const raw of source.split('\n')) {
		const line = raw.trim();
		if (!line) continue;
		const heading = /^(#{1,6})\s+(.*)$/.exec(line);
		const item = /^(?:[-*]|\d+[.)])\s+(.*)$/.exec(line);
		const cells = /^\|(.*)\|$/.exec(line);
		if (!cells) table = null;
		if (!item) list = null;
		if (heading)
			children.push({ type: 'heading', level: heading[1].length, children: [{ text: heading[2] }] });
		else if (cells) {
			const rowNode: TreeNode = {
				type: 'tableRow',
				children: cells[1].split('|').map((c) => ({ type: 'tableCell', children: [para(c.trim())] }))
			};
			if (!table) {
				table = [];
				children.push({ type: 'table', children: table });
			}
			table.push(rowNode);
		} else if (item) {
			if (!list) {
				list = [];
				children.push({ type: 'bulletList', children: list });
			}
			list.push({ type: 'listItem', children: [para(item[1])] });
		} else children.push(para(line));
	}
	return { type: 'doc', children };
}

/** The text of a section: its heading and every block in it. */
export function sectionText(s: Section): string {
	return s.blocks.map((b) => b.text).join('\n');
}
