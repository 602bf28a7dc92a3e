// Tiptap's StarterKit keeps an empty paragraph after a document's closing list or table (TrailingNode), so
// there is always a line to type on. It adds that paragraph after any transaction, including the one that
// shows the document as Yjs holds it: in a shared document that wrote an empty paragraph, credited to
// whoever had merely opened it (a known clash of TrailingNode and Collaboration, tiptap#3729). Here it acts
// only with a change the person makes to the text themselves.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

export const TrailingNodeOnOwnEdits = Extension.create({
	name: 'trailingNodeOnOwnEdits',
	addProseMirrorPlugins() {
		return [
			new Plugin({
				key: new PluginKey('trailingNodeOnOwnEdits'),
				filterTransaction(tr) {
					// TrailingNode skips a round of transactions when one of them carries this meta.
					if (!tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined)
						tr.setMeta('skipTrailingNode', true);
					return true;
				}
			})
		];
	}
});
