/**
 * Turns the HTML that mammoth writes for a Word file into the editor's content (ProseMirror JSON in the shape
 * of src/lib/domain/document-schema.ts), and lists what the editor cannot hold. mammoth's HTML is small and
 * regular (headings, paragraphs, lists, tables, strong, em, links, sup, img, br, footnotes at the end), so a
 * small tokenizer reads it; anything else keeps its text and is reported. Pure code: no DOM, no I/O.
 */
import type { PMNode } from './templates/build.ts';
import { safeHref } from './html-escape.ts';

type El = { tag: string; attrs: Record<string, string>; children: Node[] };
type Node = El | string;

const VOID = new Set(['br', 'img', 'hr']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(s: string): string {
	return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
		if (e[0] === '#') {
			const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
			return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
		}
		return ENTITIES[e.toLowerCase()] ?? m;
	});
}

/** Parses well-formed HTML into a tree (unclosed tags close with their parent). */
export function parseHtml(html: string): El {
	const root: El = { tag: '#root', attrs: {}, children: [] };
	const stack: El[] = [root];
	const re =
		/<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|([^<]+)|</g;
	for (let m = re.exec(html); m; m = re.exec(html)) {
		const top = stack[stack.length - 1];
		if (m[5] !== undefined || m[0] === '<') {
			top.children.push(decode(m[5] ?? '<'));
			continue;
		}
		const tag = m[2].toLowerCase();
		if (m[1]) {
			const at = stack.map((e) => e.tag).lastIndexOf(tag);
			if (at > 0) stack.length = at;
			continue;
		}
		const attrs: Record<string, string> = {};
		for (const a of m[3].matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
			attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
		const el: El = { tag, attrs, children: [] };
		top.children.push(el);
		if (!m[4] && !VOID.has(tag)) stack.push(el);
	}
	return root;
}

type Mark = NonNullable<PMNode['marks']>[number];
const MARKS: Record<string, Mark> = {
	strong: { type: 'bold' },
	b: { type: 'bold' },
	em: { type: 'italic' },
	i: { type: 'italic' },
	u: { type: 'underline' },
	s: { type: 'strike' },
	del: { type: 'strike' }
};
const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/** What an import kept out, as short phrases for the person ("2 images"). */
export type ImportReport = { dropped: string[]; notes: number };

class Dropped {
	counts = new Map<string, number>();
	add(what: string) {
		this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
	}
	list(): string[] {
		return [...this.counts].map(([what, n]) =>
			n === 1 ? `1 ${what}` : `${n} ${PLURALS[what] ?? what + 's'}`
		);
	}
}
const PLURALS: Record<string, string> = {
	image: 'images',
	'link to a place inside the file (kept as text)': 'links to places inside the file (kept as text)',
	'superscript or subscript (kept as plain text)': 'superscripts or subscripts (kept as plain text)',
	'horizontal line': 'horizontal lines'
};

const isNoteItem = (n: Node) =>
	typeof n !== 'string' && n.tag === 'li' && /^(foot|end)note-/.test(n.attrs.id ?? '');

/**
 * The editor's content for mammoth's HTML, with what was dropped. Footnotes and endnotes become a "Notes"
 * section at the end, numbered as their references ([1], [2] …) in the text.
 */
export function wordHtmlToContent(html: string): { content: PMNode; report: ImportReport } {
	const dropped = new Dropped();
	const root = parseHtml(html);
	let noteItems: El[] = [];
	const body = root.children.filter((c) => {
		if (typeof c !== 'string' && c.tag === 'ol' && c.children.length && c.children.every(isNoteItem)) {
			noteItems = noteItems.concat(c.children as El[]);
			return false;
		}
		return true;
	});

	const inline = (nodes: Node[], marks: Mark[], out: PMNode[]) => {
		for (const n of nodes) {
			if (typeof n === 'string') {
				if (n)
					out.push(marks.length ? { type: 'text', text: n, marks: [...marks] } : { type: 'text', text: n });
				continue;
			}
			if (n.tag === 'br') out.push({ type: 'hardBreak' });
			else if (n.tag === 'img') dropped.add('image');
			else if (n.tag === 'a') {
				const href = n.attrs.href ?? '';
				if (/^#(foot|end)note-ref-/.test(href)) continue; // the ↑ back to the reference
				if (/^#(foot|end)note-/.test(href)) {
					inline(n.children, marks, out);
					continue;
				}
				const safe = safeHref(href);
				if (!safe && href) dropped.add('link to a place inside the file (kept as text)');
				const withLink = safe
					? [...marks.filter((m) => m.type !== 'link'), { type: 'link', attrs: { href: safe } }]
					: marks;
				inline(n.children, withLink, out);
			} else if (n.tag === 'sup' || n.tag === 'sub') {
				const isNoteRef = n.children.some(
					(c) => typeof c !== 'string' && c.tag === 'a' && /^#(foot|end)note-/.test(c.attrs.href ?? '')
				);
				if (!isNoteRef) dropped.add('superscript or subscript (kept as plain text)');
				inline(n.children, marks, out);
			} else if (MARKS[n.tag]) {
				const mark = MARKS[n.tag];
				inline(n.children, marks.some((m) => m.type === mark.type) ? marks : [...marks, mark], out);
			} else inline(n.children, marks, out);
		}
		return out;
	};

	const paragraph = (nodes: Node[]): PMNode => {
		const content = trimText(inline(nodes, [], []));
		return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
	};

	/** Blocks for a container's children: runs of inline content become paragraphs. */
	const blocks = (nodes: Node[]): PMNode[] => {
		const out: PMNode[] = [];
		let run: Node[] = [];
		const flush = () => {
			if (run.some((n) => typeof n !== 'string' || n.trim())) {
				const p = paragraph(run);
				if (p.content) out.push(p);
			}
			run = [];
		};
		for (const n of nodes) {
			if (typeof n === 'string' || !BLOCK_TAGS.has(n.tag)) {
				run.push(n);
				continue;
			}
			flush();
			out.push(...block(n));
		}
		flush();
		return out;
	};

	const block = (el: El): PMNode[] => {
		if (HEADINGS[el.tag]) {
			const content = trimText(inline(el.children, [], []));
			return content.length ? [{ type: 'heading', attrs: { level: HEADINGS[el.tag] }, content }] : [];
		}
		switch (el.tag) {
			case 'p': {
				const p = paragraph(el.children);
				return p.content ? [p] : [];
			}
			case 'ul':
			case 'ol': {
				const items = el.children
					.filter((c): c is El => typeof c !== 'string' && c.tag === 'li')
					.map((li) => {
						const content = blocks(li.children);
						if (content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph' });
						return { type: 'listItem', content };
					});
				if (!items.length) return [];
				return [
					el.tag === 'ul'
						? { type: 'bulletList', content: items }
						: { type: 'orderedList', attrs: { start: 1 }, content: items }
				];
			}
			case 'table': {
				const rows: PMNode[] = [];
				const walk = (n: El) => {
					for (const c of n.children) {
						if (typeof c === 'string') continue;
						if (c.tag === 'tr') {
							const cells = c.children
								.filter((x): x is El => typeof x !== 'string' && (x.tag === 'td' || x.tag === 'th'))
								.map((x) => {
									const attrs: Record<string, number> = {};
									const colspan = Number(x.attrs.colspan);
									const rowspan = Number(x.attrs.rowspan);
									if (Number.isInteger(colspan) && colspan > 1) attrs.colspan = colspan;
									if (Number.isInteger(rowspan) && rowspan > 1) attrs.rowspan = rowspan;
									const content = blocks(x.children);
									const cell: PMNode = {
										type: x.tag === 'th' ? 'tableHeader' : 'tableCell',
										content: content.length ? content : [{ type: 'paragraph' }]
									};
									if (Object.keys(attrs).length) cell.attrs = attrs;
									return cell;
								});
							if (cells.length) rows.push({ type: 'tableRow', content: cells });
						} else if (c.tag === 'thead' || c.tag === 'tbody' || c.tag === 'tfoot') walk(c);
					}
				};
				walk(el);
				return rows.length ? [{ type: 'table', content: rows }] : [];
			}
			case 'hr':
				return [{ type: 'horizontalRule' }];
			case 'blockquote': {
				const content = blocks(el.children);
				return content.length ? [{ type: 'blockquote', content }] : [];
			}
			default:
				return blocks(el.children);
		}
	};

	const content = blocks(body);
	if (noteItems.length) {
		content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Notes' }] });
		content.push({
			type: 'orderedList',
			attrs: { start: 1 },
			content: noteItems.map((li) => {
				const inner = blocks(li.children);
				if (inner[0]?.type !== 'paragraph') inner.unshift({ type: 'paragraph' });
				return { type: 'listItem', content: inner };
			})
		});
	}
	if (!content.length) content.push({ type: 'paragraph' });
	return { content: { type: 'doc', content }, report: { dropped: dropped.list(), notes: noteItems.length } };
}

const BLOCK_TAGS = new Set([
	'p',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'ul',
	'ol',
	'table',
	'hr',
	'blockquote',
	'div'
]);

/** Joins neighbouring text with the same marks; drops empty text and the spaces at a block's ends (before a note's ↑). */
function trimText(nodes: PMNode[]): PMNode[] {
	const out: PMNode[] = [];
	for (const n of nodes) {
		if (n.type === 'text' && !n.text) continue;
		const last = out[out.length - 1];
		if (n.type === 'text' && last?.type === 'text' && JSON.stringify(last.marks) === JSON.stringify(n.marks))
			out[out.length - 1] = { ...last, text: last.text! + n.text! };
		else out.push(n);
	}
	const first = out[0];
	if (first?.type === 'text') first.text = first.text!.replace(/^\s+/, '');
	const last = out[out.length - 1];
	if (last?.type === 'text') last.text = last.text!.replace(/\s+$/, '');
	return out.filter((n) => n.type !== 'text' || n.text);
}
