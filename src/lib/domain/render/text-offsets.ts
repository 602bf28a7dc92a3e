/**
 * Where each paragraph, heading and code block of a top-level block starts in the anchors' plain text
 * (../anchor.ts), in the order the block renderer (html.ts) draws them as `<p>`, `<h1>`–`<h6>` and `<pre>`.
 * With these, a page that shows the document in its shape turns a selection of words into plain-text offsets
 * (src/lib/selection-offsets.ts) without the page's text having to read like the anchors' text.
 * Pure code: no DOM, no I/O.
 */
import * as Y from 'yjs';
import type { TextMap } from '../anchor.ts';
import { FRAGMENT } from '../fragment.ts';
import { TEXTBLOCKS } from './nodes.ts';

function collect(el: Y.XmlElement, map: TextMap, out: number[]) {
	if (TEXTBLOCKS.has(el.nodeName)) {
		const entry = map.elements.get(el);
		if (entry) out.push(entry.starts[0] ?? entry.end);
		return;
	}
	for (const child of el.toArray()) if (child instanceof Y.XmlElement) collect(child, map, out);
}

/** For each top-level block, in order: the plain-text offsets where its text blocks start. */
export function textblockStarts(doc: Y.Doc, map: TextMap): number[][] {
	return doc
		.getXmlFragment(FRAGMENT)
		.toArray()
		.map((child, i) => {
			// Text directly in the fragment is drawn as one paragraph (tree.ts).
			if (!(child instanceof Y.XmlElement)) return [map.blocks[i].from];
			const out: number[] = [];
			collect(child, map, out);
			return out;
		});
}
