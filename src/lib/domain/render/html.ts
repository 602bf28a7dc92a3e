/**
 * Read-only HTML for a document's block tree (nodes.ts) and for a comparison of two versions (../diff-tree.ts):
 * headings, lists, tables, quotes, code, bold, italic and links, wherever a document is shown outside the
 * editor. Built from known node and mark names only, with every text and attribute escaped and links kept
 * only to web and mail addresses, so user content never becomes markup. No inline styles or scripts (the
 * pages' Content Security Policy forbids them): the look comes from classes in app.css.
 *
 * A table sits in its own focusable, named box that scrolls sideways when the table is wider than the
 * screen, so the page itself never does.
 */
import { escapeHtml, safeHref } from '../html-escape.ts';
import type { DiffNode, InlineDiff, Skipped } from '../diff-tree.ts';
import { nodeText, TEXTBLOCKS, type DocNode } from './nodes.ts';

export type RenderOptions = {
	/**
	 * Added to every heading level, so the document's headings fit under the page's own (a document's level 1
	 * heading is shown as h3 under the page's h1 and h2 with an offset of 2). Levels stop at 6.
	 */
	headingOffset?: number;
};

type Ctx = {
	headingOffset: number;
	/** Inside an added or removed block: its text is marked. */
	mark?: 'insert' | 'delete';
	/** Inside a table's first row, whose header cells head columns (elsewhere they head rows). */
	firstRow?: boolean;
};

/** The HTML element of each inline mark but links. */
export const MARK_TAGS: Record<string, string> = {
	bold: 'strong',
	italic: 'em',
	underline: 'u',
	strike: 's',
	code: 'code'
};

const LABELS = { insert: 'added', delete: 'removed' } as const;

function posInt(v: unknown, fallback: number): number {
	return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
}

function textHtml(node: DocNode): string {
	let out = escapeHtml(node.text ?? '');
	for (const mark of [...(node.marks ?? [])].reverse()) {
		if (mark.type === 'link') {
			const href = safeHref(mark.attrs?.href);
			if (href) out = `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${out}</a>`;
		} else if (MARK_TAGS[mark.type]) out = `<${MARK_TAGS[mark.type]}>${out}</${MARK_TAGS[mark.type]}>`;
	}
	return out;
}

/** A thread's passage in a `<mark>`, words a suggestion replaces in a `<del>` (as the live editor has them). */
function passagesHtml(node: DocNode, html: string): string {
	let out = html;
	for (const p of node.passages ?? []) {
		const by = p.describedBy ? ` aria-describedby="${escapeHtml(p.describedBy)}"` : '';
		const id = escapeHtml(p.id);
		if (p.kind === 'thread') out = `<mark class="comment-anchor thread-${id}"${by}>${out}</mark>`;
		else {
			const what = p.replacement ? 'replace' : 'delete';
			out = `<del class="suggestion-delete suggestion-${id}" title="${escapeHtml(p.label)}: ${what} these words"${by}>${out}</del>`;
		}
	}
	return out;
}

/**
 * A suggestion's new words: not part of the document's text, so pages that count the text's characters skip
 * them (`data-not-text`, src/lib/selection-offsets.ts).
 */
function insertHtml(node: DocNode): string {
	const p = node.passages?.[0];
	if (!p || p.kind !== 'suggestion') return '';
	return (
		`<ins class="suggestion-insert suggestion-${escapeHtml(p.id)}" data-not-text ` +
		`title="${escapeHtml(p.label)}: insert these words">${escapeHtml(node.text ?? '')}</ins>`
	);
}

function inlineHtml(node: DocNode, ctx: Ctx): string {
	if (node.type === 'text') return passagesHtml(node, textHtml(node));
	if (node.type === 'suggestionInsert') return insertHtml(node);
	if (node.type === 'hardBreak') return '<br>';
	// Anything else inline (not in the editor's schema): its text, without markup.
	return (node.content ?? []).map((c) => inlineHtml(c, ctx)).join('');
}

/** `<ins>`/`<del>` with words a screen reader says, so a change is not shown by colour alone. */
function marked(op: 'insert' | 'delete', html: string): string {
	if (!html) return '';
	const tag = op === 'insert' ? 'ins' : 'del';
	return `<${tag}><span class="visually-hidden">[${LABELS[op]}: </span>${html}<span class="visually-hidden">]</span></${tag}>`;
}

function cls(names: (string | false | undefined)[]): string {
	const c = names.filter(Boolean).join(' ');
	return c ? ` class="${c}"` : '';
}

/** A short name for a table's scrolling box: its first row, which is usually its headings. */
function tableLabel(table: DocNode): string {
	const first = table.content?.[0];
	const cells = (first?.content ?? []).map((c) => nodeText(c).replace(/\s+/g, ' ').trim()).filter(Boolean);
	let label = cells.length ? `Table: ${cells.join(', ')}` : 'Table';
	if (label.length > 100) label = label.slice(0, 99).trimEnd() + '…';
	return label;
}

function headingLevel(node: { attrs?: DocNode['attrs'] }, ctx: Ctx): number {
	return Math.min(6, Math.max(1, posInt(node.attrs?.level, 2)) + ctx.headingOffset);
}

/**
 * The element around a block's content. `inner` is its rendered content; `extra` a class for a changed
 * block. Shared by whole blocks and changed blocks of a comparison, so both look the same.
 */
