// The live editor builds the document's schema from StarterKit's parts with a link mark of its own, so that
// link detection can load later (src/lib/editor/content-extensions.ts). A schema that differed from the
// server's would make the collaboration binding drop or change content for everyone: these tests compare the
// two node by node and mark by mark, and draw the same document with both.
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import type { Mark, Node, Schema, TagParseRule } from '@tiptap/pm/model';
import { contentExtensions } from '../../src/lib/domain/document-schema.ts';
import { editorContentExtensions } from '../../src/lib/editor/content-extensions.ts';
import { isAllowedHref } from '../../src/lib/domain/link-mark.ts';

const server = getSchema(contentExtensions());
const editor = getSchema(editorContentExtensions());

/** A spec as data: functions by name only, since the two may hold different but equivalent closures. */
function described(spec: object): unknown {
	return JSON.parse(
		JSON.stringify(spec, (key, value: unknown) => (typeof value === 'function' ? `function ${key}` : value))
	);
}

const text = (t: string, marks: object[] = []) => ({ type: 'text', text: t, marks });
const para = (...content: object[]) => ({ type: 'paragraph', content });
const cell = (type: string, attrs: object = {}) => ({ type, attrs, content: [para(text('cell'))] });
const everything = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 2 }, content: [text('Heading')] },
		para(
			text('bold', [{ type: 'bold' }]),
			text('italic', [{ type: 'italic' }]),
			text('struck', [{ type: 'strike' }]),
			text('underlined', [{ type: 'underline' }]),
			text('code', [{ type: 'code' }]),
			text('link', [{ type: 'link', attrs: { href: 'https://example.org/terms', title: 'Terms' } }]),
			text('bad link', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]),
			{ type: 'hardBreak' },
			text('after the break')
		),
		{ type: 'bulletList', content: [{ type: 'listItem', content: [para(text('bullet'))] }] },
		{
			type: 'orderedList',
			attrs: { start: 3 },
			content: [{ type: 'listItem', content: [para(text('third'))] }]
		},
		{ type: 'blockquote', content: [para(text('quoted'))] },
		{ type: 'codeBlock', attrs: { language: 'text' }, content: [text('code block')] },
		{ type: 'horizontalRule' },
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('tableHeader'), cell('tableHeader', { colspan: 2 })] },
				{
					type: 'tableRow',
					content: [cell('tableCell', { colwidth: [120] }), cell('tableCell'), cell('tableCell')]
				}
			]
		}
	]
};

/** Every node and mark of the document with what its schema draws for it. */
function drawn(schema: Schema): unknown[] {
	const doc = schema.nodeFromJSON(everything);
	doc.check();
	const out: unknown[] = [];
	const mark = (m: Mark) => out.push(['mark', m.type.name, m.attrs, m.type.spec.toDOM?.(m, true)]);
	doc.descendants((node: Node) => {
		out.push([node.type.name, node.attrs, node.isText ? node.text : node.type.spec.toDOM?.(node)]);
		node.marks.forEach(mark);
	});
	return out;
}

describe("the live editor's schema", () => {
	it('has the same nodes and marks, in the same order, with the same specs', () => {
		expect(Object.keys(editor.nodes)).toEqual(Object.keys(server.nodes));
		expect(Object.keys(editor.marks)).toEqual(Object.keys(server.marks));
		for (const name of Object.keys(server.nodes))
			expect(described(editor.nodes[name].spec), name).toEqual(described(server.nodes[name].spec));
		for (const name of Object.keys(server.marks))
			expect(described(editor.marks[name].spec), name).toEqual(described(server.marks[name].spec));
		expect(editor.spec.topNode ?? 'doc').toEqual(server.spec.topNode ?? 'doc');
	});

	it('reads and draws a document with every kind of content the same way', () => {
		expect(drawn(editor)).toEqual(drawn(server));
		expect(JSON.stringify(drawn(editor))).toContain('"href":""');
	});

	it('takes a link from pasted HTML only when its address is allowed, as Link does', () => {
		const rule = (schema: Schema) => schema.marks.link.spec.parseDOM![0] as TagParseRule;
		const element = (href: string) => ({ getAttribute: () => href }) as unknown as HTMLElement;
		for (const href of [
			'https://example.org',
			'mailto:a@example.org',
			'/relative',
			'javascript:alert(1)',
			' java\tscript:x'
		])
			expect(rule(editor).getAttrs!(element(href)), href).toEqual(rule(server).getAttrs!(element(href)));
		expect(isAllowedHref('JavaScript:alert(1)')).toBe(false);
		expect(isAllowedHref('https://example.org')).toBe(true);
	});
});
