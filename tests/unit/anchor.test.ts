import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	anchorBlock,
	anchorFromOffsets,
	anchorQuote,
	resolveAnchor,
	textMap,
	type AnchorInput
} from '../../src/lib/domain/anchor.ts';

/** A document shaped like Tiptap's: paragraphs and headings holding one XmlText each. */
function makeDoc(blocks: [string, string][]): Y.Doc {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	doc.transact(() => {
		for (const [name, text] of blocks) {
			const el = new Y.XmlElement(name);
			if (name === 'heading') el.setAttribute('level', '2');
			el.insert(0, [new Y.XmlText(text)]);
			fragment.push([el]);
		}
	});
	return doc;
}

function textOfBlock(doc: Y.Doc, i: number): Y.XmlText {
	return (doc.getXmlFragment('default').get(i) as Y.XmlElement).get(0) as Y.XmlText;
}

function words(doc: Y.Doc, a: AnchorInput) {
	const r = resolveAnchor(doc, a);
	return r.status === 'ok' ? r.text : `deleted: ${r.quote}`;
}

const sample = (): Y.Doc =>
	makeDoc([
		['heading', 'Principles'],
		['paragraph', 'Small groups carry real weight.'],
		['paragraph', 'Payments are made within 30 days.']
	]);

describe('plain-text model', () => {
	it('joins blocks with line breaks and lists top-level blocks', () => {
		const map = textMap(sample());
		expect(map.text).toBe('Principles\nSmall groups carry real weight.\nPayments are made within 30 days.');
		expect(map.blocks.map((b) => [b.name, b.level, b.text])).toEqual([
			['heading', 2, 'Principles'],
			['paragraph', null, 'Small groups carry real weight.'],
			['paragraph', null, 'Payments are made within 30 days.']
		]);
	});
	it('keeps formatted text as plain text', () => {
		const doc = sample();
		textOfBlock(doc, 1).format(6, 6, { bold: true });
		expect(textMap(doc).text).toContain('Small groups carry');
	});
});

