/**
 * Compares two versions of a document block by block, keeping its structure: blocks that are the same, added
 * or removed are matched first (the shortest edit script over whole blocks), a removed block and an added
 * one of the same kind in the same place are compared inside (a list item by item, a table row by row and
 * cell by cell), and the text of a paragraph, heading or code block word by word, keeping its bold, italic
 * and links. Pure code.
 */
import { diffStats, diffWords, myers, type DiffPart } from './diff.ts';
import { nodeText, TEXTBLOCKS, type DocNode, type Mark } from './render/nodes.ts';

export type DiffOp = 'equal' | 'insert' | 'delete';

/** A piece of a changed textblock's text: a text node (with its marks) or a hard break. */
export type InlineDiff = { op: DiffOp; node: DocNode };

export type DiffNode =
	/** A block the same in both versions, added, or removed (whole). */
	| { op: DiffOp; node: DocNode }
	/** A block in both versions with changes inside: its children compared, or (for text) its words. */
	| { op: 'change'; type: string; attrs?: DocNode['attrs']; children: DiffNode[] }
	| { op: 'change'; type: string; attrs?: DocNode['attrs']; inline: InlineDiff[] };

const key = (n: DocNode) => JSON.stringify(n);

const wordSets = new WeakMap<DocNode, Set<string>>();
function wordsOf(n: DocNode): Set<string> {
	let words = wordSets.get(n);
	if (!words) {
		words = new Set(
			nodeText(n)
				.toLowerCase()
				.match(/[\p{L}\p{N}]+/gu) ?? []
		);
		wordSets.set(n, words);
	}
	return words;
}

/** How alike two blocks' words are (0–1), so an edited block pairs with its new wording, not a new one. */
function likeness(a: DocNode, b: DocNode): number {
	const wa = wordsOf(a);
	const wb = wordsOf(b);
	if (!wa.size && !wb.size) return 1;
	let shared = 0;
	for (const w of wa) if (wb.has(w)) shared++;
	return (2 * shared) / (wa.size + wb.size);
}

/** Whether a removed block and an added one are the same block, edited (compared inside, not shown whole). */
function sameKind(a: DocNode, b: DocNode): boolean {
	return a.type === b.type && a.type !== 'text' && a.type !== 'hardBreak' && a.type !== 'horizontalRule';
}

function change(a: DocNode, b: DocNode): DiffNode {
	if (TEXTBLOCKS.has(b.type))
		return {
			op: 'change',
			type: b.type,
			attrs: b.attrs,
			inline: diffInline(a.content ?? [], b.content ?? [])
		};
	return {
		op: 'change',
		type: b.type,
		attrs: b.attrs,
		children: diffBlocks(a.content ?? [], b.content ?? [])
	};
}

/** A run of removed and added blocks between unchanged ones: pairs the edited ones, keeps the order. */
function pairRun(removed: DocNode[], added: DocNode[], out: DiffNode[]): void {
	// The same number of blocks of the same kinds, in order: edited in place (a row's cells, a list's items).
	if (removed.length === added.length && removed.every((r, i) => sameKind(r, added[i]))) {
		removed.forEach((r, i) => out.push(change(r, added[i])));
		return;
	}
	let next = 0;
	for (const r of removed) {
		let match = -1;
		for (let k = next; k < added.length; k++)
			if (sameKind(r, added[k]) && likeness(r, added[k]) >= 0.5) {
				match = k;
				break;
			}
		if (match < 0) {
			out.push({ op: 'delete', node: r });
			continue;
		}
		for (; next < match; next++) out.push({ op: 'insert', node: added[next] });
		out.push(change(r, added[match]));
		next = match + 1;
	}
	for (; next < added.length; next++) out.push({ op: 'insert', node: added[next] });
}

/** The structured comparison of two lists of blocks (a document's, or a list's items, a table's rows …). */
export function diffBlocks(before: DocNode[], after: DocNode[]): DiffNode[] {
	const parts = myers(before.map(key), after.map(key));
	const out: DiffNode[] = [];
	let i = 0;
	let j = 0;
	let removed: DocNode[] = [];
	let added: DocNode[] = [];
	const flush = () => {
		if (removed.length || added.length) pairRun(removed, added, out);
		removed = [];
		added = [];
	};
	for (const p of parts) {
		if (p.op === 'equal') {
			flush();
			out.push({ op: 'equal', node: after[j] });
			i++;
			j++;
		} else if (p.op === 'delete') removed.push(before[i++]);
		else added.push(after[j++]);
	}
	flush();
	return out;
}

