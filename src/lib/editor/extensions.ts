// The editor's content model, shared by the browser editor and the server (templates, restores), so both
// agree on the schema of the `default` fragment.
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import type { AnyExtension } from '@tiptap/core';

export function contentExtensions(): AnyExtension[] {
	return [
		StarterKit.configure({
			undoRedo: false,
			link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] }
		}),
		TableKit.configure({ table: { resizable: false } })
	];
}
