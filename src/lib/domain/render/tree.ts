/**
 * Builds a document's block tree (nodes.ts) from the Yjs content the editor writes (Tiptap's `default`
 * Y.XmlFragment) or from the editor's JSON. Only what the editor's schema can hold survives
 * (src/lib/domain/document-schema.ts: StarterKit and tables): known attributes as numbers, known marks, and links
 * to web and mail addresses only. Pure code: no DOM, no I/O.
 */
import * as Y from 'yjs';
import { FRAGMENT } from '../fragment.ts';
import { safeHref } from '../html-escape.ts';
import { storableText } from '../input.ts';
import type { DocNode, Mark, MarkType } from './nodes.ts';

const SIMPLE_MARKS = new Set(['bold', 'italic', 'underline', 'strike', 'code']);
const ATTRS = ['level', 'start', 'colspan', 'rowspan'] as const;

function cleanAttrs(read: (name: string) => unknown): DocNode['attrs'] | undefined {
	const attrs: NonNullable<DocNode['attrs']> = {};
	for (const name of ATTRS) {
		const v = Number(read(name));
		// Defaults (a list starting at 1, a cell one column wide) are left out, so equal content compares equal.
		if (Number.isInteger(v) && v > 0 && v <= 10_000 && (v > 1 || name === 'level')) attrs[name] = v;
	}
	return Object.keys(attrs).length ? attrs : undefined;
}

function cleanMarks(entries: [string, unknown][]): Mark[] | undefined {
	const marks: Mark[] = [];
	for (const [name, value] of entries) {
		if (!value) continue;
		if (SIMPLE_MARKS.has(name)) marks.push({ type: name as Exclude<MarkType, 'link'> });
		else if (name === 'link') {
			const href = safeHref((value as { href?: unknown }).href);
			if (href) marks.push({ type: 'link', attrs: { href } });
		}
	}
	// One order for every run, so the same marks render the same way and adjacent runs compare equal.
	const order: MarkType[] = ['link', 'bold', 'italic', 'underline', 'strike', 'code'];
	marks.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
	return marks.length ? marks : undefined;
}

type Delta = { insert: string | object; attributes?: Record<string, unknown> };

function textNodes(t: Y.XmlText): DocNode[] {
	const out: DocNode[] = [];
	for (const d of t.toDelta() as Delta[]) {
		if (typeof d.insert !== 'string' || !d.insert) continue;
		const marks = cleanMarks(Object.entries(d.attributes ?? {}));
		const text = storableText(d.insert);
		out.push(marks ? { type: 'text', text, marks } : { type: 'text', text });
	}
	return out;
}

/** Joins neighbouring text nodes with the same marks, so the same words compare equal however stored. */
function joinText(nodes: DocNode[]): DocNode[] {
	const out: DocNode[] = [];
	for (const n of nodes) {
		const last = out[out.length - 1];
		if (n.type === 'text' && last?.type === 'text' && JSON.stringify(last.marks) === JSON.stringify(n.marks))
			out[out.length - 1] = { ...last, text: (last.text ?? '') + (n.text ?? '') };
		else out.push(n);
	}
	return out;
}

function fromYjsNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment): DocNode[] {
	if (node instanceof Y.XmlText) return textNodes(node);
	if (!(node instanceof Y.XmlElement)) return [];
	const content = joinText(node.toArray().flatMap((c) => fromYjsNode(c)));
	const attrs = cleanAttrs((name) => node.getAttribute(name));
	const out: DocNode = { type: node.nodeName };
	if (attrs) out.attrs = attrs;
	if (content.length) out.content = content;
	return [out];
}

/**
 * The top-level blocks of a document, one per child of its fragment (so a block's index is the one comment
 * anchors use). Text directly in the fragment becomes a paragraph.
 */
export function fromYjs(docOrFragment: Y.Doc | Y.XmlFragment): DocNode[] {
	const fragment = docOrFragment instanceof Y.Doc ? docOrFragment.getXmlFragment(FRAGMENT) : docOrFragment;
	return fragment.toArray().map((c) => {
		if (c instanceof Y.XmlText) {
			const content = joinText(textNodes(c));
			return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
		}
		return fromYjsNode(c)[0] ?? { type: 'paragraph' };
	});
}

type JSONNode = {
	type?: unknown;
	attrs?: Record<string, unknown>;
	content?: unknown;
	text?: unknown;
	marks?: unknown;
};

/** Cleans ProseMirror JSON (the editor's `getJSON()`, templates) into the same tree; `doc` gives its blocks. */
export function fromJSON(json: unknown): DocNode[] {
	const walk = (n: JSONNode): DocNode | null => {
		if (!n || typeof n !== 'object' || typeof n.type !== 'string') return null;
		if (n.type === 'text') {
			if (typeof n.text !== 'string' || !n.text) return null;
			const marks = cleanMarks(
				(Array.isArray(n.marks) ? n.marks : []).map(
					(m: { type?: unknown; attrs?: unknown } | null) =>
						[String(m?.type), m?.attrs ?? {}] as [string, unknown]
				)
			);
			return marks ? { type: 'text', text: n.text, marks } : { type: 'text', text: n.text };
		}
		const out: DocNode = { type: n.type };
		const attrs = cleanAttrs((name) => n.attrs?.[name]);
		if (attrs) out.attrs = attrs;
		const content = joinText(
			(Array.isArray(n.content) ? n.content : [])
				.map((c) => walk(c as JSONNode))
				.filter((c): c is DocNode => c !== null)
		);
		if (content.length) out.content = content;
		return out;
	};
	const root = walk(json as JSONNode);
	if (!root) return [];
	return root.type === 'doc' ? (root.content ?? []) : [root];
}
