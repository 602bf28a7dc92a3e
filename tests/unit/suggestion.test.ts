import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorFromOffsets, anchorQuote, textMap } from '../../src/lib/domain/anchor.ts';
import { applySuggestion, suggestionKind } from '../../src/lib/domain/suggestion.ts';

function makeDoc(paragraphs: string[]): Y.Doc {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	for (const p of paragraphs) {
		const el = new Y.XmlElement('paragraph');
		el.insert(0, [new Y.XmlText(p)]);
		fragment.push([el]);
	}
	return doc;
}
const text = (doc: Y.Doc) => textMap(doc).text;
const para = (doc: Y.Doc, i: number) =>
	(doc.getXmlFragment('default').get(i) as Y.XmlElement).get(0) as Y.XmlText;

describe('suggestion apply', () => {
	it('replaces the quoted text', () => {
		const doc = makeDoc(['Payments within 60 days.', 'Second.']);
		const s = { ...anchorQuote(doc, '60')!, replacement: '30' };
		expect(suggestionKind(s)).toBe('replace');
		expect(applySuggestion(doc, s)).toEqual({ applied: true, from: 16 });
		expect(text(doc)).toBe('Payments within 30 days.\nSecond.');
	});

	it('deletes the quoted text', () => {
		const doc = makeDoc(['Payments within about 60 days.']);
		const s = { ...anchorQuote(doc, 'about ')!, replacement: '' };
		expect(suggestionKind(s)).toBe('delete');
		expect(applySuggestion(doc, s).applied).toBe(true);
		expect(text(doc)).toBe('Payments within 60 days.');
	});

	it('inserts at a point, even after text was added before it', () => {
		const doc = makeDoc(['Payments within 60 days.']);
		const at = text(doc).indexOf('60');
		const s = { ...anchorFromOffsets(doc, at, at), replacement: 'at most ' };
		expect(suggestionKind(s)).toBe('insert');
		para(doc, 0).insert(0, 'All ');
		expect(applySuggestion(doc, s).applied).toBe(true);
		expect(text(doc)).toBe('All Payments within at most 60 days.');
	});

	it('still applies after edits elsewhere, in one update', () => {
		const doc = makeDoc(['Payments within 60 days.', 'Other text.']);
		const s = { ...anchorQuote(doc, '60 days')!, replacement: 'one month' };
		para(doc, 1).insert(0, 'Changed. ');
		para(doc, 0).insert(0, 'Fair ');
		let updates = 0;
		doc.on('update', () => updates++);
		expect(applySuggestion(doc, s).applied).toBe(true);
		expect(updates).toBe(1);
		expect(text(doc)).toBe('Fair Payments within one month.\nChanged. Other text.');
	});

	it('is outdated, and changes nothing, when the quoted text was edited', () => {
		const doc = makeDoc(['Payments within 60 days.']);
		const s = { ...anchorQuote(doc, '60 days')!, replacement: '30 days' };
		para(doc, 0).insert(text(doc).indexOf('days'), 'working ');
		const before = text(doc);
		expect(applySuggestion(doc, s)).toMatchObject({ applied: false, reason: 'outdated' });
		expect(text(doc)).toBe(before);
	});

	it('is outdated when the quoted text was deleted', () => {
		const doc = makeDoc(['Payments within 60 days.', 'Next.']);
		const s = { ...anchorQuote(doc, '60 days')!, replacement: '30 days' };
		doc.getXmlFragment('default').delete(0, 1);
		expect(applySuggestion(doc, s)).toMatchObject({ applied: false, reason: 'outdated' });
		expect(text(doc)).toBe('Next.');
	});

	it('refuses a change across paragraphs', () => {
		const doc = makeDoc(['One.', 'Two.']);
		const s = { ...anchorFromOffsets(doc, 2, 7), replacement: 'x' };
		expect(applySuggestion(doc, s)).toMatchObject({ applied: false, reason: 'spans_blocks' });
		expect(text(doc)).toBe('One.\nTwo.');
	});

	it('reaches other replicas as an ordinary update', () => {
		const a = makeDoc(['Payments within 60 days.']);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
		applySuggestion(a, { ...anchorQuote(a, '60')!, replacement: '30' });
		expect(text(b)).toBe('Payments within 30 days.');
	});
});
