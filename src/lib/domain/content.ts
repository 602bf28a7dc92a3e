// Renders a document's content (Tiptap's `default` Y.XmlFragment) to HTML, Markdown and plain text without a
// DOM, and hashes it. The HTML is built from known node and mark names with every text escaped, so it is safe
// to show outside the editor.
import * as Y from 'yjs';
import { sha256Hex } from './secrets.ts';
import { codeFence, markdownText } from './markdown.ts';
import { escapeHtml, safeHref } from './html-escape.ts';
import { MARK_TAGS } from './render/html.ts';
import { FRAGMENT } from './fragment.ts';
import { storableText } from './input.ts';

export { escapeHtml, safeHref, FRAGMENT };

type Delta = { insert: string | object; attributes?: Record<string, Record<string, unknown> | null> };

const MARK_ORDER = ['link', 'bold', 'italic', 'underline', 'strike', 'code'] as const;

function textHtml(t: Y.XmlText): string {
	return (t.toDelta() as Delta[])
		.map((d) => {
			if (typeof d.insert !== 'string') return '';
			let out = escapeHtml(storableText(d.insert));
			const attrs = d.attributes ?? {};
			for (const mark of [...MARK_ORDER].reverse()) {
				if (!attrs[mark]) continue;
				if (mark === 'link') {
					const href = safeHref(attrs.link?.href);
					if (href) out = `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${out}</a>`;
				} else out = `<${MARK_TAGS[mark]}>${out}</${MARK_TAGS[mark]}>`;
			}
			return out;
		})
		.join('');
}

function childrenHtml(el: Y.XmlElement | Y.XmlFragment): string {
	return el
		.toArray()
		.map((c) => (c instanceof Y.XmlText ? textHtml(c) : c instanceof Y.XmlElement ? elementHtml(c) : ''))
		.join('');
}

function intAttr(el: Y.XmlElement, name: string, fallback: number): number {
	const v = Number(el.getAttribute(name));
	return Number.isInteger(v) && v > 0 ? v : fallback;
}

function elementHtml(el: Y.XmlElement): string {
	const inner = () => childrenHtml(el);
	switch (el.nodeName) {
		case 'paragraph':
			return `<p>${inner()}</p>`;
		case 'heading': {
			const level = Math.min(6, Math.max(1, intAttr(el, 'level', 2)));
			return `<h${level}>${inner()}</h${level}>`;
		}
		case 'bulletList':
			return `<ul>${inner()}</ul>`;
		case 'orderedList': {
			const start = intAttr(el, 'start', 1);
			return start === 1 ? `<ol>${inner()}</ol>` : `<ol start="${start}">${inner()}</ol>`;
		}
		case 'listItem':
			return `<li>${inner()}</li>`;
		case 'blockquote':
			return `<blockquote>${inner()}</blockquote>`;
		case 'codeBlock':
			return `<pre><code>${inner()}</code></pre>`;
		case 'horizontalRule':
			return '<hr>';
		case 'hardBreak':
			return '<br>';
		case 'table':
			return `<table>${inner()}</table>`;
		case 'tableRow':
			return `<tr>${inner()}</tr>`;
		case 'tableHeader':
		case 'tableCell': {
			const tag = el.nodeName === 'tableHeader' ? 'th' : 'td';
			const span = (n: string) => (intAttr(el, n, 1) > 1 ? ` ${n}="${intAttr(el, n, 1)}"` : '');
			return `<${tag}${span('colspan')}${span('rowspan')}>${inner()}</${tag}>`;
		}
		default:
			// Unknown content (the server accepts any Yjs content): keep its text, drop its markup.
			return `<div>${inner()}</div>`;
	}
}

export function renderHtml(doc: Y.Doc): string {
	return childrenHtml(doc.getXmlFragment(FRAGMENT));
}

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlFragment): string {
	if (node instanceof Y.XmlText)
		return (node.toDelta() as Delta[])
			.map((d) => (typeof d.insert === 'string' ? storableText(d.insert) : ''))
			.join('');
	return node
		.toArray()
		.map((c) => (c instanceof Y.XmlText || c instanceof Y.XmlElement ? textOf(c) : ''))
		.join(node instanceof Y.XmlElement && node.nodeName === 'hardBreak' ? '\n' : '');
}

