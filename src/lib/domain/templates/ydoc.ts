// Turns ProseMirror/Tiptap JSON (templates, blank pages) into Yjs content with the editor's own schema, so what
// the server writes is exactly what the browser editor reads. Runs in Node without a DOM.
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { documentSchema } from '../document-schema.ts';
import { FRAGMENT } from '../fragment.ts';
import type { PMNode } from './build.ts';

/**
 * Appends ProseMirror JSON to a Y.Doc's `default` fragment. Throws when the JSON does not fit the editor's
 * schema (an unknown node, or content where the schema does not allow it).
 */
export function writeContent(doc: Y.Doc, content: PMNode): void {
	documentSchema().nodeFromJSON(content).check();
	prosemirrorJSONToYXmlFragment(documentSchema(), content, doc.getXmlFragment(FRAGMENT));
}

/** A new Y.Doc holding the content. */
export function contentDoc(content: PMNode): Y.Doc {
	const doc = new Y.Doc();
	writeContent(doc, content);
	return doc;
}
