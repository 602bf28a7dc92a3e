import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { changesContent } from '../../src/lib/domain/content-change.ts';
import { documentSchema } from '../../src/lib/domain/document-schema.ts';
import { TEMPLATES } from '../../src/lib/domain/templates/index.ts';
import { contentDoc } from '../../src/lib/domain/templates/ydoc.ts';

/**
 * Whether `change`, made on a client's copy of `source`, changes the content of a server-side copy, as the room
 * judges it (each transaction it causes there, formatting clean-ups included).
 */
function judge(source: Y.Doc, change: (client: Y.Doc) => void): boolean {
	const server = new Y.Doc();
	Y.applyUpdate(server, Y.encodeStateAsUpdate(source));
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const verdicts: boolean[] = [];
	server.on('afterTransaction', (tr: Y.Transaction) => verdicts.push(changesContent(tr)));
	client.on('update', (u: Uint8Array) => Y.applyUpdate(server, u));
	change(client);
	expect(verdicts.length).toBeGreaterThan(0);
	return verdicts.some(Boolean);
}

function paragraphs(...texts: string[]): Y.Doc {
	const doc = new Y.Doc();
	doc.getXmlFragment('default').push(
		texts.map((t) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(t)]);
			return p;
		})
	);
	return doc;
}

const fragment = (d: Y.Doc) => d.getXmlFragment('default');
const textOf = (d: Y.Doc, i: number) => (fragment(d).get(i) as Y.XmlElement).get(0) as Y.XmlText;

describe('which updates change the content', () => {
	it('typing, deleting, formatting, moving and removing a paragraph do', () => {
		const doc = paragraphs('One', 'Two', 'Three');
		expect(judge(doc, (c) => textOf(c, 0).insert(3, '!'))).toBe(true);
		expect(judge(doc, (c) => textOf(c, 1).delete(0, 1))).toBe(true);
		expect(judge(doc, (c) => textOf(c, 2).format(0, 5, { bold: {} }))).toBe(true);
		expect(judge(doc, (c) => fragment(c).delete(1, 1))).toBe(true);
		expect(
			judge(doc, (c) =>
				c.transact(() => {
					const moved = (fragment(c).get(0) as Y.XmlElement).clone();
					fragment(c).delete(0, 1);
					fragment(c).insert(2, [moved]);
				})
			)
		).toBe(true);
		expect(judge(doc, (c) => (fragment(c).get(0) as Y.XmlElement).setAttribute('level', '2'))).toBe(true);
		const heading = new Y.XmlElement('heading');
		heading.insert(0, [new Y.XmlText('Scope')]);
		expect(judge(doc, (c) => fragment(c).push([heading]))).toBe(true);
	});

	it('an empty paragraph added or removed, the same value set again, or a block written again as it was do not', () => {
		const doc = paragraphs('One', '');
		expect(judge(doc, (c) => fragment(c).push([new Y.XmlElement('paragraph')]))).toBe(false);
		expect(judge(doc, (c) => fragment(c).delete(1, 1))).toBe(false);
		expect(judge(doc, (c) => (fragment(c).get(0) as Y.XmlElement).setAttribute('x', '1'))).toBe(true);
		const withAttr = paragraphs('One');
		(fragment(withAttr).get(0) as Y.XmlElement).setAttribute('x', '1');
		expect(judge(withAttr, (c) => (fragment(c).get(0) as Y.XmlElement).setAttribute('x', '1'))).toBe(false);
		expect(
			judge(doc, (c) =>
				c.transact(() => {
					const again = (fragment(c).get(0) as Y.XmlElement).clone();
					fragment(c).delete(0, 1);
					fragment(c).insert(0, [again]);
				})
			)
		).toBe(false);
		expect(
			judge(doc, (c) =>
				c.transact(() => {
					textOf(c, 0).delete(1, 2);
					textOf(c, 0).insert(1, 'ne');
				})
			)
		).toBe(false);
	});

	it('what the editor writes on opening a template that ends in a list (its trailing empty paragraph) does not', () => {
		const template = contentDoc(TEMPLATES.social_value.content);
		const changed = judge(template, (c) => {
			const schema = documentSchema();
			const shown = yXmlFragmentToProseMirrorRootNode(fragment(c), schema);
			expect(shown.lastChild?.type.name).not.toBe('paragraph');
			const withTrailing = shown.copy(shown.content.addToEnd(schema.nodes.paragraph.create()));
			updateYFragment(c, fragment(c), withTrailing, { mapping: new Map(), isOMark: new Map() });
		});
		expect(changed).toBe(false);
	});

	it('an edit inside a paragraph someone else removed meanwhile does not', () => {
		const server = paragraphs('One', 'Two');
		const a = new Y.Doc();
		Y.applyUpdate(a, Y.encodeStateAsUpdate(server));
		const before = Y.encodeStateVector(a);
		textOf(a, 1).insert(3, ' more');
		const late = Y.encodeStateAsUpdate(a, before);
		fragment(server).delete(1, 1);
		const verdicts: boolean[] = [];
		server.on('afterTransaction', (tr: Y.Transaction) => verdicts.push(changesContent(tr)));
		Y.applyUpdate(server, late);
		expect(verdicts).toEqual([false]);
	});
});