const BLOCKS = new Set(['paragraph', 'heading', 'codeBlock', 'horizontalRule']);

/** Plain text, one line per block (paragraph, heading, list item's paragraph, table cell's paragraph). */
export function renderText(doc: Y.Doc): string {
	const lines: string[] = [];
	const walk = (node: Y.XmlElement | Y.XmlFragment) => {
		for (const c of node.toArray()) {
			if (!(c instanceof Y.XmlElement)) continue;
			if (BLOCKS.has(c.nodeName)) lines.push(c.nodeName === 'horizontalRule' ? '' : textOf(c));
			else walk(c);
		}
	};
	walk(doc.getXmlFragment(FRAGMENT));
	return lines.join('\n');
}

function textMarkdown(t: Y.XmlText): string {
	return (t.toDelta() as Delta[])
		.map((d) => {
			if (typeof d.insert !== 'string') return '';
			const text = storableText(d.insert);
			let out = markdownText(text);
			const a = d.attributes ?? {};
			if (a.code) out = '`' + text.replace(/`/g, "'") + '`';
			if (a.bold) out = `**${out}**`;
			if (a.italic) out = `*${out}*`;
			if (a.strike) out = `~~${out}~~`;
			const href = a.link ? safeHref(a.link.href) : null;
			if (href) out = `[${out}](${href.replace(/[()<>\s]/g, encodeURIComponent)})`;
			return out;
		})
		.join('');
}

function inlineMarkdown(el: Y.XmlElement | Y.XmlFragment): string {
	return el
		.toArray()
		.map((c) =>
			c instanceof Y.XmlText
				? textMarkdown(c)
				: c instanceof Y.XmlElement
					? c.nodeName === 'hardBreak'
						? '  \n'
						: inlineMarkdown(c)
					: ''
		)
		.join('');
}

function blockMarkdown(el: Y.XmlElement, indent = ''): string {
	switch (el.nodeName) {
		case 'heading':
			return `${'#'.repeat(Math.min(6, intAttr(el, 'level', 2)))} ${inlineMarkdown(el)}`;
		case 'paragraph':
			return indent + inlineMarkdown(el);
		case 'bulletList':
		case 'orderedList': {
			let n = intAttr(el, 'start', 1);
			return el
				.toArray()
				.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
				.map((item) => {
					const marker = el.nodeName === 'bulletList' ? '- ' : `${n++}. `;
					const parts = item
						.toArray()
						.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
						.map((c, i) =>
							i === 0 && c.nodeName === 'paragraph' ? inlineMarkdown(c) : blockMarkdown(c, indent + '  ')
						);
					return indent + marker + parts.join('\n');
				})
				.join('\n');
		}
		case 'blockquote':
			return el
				.toArray()
				.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
				.map((c) => '> ' + blockMarkdown(c))
				.join('\n>\n');
		case 'codeBlock': {
			const code = textOf(el);
			return `${codeFence(code)}\n${code}\n${codeFence(code)}`;
		}
		case 'horizontalRule':
			return '---';
		case 'table': {
			const rows = el
				.toArray()
				.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
				.map((row) =>
					row
						.toArray()
						.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
						.map((cell) => inlineMarkdown(cell).replace(/\n/g, ' '))
				);
			if (!rows.length) return '';
			const width = Math.max(...rows.map((r) => r.length));
			const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
			return [line(rows[0]), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n');
		}
		default:
			return inlineMarkdown(el);
	}
}

export function renderMarkdown(doc: Y.Doc): string {
	return (
		doc
			.getXmlFragment(FRAGMENT)
			.toArray()
			.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
			.map((c) => blockMarkdown(c))
			.join('\n\n') + '\n'
	);
}

/** The content hash of a version: SHA-256 of its rendered HTML. */
export function contentHash(doc: Y.Doc): string {
	return sha256Hex(renderHtml(doc));
}

/** The top-level blocks as sections: each heading starts a section (for "which sections changed"). */
export function sectionTitles(doc: Y.Doc): string[] {
	return doc
		.getXmlFragment(FRAGMENT)
		.toArray()
		.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'heading')
		.map((h) => textOf(h));
}