type Run = { from: number; to: number; marks?: Mark[] };

/** A textblock's content as one string (a hard break as a line break) and where each run of marks sits. */
function flatten(content: DocNode[]): { text: string; runs: Run[] } {
	let text = '';
	const runs: Run[] = [];
	for (const n of content) {
		const s = n.type === 'text' ? (n.text ?? '') : n.type === 'hardBreak' ? '\n' : nodeText(n);
		if (!s) continue;
		runs.push({
			from: text.length,
			to: text.length + s.length,
			marks: n.type === 'text' ? n.marks : undefined
		});
		text += s;
	}
	return { text, runs };
}

/** The text between two offsets as text nodes with the marks they have there (and hard breaks). */
function slice(side: { text: string; runs: Run[] }, from: number, to: number, op: DiffOp): InlineDiff[] {
	const out: InlineDiff[] = [];
	for (const r of side.runs) {
		const a = Math.max(from, r.from);
		const b = Math.min(to, r.to);
		if (a >= b) continue;
		side.text
			.slice(a, b)
			.split(/(\n)/)
			.forEach((piece) => {
				if (piece === '\n') out.push({ op, node: { type: 'hardBreak' } });
				else if (piece)
					out.push({
						op,
						node: r.marks ? { type: 'text', text: piece, marks: r.marks } : { type: 'text', text: piece }
					});
			});
	}
	return out;
}

/** Word-level comparison of two textblocks' content, keeping each word's marks (from the later version). */
export function diffInline(before: DocNode[], after: DocNode[]): InlineDiff[] {
	const a = flatten(before);
	const b = flatten(after);
	const out: InlineDiff[] = [];
	let i = 0;
	let j = 0;
	for (const p of diffWords(a.text, b.text)) {
		const n = p.text.length;
		if (p.op === 'equal') {
			out.push(...slice(b, j, j + n, 'equal'));
			i += n;
			j += n;
		} else if (p.op === 'delete') {
			out.push(...slice(a, i, i + n, 'delete'));
			i += n;
		} else {
			out.push(...slice(b, j, j + n, 'insert'));
			j += n;
		}
	}
	return out;
}

/** The removed and added text of a comparison, as word-diff parts (for counting words). */
function textParts(diff: DiffNode[]): DiffPart[] {
	return diff.flatMap((d): DiffPart[] => {
		if (d.op !== 'change') return d.op === 'equal' ? [] : [{ op: d.op, text: nodeText(d.node) }];
		if ('inline' in d) return d.inline.map((x) => ({ op: x.op, text: nodeText(x.node) }));
		return textParts(d.children);
	});
}

/** How many words were added and removed. */
export function diffTreeStats(diff: DiffNode[]): { added: number; removed: number } {
	return diffStats(textParts(diff));
}

/** Whether a comparison holds any change at all. */
export function hasChanges(diff: DiffNode[]): boolean {
	return diff.some((d) => d.op !== 'equal');
}

/** In the "changes only" view, a run of unchanged blocks left out. */
export type Skipped = { op: 'skip'; count: number };

/**
 * The changed blocks only, each with the heading of its section when that heading did not change (so a
 * reader knows where the change is), and a marker for each run of unchanged blocks left out.
 */
export function changesOnly(diff: DiffNode[]): (DiffNode | Skipped)[] {
	const keep = diff.map((d) => d.op !== 'equal');
	let heading = -1;
	diff.forEach((d, i) => {
		const type = d.op === 'change' ? d.type : d.node.type;
		if (d.op === 'equal') {
			if (type === 'heading') heading = i;
		} else if (type === 'heading') {
			// A changed heading is shown anyway and starts a section of its own.
			heading = -1;
		} else if (heading >= 0) {
			keep[heading] = true;
			heading = -1;
		}
	});
	const out: (DiffNode | Skipped)[] = [];
	diff.forEach((d, i) => {
		if (keep[i]) out.push(d);
		else {
			const last = out[out.length - 1];
			if (last?.op === 'skip') last.count++;
			else out.push({ op: 'skip', count: 1 });
		}
	});
	return out;
}
