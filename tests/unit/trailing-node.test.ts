import { describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { contentExtensions } from '../../src/lib/domain/document-schema.ts';
import { TrailingNodeOnOwnEdits } from '../../src/lib/editor/trailing-node.ts';

/** The editor's state (no DOM: the plugins alone) over a document that ends in a list. */
function endingInList(extensions = [...contentExtensions(), TrailingNodeOnOwnEdits]) {
	const editor = new Editor({ extensions, content: { type: 'doc', content: [{ type: 'paragraph' }] } });
	const schema = editor.schema;
	const doc = schema.node('doc', null, [
		schema.node('paragraph', null, [schema.text('Intro')]),
		schema.node('bulletList', null, [
			schema.node('listItem', null, [schema.node('paragraph', null, [schema.text('Last item')])])
		])
	]);
	const state = EditorState.create({ doc, plugins: editor.extensionManager.plugins });
	editor.destroy();
	return state;
}

const last = (s: EditorState) => s.doc.lastChild!.type.name;

describe('the trailing empty paragraph', () => {
	it('is not added when Yjs shows the document or when only the selection moves', () => {
		const state = endingInList();
		const shown = state.apply(state.tr.insertText('!', 3).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
		expect(last(shown)).toBe('bulletList');
		expect(last(shown.apply(shown.tr.setSelection(shown.selection)))).toBe('bulletList');
	});

	it('is still added with the person’s own change, and Tiptap alone would add it on showing the document', () => {
		const state = endingInList();
		expect(last(state.apply(state.tr.insertText('!', 3)))).toBe('paragraph');
		const plain = endingInList(contentExtensions());
		expect(
			last(plain.apply(plain.tr.insertText('!', 3).setMeta(ySyncPluginKey, { isChangeOrigin: true })))
		).toBe('paragraph');
	});
});
