// The editor's plain-text index must agree with the anchors' plain-text model of the same content in Yjs,
// or decorations and suggestions would land on the wrong words.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import { offsetOf, positionOf, textIndex } from '../../src/lib/editor/text-index.ts';
import { anchorQuote, resolveAnchor, textMap } from '../../src/lib/domain/anchor.ts';
import { doc, h, p, table, ul, type PMNode } from '../../src/lib/domain/templates/build.ts';

const schema = documentSchema();

function both(content: PMNode): { pm: ProseMirrorNode; y: Y.Doc } {
	const y = new Y.Doc();
	prosemirrorJSONToYXmlFragment(schema, content, y.getXmlFragment('default'));
	return { pm: schema.nodeFromJSON(content), y };
}

const withBreak: PMNode = {
	type: 'paragraph',
	content: [
		{ type: 'text', text: 'Line one' },
		{ type: 'hardBreak' },
		{ type: 'text', text: 'line ' },
		{ type: 'text', text: 'two', marks: [{ type: 'bold' }] }
	]
};

const sample = doc(
	h(1, 'Pay **on time**'),
	p('Expenses within _10_ days of [the claim](https://example.org).'),
	p(''),
	ul('Travel', 'Childcare'),
	table(['Level', 'Rate'], ['1', '£0']),
	withBreak,
	p('Last words.')
);

describe('plain-text index of the editor document', () => {
	it('reads exactly the text the anchors read from the same content in Yjs', () => {
		const { pm, y } = both(sample);
		const index = textIndex(pm);
		expect(index.text).toBe(textMap(y).text);
		expect(index.text).toContain('Pay on time\nExpenses within 10 days of the claim.\n\nTravel\nChildcare');
		// A hard break is an element between two runs of text, as in Yjs.
		expect(index.text).toContain('Line one\n\nline two');
	});

	it('maps every character of the text to the same character in the editor', () => {
		const { pm } = both(sample);
		const index = textIndex(pm);
		for (let o = 0; o < index.text.length; o++) {
			if (index.text[o] === '\n') continue;
			const from = positionOf(index, o, 'start')!;
			const to = positionOf(index, o + 1, 'end')!;
			expect(pm.textBetween(from, to), `offset ${o}`).toBe(index.text[o]);
			expect(offsetOf(index, from)).toBe(o);
			expect(offsetOf(index, to)).toBe(o + 1);
		}
	});

	it('places a resolved anchor on its quoted words, across formatting', () => {
		const { pm, y } = both(sample);
		const index = textIndex(pm);
		for (const quote of ['on time', 'within 10 days of the', 'Childcare', '£0', 'line two', 'Pay']) {
			const r = resolveAnchor(y, anchorQuote(y, quote)!);
			expect(r.status).toBe('ok');
			if (r.status !== 'ok') continue;
			const from = positionOf(index, r.from, 'start')!;
			const to = positionOf(index, r.to, 'end')!;
			expect(pm.textBetween(from, to)).toBe(quote);
		}
	});

	it('prefers the text before a boundary for an end and after it for a start', () => {
		const { pm } = both(doc(p('ab'), p('cd')));
		const index = textIndex(pm);
		// "ab\ncd": offset 2 ends the first paragraph; offset 3 starts the second.
		expect(positionOf(index, 2, 'end')).toBe(3);
		expect(positionOf(index, 3, 'start')).toBe(5);
		expect(pm.textBetween(positionOf(index, 0, 'start')!, positionOf(index, 2, 'end')!)).toBe('ab');
	});

	it('has no position for an empty paragraph or beyond the text', () => {
		const { pm } = both(doc(p('ab'), p('')));
		const index = textIndex(pm);
		expect(index.text).toBe('ab\n');
		expect(positionOf(index, 3, 'start')).toBeNull();
		expect(offsetOf(index, 5)).toBeNull();
	});
});
