import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import { fromJSON, fromYjs } from '../../src/lib/domain/render/tree.ts';
import { renderBlocks } from '../../src/lib/domain/render/html.ts';
import type { DocNode } from '../../src/lib/domain/render/nodes.ts';
import { doc, h, ol, p, table, ul, type PMNode } from '../../src/lib/domain/templates/build.ts';

const schema = documentSchema();
function ydocOf(content: PMNode): Y.Doc {
	const d = new Y.Doc();
	prosemirrorJSONToYXmlFragment(schema, content, d.getXmlFragment('default'));
	return d;
}
/** What a page shows for ProseMirror JSON written through the editor's schema into Yjs, as documents are. */
const html = (content: PMNode, offset = 0) =>
	renderBlocks(fromYjs(ydocOf(content)), { headingOffset: offset });
const text = (s: string, marks?: PMNode['marks']): PMNode => ({ type: 'text', text: s, marks });
const para = (...content: PMNode[]): PMNode => doc({ type: 'paragraph', content });

describe('rendering a document read-only', () => {
	it('keeps headings, lists and tables as real elements, each table in a named box that scrolls', () => {
		expect(
			html(
				doc(
					h(1, 'Pay **on time**'),
					p('Expenses within _10_ days.'),
					ul('Travel', 'Childcare'),
					{ ...ol('First', 'Second'), attrs: { start: 3 } },
					table(['Level', 'Rate'], ['1', '£0'])
				)
			)
		).toBe(
			'<h1>Pay <strong>on time</strong></h1><p>Expenses within <em>10</em> days.</p>' +
				'<ul><li><p>Travel</p></li><li><p>Childcare</p></li></ul>' +
				'<ol start="3"><li><p>First</p></li><li><p>Second</p></li></ol>' +
				'<div class="table-wrap document-table" tabindex="0" role="region" aria-label="Table: Level, Rate"><table>' +
				'<tr><th scope="col"><p>Level</p></th><th scope="col"><p>Rate</p></th></tr>' +
				'<tr><td><p>1</p></td><td><p>£0</p></td></tr></table></div>'
		);
	});

	it('fits the document’s headings under the page’s own, never past h6', () => {
		expect(html(doc(h(1, 'A'), h(2, 'B'), h(3, 'C')), 2)).toBe('<h3>A</h3><h4>B</h4><h5>C</h5>');
		expect(html(doc({ type: 'heading', attrs: { level: 6 }, content: [text('D')] }), 2)).toBe('<h6>D</h6>');
	});

	it('names header cells outside the first row as row headers, and keeps spans', () => {
		const t: PMNode = {
			type: 'table',
			content: [
				{
					type: 'tableRow',
					content: [{ type: 'tableHeader', attrs: { colspan: 2 }, content: [p('Rates')] }]
				},
				{
					type: 'tableRow',
					content: [
						{ type: 'tableHeader', content: [p('Level 1')] },
						{ type: 'tableCell', content: [p('£0')] }
					]
				}
			]
		};
		expect(html(doc(t))).toContain(
			'<tr><th scope="col" colspan="2"><p>Rates</p></th></tr><tr><th scope="row"><p>Level 1</p></th><td><p>£0</p></td></tr>'
		);
	});

	it('escapes every text, so what people type never becomes markup', () => {
		expect(html(doc(p('<script>alert(1)</script> & "quotes" \'too\'')))).toBe(
			'<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;</p>'
		);
		// A table's name is taken from its first row: escaped in the attribute too.
		expect(html(doc(table(['"><img src=x onerror=alert(1)>'], ['x'])))).toContain(
			'aria-label="Table: &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"'
		);
		// A link's address cannot leave its attribute.
		expect(
			html(para(text('x', [{ type: 'link', attrs: { href: 'https://example.org/"onmouseover="alert(1)' } }])))
		).toBe(
			'<p><a href="https://example.org/&quot;onmouseover=&quot;alert(1)" rel="noopener noreferrer nofollow">x</a></p>'
		);
	});

	it('keeps links to web and mail addresses only, and the words of any other', () => {
		const linked = (href: string) => text('words', [{ type: 'link', attrs: { href } }]);
		for (const bad of [
			'javascript:alert(1)',
			' JavaScript:alert(1)',
			'jav&#x61;script:alert(1)',
			'data:text/html,<script>alert(1)</script>',
			'vbscript:msgbox(1)',
			'/relative/path',
			'//example.org/no-scheme'
		]) {
			// Straight from JSON (as an editor's content could be), and through Yjs.
			expect(renderBlocks(fromJSON(para(linked(bad))))).toBe('<p>words</p>');
			expect(html(para(linked(bad)))).toBe('<p>words</p>');
			// Even a tree that did not come through the tree builders.
			expect(
				renderBlocks([
					{
						type: 'paragraph',
						content: [{ type: 'text', text: 'words', marks: [{ type: 'link', attrs: { href: bad } }] }]
					}
				])
			).toBe('<p>words</p>');
		}
		for (const good of ['https://example.org/a?b=1&c=2', 'http://example.org', 'mailto:info@example.org'])
			expect(renderBlocks(fromJSON(para(linked(good))))).toBe(
				`<p><a href="${good.replace(/&/g, '&amp;')}" rel="noopener noreferrer nofollow">words</a></p>`
			);
	});

	it('renders every mark, links outermost, and hard breaks', () => {
		expect(
			html(
				para(
					text('all', [
						{ type: 'bold' },
						{ type: 'italic' },
						{ type: 'link', attrs: { href: 'https://example.org' } },
						{ type: 'underline' },
						{ type: 'strike' },
						{ type: 'code' }
					]),
					{ type: 'hardBreak' },
					text('next')
				)
			)
		).toBe(
			'<p><a href="https://example.org" rel="noopener noreferrer nofollow"><strong><em><u><s><code>all</code></s></u></em></strong></a><br>next</p>'
		);
	});

	it('knows every node and mark of the editor’s schema', () => {
		for (const name of Object.keys(schema.nodes)) {
			if (name === 'doc' || name === 'text') continue;
			// The fallback for content the editor cannot make is a bare <div>.
			expect(renderBlocks([{ type: name }]), name).not.toMatch(/^<div>/);
		}
		for (const name of Object.keys(schema.marks)) {
			const mark = (
				name === 'link' ? { type: name, attrs: { href: 'https://example.org' } } : { type: name }
			) as never;
			expect(
				renderBlocks([{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [mark] }] }]),
				name
			).not.toBe('<p>x</p>');
		}
	});

	it('drops markup the editor cannot make and keeps its words', () => {
		const d = new Y.Doc();
		const el = new Y.XmlElement('script');
		el.setAttribute('onclick', 'alert(1)');
		el.insert(0, [new Y.XmlText('hello <b>')]);
		const styled = new Y.XmlElement('paragraph');
		styled.setAttribute('style', 'color:red');
		styled.insert(0, [new Y.XmlText('styled')]);
		d.getXmlFragment('default').insert(0, [el, styled, new Y.XmlText('loose text')]);
		expect(fromYjs(d)).toEqual([
			{ type: 'script', content: [{ type: 'text', text: 'hello <b>' }] },
			{ type: 'paragraph', content: [{ type: 'text', text: 'styled' }] },
			{ type: 'paragraph', content: [{ type: 'text', text: 'loose text' }] }
		]);
		expect(renderBlocks(fromYjs(d))).toBe('<div>hello &lt;b&gt;</div><p>styled</p><p>loose text</p>');
	});

	it('reads the same tree from the editor’s JSON and from Yjs, one block per top-level element', () => {
		const content = doc(
			h(2, 'Paying [people](https://example.org) **fairly**'),
			ul('One', 'Two'),
			table(['A', 'B'], ['1', '2']),
			p('')
		);
		const tree: DocNode[] = fromYjs(ydocOf(content));
		expect(tree).toEqual(fromJSON(schema.nodeFromJSON(content).toJSON()));
		expect(tree.map((b) => b.type)).toEqual(['heading', 'bulletList', 'table', 'paragraph']);
		expect(tree[0]).toEqual({
			type: 'heading',
			attrs: { level: 2 },
			content: [
				{ type: 'text', text: 'Paying ' },
				{ type: 'text', text: 'people', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] },
				{ type: 'text', text: ' ' },
				{ type: 'text', text: 'fairly', marks: [{ type: 'bold' }] }
			]
		});
	});
});