function wrap(
	node: Pick<DocNode, 'type' | 'attrs'>,
	inner: string,
	ctx: Ctx,
	extra?: string,
	label?: string
): string {
	const c = cls([extra]);
	switch (node.type) {
		case 'paragraph':
			return `<p${c}>${inner}</p>`;
		case 'heading': {
			const h = headingLevel(node, ctx);
			return `<h${h}${c}>${inner}</h${h}>`;
		}
		case 'codeBlock':
			return `<pre${c}><code>${inner}</code></pre>`;
		case 'bulletList':
			return `<ul${c}>${inner}</ul>`;
		case 'orderedList': {
			const start = posInt(node.attrs?.start, 1);
			return `<ol${c}${start === 1 ? '' : ` start="${start}"`}>${inner}</ol>`;
		}
		case 'listItem':
			return `<li${c}>${inner}</li>`;
		case 'blockquote':
			return `<blockquote${c}>${inner}</blockquote>`;
		case 'horizontalRule':
			return `<hr${c}>`;
		case 'table':
			return (
				`<div class="${['table-wrap', 'document-table', extra].filter(Boolean).join(' ')}" tabindex="0" ` +
				`role="region" aria-label="${escapeHtml(label ?? 'Table')}"><table>${inner}</table></div>`
			);
		case 'tableRow':
			return `<tr${c}>${inner}</tr>`;
		case 'tableHeader':
		case 'tableCell': {
			const tag = node.type === 'tableHeader' ? 'th' : 'td';
			const scope = tag === 'th' ? ` scope="${ctx.firstRow ? 'col' : 'row'}"` : '';
			const span = (n: 'colspan' | 'rowspan') => {
				const v = posInt(node.attrs?.[n], 1);
				return v > 1 ? ` ${n}="${v}"` : '';
			};
			return `<${tag}${c}${scope}${span('colspan')}${span('rowspan')}>${inner}</${tag}>`;
		}
		default:
			// Unknown content (the server accepts any Yjs content): keep its text, drop its markup.
			return `<div${c}>${inner}</div>`;
	}
}

function blockHtml(node: DocNode, ctx: Ctx, extra?: string): string {
	if (node.type === 'text' || node.type === 'hardBreak') {
		const html = inlineHtml(node, ctx);
		return ctx.mark ? marked(ctx.mark, html) : html;
	}
	const content = node.content ?? [];
	if (TEXTBLOCKS.has(node.type)) {
		const inner = content.map((c) => inlineHtml(c, ctx)).join('');
		return wrap(node, ctx.mark ? marked(ctx.mark, inner) : inner, ctx, extra);
	}
	const table = node.type === 'table';
	const inner = content.map((c, i) => blockHtml(c, table ? { ...ctx, firstRow: i === 0 } : ctx)).join('');
	return wrap(node, inner, ctx, extra, table ? tableLabel(node) : undefined);
}

function options(opts: RenderOptions): Ctx {
	return { headingOffset: Math.max(0, Math.min(5, Math.trunc(opts.headingOffset ?? 0))) };
}

/** HTML for a list of blocks (a whole document, or one of its blocks). */
export function renderBlocks(nodes: DocNode[], opts: RenderOptions = {}): string {
	const ctx = options(opts);
	return nodes.map((n) => blockHtml(n, ctx)).join('');
}

const OP_CLASS = { insert: 'diff-insert', delete: 'diff-delete', change: 'diff-change' } as const;

function inlineDiffHtml(parts: InlineDiff[], ctx: Ctx): string {
	let out = '';
	let k = 0;
	while (k < parts.length) {
		const op = parts[k].op;
		let html = '';
		for (; k < parts.length && parts[k].op === op; k++) html += inlineHtml(parts[k].node, ctx);
		out += op === 'equal' ? html : marked(op, html);
	}
	return out;
}

function diffNodeHtml(d: DiffNode, ctx: Ctx): string {
	if (d.op !== 'change') {
		const op = d.op;
		return op === 'equal' ? blockHtml(d.node, ctx) : blockHtml(d.node, { ...ctx, mark: op }, OP_CLASS[op]);
	}
	if ('inline' in d) return wrap(d, inlineDiffHtml(d.inline, ctx), ctx, OP_CLASS.change);
	const table = d.type === 'table';
	const inner = d.children
		.map((c, i) => diffNodeHtml(c, table ? { ...ctx, firstRow: i === 0 } : ctx))
		.join('');
	const label = table ? tableLabel(afterNode(d)) : undefined;
	return wrap(d, inner, ctx, OP_CLASS.change, label);
}

/** The later version of a block in a comparison (to name a changed table by its first row). */
function afterNode(d: DiffNode): DocNode {
	if (d.op !== 'change') return d.node;
	if ('inline' in d)
		return { type: d.type, content: d.inline.filter((x) => x.op !== 'delete').map((x) => x.node) };
	return { type: d.type, content: d.children.filter((c) => c.op !== 'delete').map(afterNode) };
}

/**
 * HTML for a comparison of two versions, block by block: unchanged blocks as they are, added and removed
 * blocks whole (their text in `<ins>` or `<del>`), changed blocks with their added and removed words marked.
 * In the "changes only" view, a note stands for each run of unchanged blocks left out.
 */
export function renderDiff(diff: (DiffNode | Skipped)[], opts: RenderOptions = {}): string {
	const ctx = options(opts);
	return diff
		.map((d) => {
			if (d.op === 'skip')
				return `<p class="diff-skip">${d.count} unchanged ${d.count === 1 ? 'part' : 'parts'} not shown</p>`;
			const html = diffNodeHtml(d, ctx);
			return d.op === 'equal' ? html : `<div class="diff-block ${OP_CLASS[d.op]}">${html}</div>`;
		})
		.join('');
}
