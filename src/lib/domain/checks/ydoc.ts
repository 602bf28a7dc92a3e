// The drafting checks' view of a document's Yjs content (the server side; the editor uses its own document).
import * as Y from 'yjs';
import { FRAGMENT } from '../fragment.ts';
import { fromTree, type Structure, type TreeNode } from './structure.ts';

const OBJECT = '\uFFFC';

function node(n: Y.XmlElement | Y.XmlText): TreeNode {
	if (n instanceof Y.XmlText) {
		let s = '';
		for (const op of n.toDelta() as { insert: unknown }[])
			s += typeof op.insert === 'string' ? op.insert : OBJECT;
		return { text: s };
	}
	return {
		type: n.nodeName,
		level: Number(n.getAttribute('level')) || undefined,
		children: n
			.toArray()
			.flatMap((c) => (c instanceof Y.XmlText || c instanceof Y.XmlElement ? [node(c)] : []))
	};
}

export function structureOfYDoc(doc: Y.Doc): Structure {
	const fragment = doc.getXmlFragment(FRAGMENT);
	return fromTree({
		type: 'doc',
		children: fragment
			.toArray()
			.flatMap((c) => (c instanceof Y.XmlText || c instanceof Y.XmlElement ? [node(c)] : []))
	});
}
