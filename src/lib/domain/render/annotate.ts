/**
 * The open threads and suggestions drawn on a document shown read-only (the light document page): each
 * top-level block's text nodes are cut where a passage starts or ends, and each piece carries the passages it
 * is in, so the block renderer (html.ts) wraps it in a `<mark>` (a thread) or a `<del>` (words a suggestion
 * replaces or removes), and puts a suggestion's new words in an `<ins>` at its end. Passages are plain-text
 * offsets in the anchors' text (../anchor.ts); each text block's start comes from text-offsets.ts, in the
 * order the renderer draws them. The same classes as the live editor's decorations (src/lib/editor), so the
 * margin finds a passage and the styles apply to both. Pure code; the server draws the blocks (`drawBlocks`),
 * so the browser needs neither this nor the renderer.
 */
import { renderBlocks } from './html.ts';
import { TEXTBLOCKS, type DocNode } from './nodes.ts';

export type Passage =
	| { kind: 'thread'; id: string; from: number; to: number; describedBy?: string }
	| {
			kind: 'suggestion';
			id: string;
			from: number;
			to: number;
			replacement: string;
			label: string;
			describedBy?: string;
	  };

/** A hard break counts two characters in the anchors' text (selection-offsets.ts counts it the same way). */
const BREAK = 2;

/** Inline content of a text block with the passages cut in, from `start` (its plain-text offset). */
function annotateInline(content: DocNode[], start: number, passages: Passage[]): DocNode[] {
	const out: DocNode[] = [];
	let pos = start;
	const done = new Set<string>();
	/** A suggestion's new words, where the words it replaces end. */
	const inserts = (at: number) => {
		for (const p of passages)
			if (p.kind === 'suggestion' && p.replacement && p.to === at && !done.has(p.id)) {
				done.add(p.id);
				out.push({ type: 'suggestionInsert', text: p.replacement, passages: [p] });
			}
	};
	for (const node of content) {
		if (node.type !== 'text') {
			inserts(pos);
			out.push(node);
			pos += node.type === 'hardBreak' ? BREAK : 0;
			continue;
		}
		const text = node.text ?? '';
		const end = pos + text.length;
		const cuts = new Set([pos, end]);
		for (const p of passages) for (const x of [p.from, p.to]) if (x > pos && x < end) cuts.add(x);
		const points = [...cuts].sort((a, b) => a - b);
		for (let i = 0; i < points.length - 1; i++) {
			const [a, b] = [points[i], points[i + 1]];
			inserts(a);
			const covering = passages.filter((p) => p.from <= a && p.to >= b && p.to > p.from);
			const piece: DocNode = { ...node, text: text.slice(a - pos, b - pos) };
			out.push(covering.length ? { ...piece, passages: covering } : piece);
		}
		pos = end;
	}
	inserts(pos);
	return out;
}

/** A top-level block with the passages that fall in it drawn; `starts` are its text blocks' offsets. */
export function annotateBlock(node: DocNode, starts: number[], passages: Passage[]): DocNode {
	if (passages.length === 0) return node;
	let k = 0;
	const walk = (n: DocNode): DocNode => {
		if (TEXTBLOCKS.has(n.type)) {
			const start = starts[k++];
			if (start === undefined) return n;
			return { ...n, content: annotateInline(n.content ?? [], start, passages) };
		}
		return n.content ? { ...n, content: n.content.map(walk) } : n;
	};
	return walk(node);
}

/** The open threads and suggestions of a document whose text is still there, as passages to draw. */
export function passagesOf(
	threads: { id: string; status: string; deleted: boolean; from: number | null; to: number | null }[],
	suggestions: {
		id: string;
		status: string;
		from: number | null;
		to: number | null;
		replacement: string;
		authorName: string;
	}[]
): Passage[] {
	const out: Passage[] = [];
	for (const t of threads)
		if (t.status === 'open' && !t.deleted && t.from !== null && t.to !== null)
			out.push({ kind: 'thread', id: t.id, from: t.from, to: t.to, describedBy: `t-${t.id}` });
	for (const s of suggestions)
		if (s.status === 'open' && s.from !== null && s.to !== null)
			out.push({
				kind: 'suggestion',
				id: s.id,
				from: s.from,
				to: s.to,
				replacement: s.replacement,
				label: `Suggestion by ${s.authorName}`,
				describedBy: `s-${s.id}`
			});
	return out;
}

/** Each top-level block's HTML with the passages that fall in it drawn. */
export function drawBlocks(
	blocks: { index: number; from: number; text: string; node: DocNode | null; starts: number[] }[],
	passages: Passage[]
): { index: number; html: string }[] {
	return blocks.map((b) => {
		const end = b.from + b.text.length;
		const here = passages.filter((p) => p.from <= end && p.to >= b.from);
		return { index: b.index, html: b.node ? renderBlocks([annotateBlock(b.node, b.starts, here)]) : '' };
	});
}
