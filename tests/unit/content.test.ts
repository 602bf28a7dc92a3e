import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import {
	contentHash,
	renderHtml,
	renderMarkdown,
	renderText,
	sectionTitles
} from '../../src/lib/domain/content.ts';
import { doc, h, p, table, ul } from '../../src/lib/domain/templates/build.ts';

const schema = documentSchema();
function ydocOf(content: ReturnType<typeof doc>): Y.Doc {
	const d = new Y.Doc();
	prosemirrorJSONToYXmlFragment(schema, content, d.getXmlFragment('default'));
	return d;
}

const sample = doc(
	h(1, 'Pay **on time**'),
	p('Expenses within _10_ days.'),
	ul('Travel', 'Childcare'),
	table(['Level', 'Rate'], ['1', '£0'])
);

describe('content rendering', () => {
	it('renders HTML with escaped text and known tags only', () => {
		const d = ydocOf(doc(p('<script>alert(1)</script> & "quotes"')));
		expect(renderHtml(d)).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</p>');
		expect(renderHtml(ydocOf(sample))).toBe(
			'<h1>Pay <strong>on time</strong></h1><p>Expenses within <em>10</em> days.</p><ul><li><p>Travel</p></li><li><p>Childcare</p></li></ul>' +
				'<table><tr><th><p>Level</p></th><th><p>Rate</p></th></tr><tr><td><p>1</p></td><td><p>£0</p></td></tr></table>'
		);
	});

	it('keeps only web and mail links', () => {
		const d = ydocOf({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'good', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] },
						{ type: 'text', text: ' bad', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }
					]
				}
			]
		});
		const html = renderHtml(d);
		expect(html).toContain('<a href="https://example.org" rel="noopener noreferrer nofollow">good</a>');
		expect(html).not.toContain('javascript');
	});

	it('renders Markdown and plain text', () => {
		const d = ydocOf(sample);
		expect(renderMarkdown(d)).toBe(
			'# Pay **on time**\n\nExpenses within *10* days.\n\n- Travel\n- Childcare\n\n| Level | Rate |\n| --- | --- |\n| 1 | £0 |\n'
		);
		expect(renderText(d)).toBe(
			'Pay on time\nExpenses within 10 days.\nTravel\nChildcare\nLevel\nRate\n1\n£0'
		);
		expect(sectionTitles(d)).toEqual(['Pay on time']);
	});

	it('lets no HTML or stray Markdown structure through the Markdown download', () => {
		const d = ydocOf(
			doc(h(1, '<script>alert(1)</script>'), p('<img src=x onerror=alert(1)> & - not a list'), {
				type: 'codeBlock',
				content: [{ type: 'text', text: '```\n<script>alert(2)</script>' }]
			})
		);
		const md = renderMarkdown(d);
		expect(md).toContain('# &lt;script&gt;alert(1)&lt;/script&gt;\n');
		expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; - not a list');
		// The code cannot close its fence early: it sits in a longer one and stays code.
		expect(md).toContain('````\n```\n<script>alert(2)</script>\n````');
		expect(md.replace(/````\n[\s\S]*?\n````/, '')).not.toMatch(/<[a-z!/]/i);
	});

	it('hashes the rendered content: same content, same hash; any change, a new hash', () => {
		const a = contentHash(ydocOf(sample));
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(contentHash(ydocOf(sample))).toBe(a);
		expect(contentHash(ydocOf(doc(h(1, 'Pay on time'))))).not.toBe(a);
	});
});

describe('restore', () => {
	it('copies blocks for a restore with Y.XmlElement.clone', () => {
		const source = ydocOf(sample);
		const target = ydocOf(doc(p('other')));
		const f = target.getXmlFragment('default');
		target.transact(() => {
			f.delete(0, f.length);
			f.insert(
				0,
				source
					.getXmlFragment('default')
					.toArray()
					.map((b) => (b as Y.XmlElement).clone())
			);
		});
		expect(renderHtml(target)).toBe(renderHtml(source));
	});
});
