// The document's content model: the Tiptap extensions (StarterKit, tables, links) that define which nodes and
// marks a policy may hold. One module, with no DOM and no editor UI, imported by the browser editor, the
// server's templates and restores, the renderer's tests, and document import and export, so that all of them
// agree on the schema of the `default` fragment.
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';

export function contentExtensions(): AnyExtension[] {
	return [
		StarterKit.configure({
			undoRedo: false,
			link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] }
		}),
		TableKit.configure({ table: { resizable: false } })
	];
}

let schema: Schema | undefined;

/** The ProseMirror schema built from `contentExtensions`, once. */
export function documentSchema(): Schema {
	schema ??= getSchema(contentExtensions());
	return schema;
}
