import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { textMap } from '../../src/lib/domain/anchor.ts';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import { nodeText, TEXTBLOCKS, type DocNode } from '../../src/lib/domain/render/nodes.ts';
import { textblockStarts } from '../../src/lib/domain/render/text-offsets.ts';
import { fromYjs } from '../../src/lib/domain/render/tree.ts';
import { doc, h, ol, p, table, ul, type PMNode } from '../../src/lib/domain/templates/build.ts';

function ydocOf(content: PMNode): Y.Doc {
	const d = new Y.Doc();
	prosemirrorJSONToYXmlFragment(documentSchema(), content, d.getXmlFragment('default'));
	return d;
}

/** The text blocks of a rendered block, in the order the renderer draws them. */
function textblocks(node: DocNode): DocNode[] {
	return TEXTBLOCKS.has(node.type) ? [node] : (node.content ?? []).flatMap(textblocks);
}

describe('where the rendered text blocks start in the anchors’ plain text', () => {
	it('gives each paragraph, heading and cell of every block its offset, in drawing order', () => {
		const d = ydocOf(
			doc(
				h(1, 'Pay **on time**'),
				p('Expenses within _10_ days, see [terms](https://example.org/t).'),
				p(''),
				ul('Travel', 'Childcare'),
				{ type: 'blockquote', content: [p('Quoted'), p('twice')] },
				ol('First', 'Second'),
				table(['Level', 'Rate'], ['1', '£0'], ['2', ''])
			)
		);
		const map = textMap(d);
		const starts = textblockStarts(d, map);
		const tree = fromYjs(d);
		expect(starts).toHaveLength(tree.length);
		tree.forEach((block, i) => {
			const tbs = textblocks(block);
			expect(starts[i]).toHaveLength(tbs.length);
			tbs.forEach((tb, k) => {
				const t = nodeText(tb);
				expect(map.text.slice(starts[i][k], starts[i][k] + t.length)).toBe(t);
				expect(starts[i][k]).toBeGreaterThanOrEqual(map.blocks[i].from);
				expect(starts[i][k] + t.length).toBeLessThanOrEqual(map.blocks[i].to);
			});
		});
		// The list's second item starts after the first and the line break between them.
		expect(starts[3]).toEqual([map.blocks[3].from, map.blocks[3].from + 'Travel\n'.length]);
	});

	it('counts text written straight into the fragment as one paragraph', () => {
		const d = new Y.Doc();
		const f = d.getXmlFragment('default');
		const el = new Y.XmlElement('paragraph');
		el.insert(0, [new Y.XmlText('Before')]);
		f.insert(0, [el, new Y.XmlText('loose words')]);
		const map = textMap(d);
		expect(textblockStarts(d, map)).toEqual([[0], [map.blocks[1].from]]);
		expect(map.text.slice(map.blocks[1].from)).toBe('loose words');
	});
});
