// What Tiptap's Link extension does besides defining the mark: links found in what people type (autolink) and
// paste, and a pasted address over selected words becoming their link. Loaded once the live editor is ready
// (session.ts), since it carries linkify and its list of top-level domains; the editor starts with the mark
// alone (src/lib/domain/link-mark.ts) and empty places for these plugins (late-plugins.ts). The plugins are
// Link's own, made for the editor's link mark.
import { getExtensionField, pasteRulesPlugin, type Editor, type PasteRule } from '@tiptap/core';
import { Link } from '@tiptap/extension-link';
import type { Plugin } from '@tiptap/pm/state';
import { LINK_OPTIONS } from '../domain/link-mark.ts';

/** Link's plugins (four: paste rules, autolink, clicks, pastes over a selection) for the editor's link mark. */
export function linkPlugins(editor: Editor): Plugin[] {
	const link = Link.configure({ ...LINK_OPTIONS, protocols: [...LINK_OPTIONS.protocols] });
	const context = {
		name: link.name,
		options: link.options,
		storage: link.storage,
		editor,
		type: editor.schema.marks.link
	};
	// Link's start: it registers the schemes with linkify.
	getExtensionField<() => void>(link, 'onCreate', context)?.();
	const rules = getExtensionField<() => PasteRule[]>(link, 'addPasteRules', context)?.() ?? [];
	const own = getExtensionField<() => Plugin[]>(link, 'addProseMirrorPlugins', context)?.() ?? [];
	return [...(rules.length ? pasteRulesPlugin({ editor, rules }) : []), ...own];
}
