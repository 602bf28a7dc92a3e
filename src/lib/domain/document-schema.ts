// The document's content model: the Tiptap extensions (StarterKit, tables, links) that define which nodes and
// marks a policy may hold. One module, with no DOM and no editor UI, imported by the server's templates and
// restores, the renderer's tests, and document import and export, so that all of them agree on the schema of
// the `default` fragment. The live editor builds the same schema from StarterKit's parts
// (src/lib/editor/content-extensions.ts), so that it can load link detection later.
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { LINK_OPTIONS } from './link-mark.ts';
import { TABLE_OPTIONS } from './table-options.ts';

export function contentExtensions(): AnyExtension[] {
	return [
		StarterKit.configure({
			undoRedo: false,
			link: { ...LINK_OPTIONS, protocols: [...LINK_OPTIONS.protocols] }
		}),
		TableKit.configure(TABLE_OPTIONS)
	];
}

let schema: Schema | undefined;

/** The ProseMirror schema built from `contentExtensions`, once. */
export function documentSchema(): Schema {
	schema ??= getSchema(contentExtensions());
	return schema;
}
