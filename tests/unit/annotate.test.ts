import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { textMap } from '../../src/lib/domain/anchor.ts';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import { annotateBlock, type Passage } from '../../src/lib/domain/render/annotate.ts';
import { renderBlocks } from '../../src/lib/domain/render/html.ts';
import { textblockStarts } from '../../src/lib/domain/render/text-offsets.ts';
import { fromYjs } from '../../src/lib/domain/render/tree.ts';
import { doc, h, p, table, ul, type PMNode } from '../../src/lib/domain/templates/build.ts';

function ydocOf(content: PMNode): Y.Doc {
	const d = new Y.Doc();
	prosemirrorJSONToYXmlFragment(documentSchema(), content, d.getXmlFragment('default'));
	return d;
}

const d = ydocOf(
	doc(
		h(1, 'Pay **on time** always'),
		p('Expenses within _10_ days.'),
		ul('Travel', 'Childcare'),
		table(['Level', 'Rate'], ['1', '£10'])
	)
);
const map = textMap(d);
const starts = textblockStarts(d, map);
const tree = fromYjs(d);
const at = (words: string) => {
	const from = map.text.indexOf(words);
	if (from === -1) throw new Error(words);
	return { from, to: from + words.length };
};
/** The whole document rendered with the passages drawn. */
const render = (passages: Passage[]) =>
	renderBlocks(tree.map((node, i) => annotateBlock(node, starts[i], passages)));
/** The text of every element matching `tag` with `cls`, joined per element and then in order. */
const textOf = (html: string, tag: string, cls: string) =>
	[...html.matchAll(new RegExp(`<${tag} class="[^"]*${cls}[^"]*"[^>]*>(.*?)</${tag}>`, 'g'))]
		.map((m) => m[1].replace(/<[^>]+>/g, ''))
		.join('|');
const plain = (html: string) =>
	html.replace(/<ins [^>]*data-not-text[^>]*>.*?<\/ins>/g, '').replace(/<[^>]+>/g, '');

describe('threads and suggestions drawn on the read-only text', () => {
	it('marks a thread’s words across formatting, and leaves the text as it was', () => {
		const html = render([{ kind: 'thread', id: 't1', ...at('on time al'), describedBy: 't-t1' }]);
		expect(textOf(html, 'mark', 'thread-t1')).toBe('on time| al');
		expect(html).toContain(
			'<mark class="comment-anchor thread-t1" aria-describedby="t-t1"><strong>on time</strong></mark>'
		);
		expect(plain(html)).toBe(plain(renderBlocks(tree)));
	});

	it('marks a passage over several list items and table cells in each of them', () => {
		const html = render([
			{ kind: 'thread', id: 'a', ...at('Travel\nChild') },
			{ kind: 'thread', id: 'b', ...at('Rate\n1') }
		]);
		expect(textOf(html, 'mark', 'thread-a')).toBe('Travel|Child');
		expect(textOf(html, 'mark', 'thread-b')).toBe('Rate|1');
	});

	it('strikes the words a suggestion replaces and puts its new words after them, outside the text', () => {
		const html = render([
			{ kind: 'suggestion', id: 's1', ...at('10'), replacement: '30', label: 'Suggestion by Ann' },
			{ kind: 'suggestion', id: 's2', ...at('.'), replacement: '', label: 'Suggestion by Bo' },
			{
				kind: 'suggestion',
				id: 's3',
				from: at('Travel').to,
				to: at('Travel').to,
				replacement: ' costs',
				label: 'Suggestion by Cy'
			}
		]);
		expect(html).toContain(
			'<del class="suggestion-delete suggestion-s1" title="Suggestion by Ann: replace these words"><em>10</em></del>' +
				'<ins class="suggestion-insert suggestion-s1" data-not-text title="Suggestion by Ann: insert these words">30</ins>'
		);
		expect(textOf(html, 'del', 'suggestion-s2')).toBe('.');
		expect(html).not.toContain('suggestion-insert suggestion-s2');
		expect(html).toContain('Travel<ins class="suggestion-insert suggestion-s3" data-not-text');
		expect(plain(html)).toBe(plain(renderBlocks(tree)));
	});

	it('escapes what people wrote', () => {
		const html = render([
			{ kind: 'suggestion', id: 's"1', ...at('Pay'), replacement: '<b>x</b>', label: 'Suggestion by <i>' }
		]);
		expect(html).not.toContain('<b>');
		expect(html).not.toContain('<i>');
		expect(html).toContain('suggestion-s&quot;1');
	});
});