describe('anchor resolution', () => {
	const quoteAnchor = (doc: Y.Doc) => anchorQuote(doc, 'carry real')!;

	it('resolves to the quote when nothing changed', () => {
		const doc = sample();
		const a = quoteAnchor(doc);
		expect(a.quote).toBe('carry real');
		expect(words(doc, a)).toBe('carry real');
	});

	it('follows inserts before the range, in the same paragraph and in earlier ones', () => {
		const doc = sample();
		const a = quoteAnchor(doc);
		textOfBlock(doc, 1).insert(0, 'Very ');
		textOfBlock(doc, 0).insert(0, 'Our ');
		const r = resolveAnchor(doc, a);
		expect(r).toMatchObject({ status: 'ok', text: 'carry real' });
		expect(textMap(doc).text.slice((r as { from: number }).from)).toMatch(/^carry real weight/);
	});

	it('takes in text typed inside the range, and leaves text typed at either edge outside', () => {
		const doc = sample();
		const a = quoteAnchor(doc);
		const t = textOfBlock(doc, 1);
		const at = t.toString().indexOf('carry real');
		t.insert(at + 5, ' very'); // inside: "carry very real"
		expect(words(doc, a)).toBe('carry very real');
		t.insert(at, '>>'); // at the start edge
		t.insert(at + 2 + 'carry very real'.length, '<<'); // at the end edge
		expect(words(doc, a)).toBe('carry very real');
	});

	it('ignores inserts and deletes after the range', () => {
		const doc = sample();
		const a = quoteAnchor(doc);
		textOfBlock(doc, 1).delete(textOfBlock(doc, 1).length - 1, 1);
		textOfBlock(doc, 2).insert(0, 'All ');
		expect(words(doc, a)).toBe('carry real');
	});

	it('follows deletes before the range and shrinks with deletes inside it', () => {
		const doc = sample();
		const a = quoteAnchor(doc);
		const t = textOfBlock(doc, 1);
		t.delete(0, 'Small '.length);
		expect(words(doc, a)).toBe('carry real');
		const at = t.toString().indexOf('carry real');
		t.delete(at, 'carry '.length);
		expect(words(doc, a)).toBe('real');
		doc.getXmlFragment('default').delete(0, 1); // the heading before it
		expect(words(doc, a)).toBe('real');
	});

	it('reports a deleted anchor and keeps the quote when its text is removed', () => {
		const doc = sample();
		const a = quoteAnchor(doc);
		const t = textOfBlock(doc, 1);
		t.delete(t.toString().indexOf('carry real'), 'carry real'.length);
		expect(resolveAnchor(doc, a)).toEqual({ status: 'deleted', quote: 'carry real' });
	});

	it('reports a deleted anchor when its paragraph is removed', () => {
		const doc = sample();
		const a = quoteAnchor(doc);
		doc.getXmlFragment('default').delete(1, 1);
		expect(resolveAnchor(doc, a)).toEqual({ status: 'deleted', quote: 'carry real' });
	});

	it('follows concurrent edits made in other replicas', () => {
		const a1 = sample();
		const a2 = new Y.Doc();
		const a3 = new Y.Doc();
		Y.applyUpdate(a2, Y.encodeStateAsUpdate(a1));
		Y.applyUpdate(a3, Y.encodeStateAsUpdate(a1));
		const anchor = quoteAnchor(a1);
		textOfBlock(a2, 1).insert(0, 'First, ');
		textOfBlock(a3, 1).insert(0, 'Second, ');
		Y.applyUpdate(a1, Y.encodeStateAsUpdate(a2));
		Y.applyUpdate(a1, Y.encodeStateAsUpdate(a3));
		expect(words(a1, anchor)).toBe('carry real');
		expect(textOfBlock(a1, 1).toString()).toMatch(/^(First, Second, |Second, First, )Small/);
	});

	it('spans several paragraphs', () => {
		const doc = sample();
		const map = textMap(doc);
		const from = map.text.indexOf('weight.');
		const a = anchorFromOffsets(doc, from, map.text.indexOf(' are'));
		expect(a.quote).toBe('weight.\nPayments');
		expect(words(doc, a)).toBe('weight.\nPayments');
	});

	it('anchors a whole top-level block, which grows with text typed inside', () => {
		const doc = sample();
		const a = anchorBlock(doc, 2);
		expect(a.quote).toBe('Payments are made within 30 days.');
		textOfBlock(doc, 2).insert(9, 'always ');
		expect(words(doc, a)).toBe('Payments always are made within 30 days.');
		expect(() => anchorBlock(doc, 9)).toThrow(/no longer exists/);
	});

	it('refuses ranges outside the document and undecodable anchors', () => {
		const doc = sample();
		expect(() => anchorFromOffsets(doc, 5, 500)).toThrow(/outside/);
		expect(() => anchorFromOffsets(doc, 5, 2)).toThrow(/outside/);
		expect(resolveAnchor(doc, { start: '!!', end: 'AA', quote: 'x' })).toEqual({
			status: 'deleted',
			quote: 'x'
		});
	});

	it('keeps a point anchor at its place for inserts', () => {
		const doc = sample();
		const map = textMap(doc);
		const at = map.text.indexOf('30 days');
		const a = anchorFromOffsets(doc, at, at);
		expect(a.quote).toBe('');
		textOfBlock(doc, 2).insert(0, 'All ');
		const r = resolveAnchor(doc, a);
		expect(r.status).toBe('ok');
		expect(textMap(doc).text.slice((r as { from: number }).from)).toBe('30 days.');
	});
});

describe('anchor invariants (random edits)', () => {
	// A small seeded generator, so a failure can be replayed.
	function rng(seed: number) {
		let s = seed >>> 0;
		return (n: number) => {
			s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
			return s % n;
		};
	}

	it('keeps the same words under random inserts and deletes outside the range, made by three replicas', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const rand = rng(seed);
			const base = sample();
			const anchor = anchorQuote(base, 'carry real')!;
			const replicas = [0, 1, 2].map(() => {
				const d = new Y.Doc();
				Y.applyUpdate(d, Y.encodeStateAsUpdate(base));
				return d;
			});
			for (let step = 0; step < 30; step++) {
				const d = replicas[rand(3)];
				const r = resolveAnchor(d, anchor);
				if (r.status !== 'ok') throw new Error(`seed ${seed}: anchor lost`);
				const i = rand(3);
				const t = textOfBlock(d, i);
				const map = textMap(d);
				const start = map.texts[i].start;
				// Offsets in this paragraph that lie outside the anchored range (edges count as outside for inserts).
				const outside = [...Array(t.length + 1).keys()].filter(
					(k) => start + k <= r.from || start + k >= r.to
				);
				const at = outside[rand(outside.length)];
				if (rand(2) === 0 || t.length === 0) t.insert(at, 'ab '.slice(0, 1 + rand(3)));
				else if (at < t.length && (start + at + 1 <= r.from || start + at >= r.to)) t.delete(at, 1);
				if (rand(4) === 0) {
					const [a, b] = [replicas[rand(3)], replicas[rand(3)]];
					Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
				}
			}
			for (const a of replicas) for (const b of replicas) Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
			for (const d of replicas) expect(words(d, anchor), `seed ${seed}`).toBe('carry real');
			expect(textMap(replicas[0]).text).toBe(textMap(replicas[2]).text);
		}
	});
});
