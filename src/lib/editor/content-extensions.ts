// The live editor's content extensions: the document's schema (src/lib/domain/document-schema.ts) built from
// StarterKit's parts one by one, with the link mark alone (src/lib/domain/link-mark.ts) instead of Tiptap's
// Link, whose behaviour (and linkify) loads once the editor is ready (link-behaviour.ts). StarterKit itself
// cannot be used here: it imports Link, and with it linkify, whether or not Link is configured.
// tests/unit/editor-schema.test.ts checks that these give the same schema as the server's.
import type { AnyExtension } from '@tiptap/core';
import { Blockquote } from '@tiptap/extension-blockquote';
import { Bold } from '@tiptap/extension-bold';
import { Code } from '@tiptap/extension-code';
import { CodeBlock } from '@tiptap/extension-code-block';
import { Document } from '@tiptap/extension-document';
import { HardBreak } from '@tiptap/extension-hard-break';
import { Heading } from '@tiptap/extension-heading';
import { HorizontalRule } from '@tiptap/extension-horizontal-rule';
import { Italic } from '@tiptap/extension-italic';
// From each extension's own module: the packages' main modules make every extension they hold at load, so
// the bundle would keep them all (task lists, undo with its history, placeholders) though none is used.
import { BulletList } from '@tiptap/extension-list/bullet-list';
import { ListItem } from '@tiptap/extension-list/item';
import { ListKeymap } from '@tiptap/extension-list/keymap';
import { OrderedList } from '@tiptap/extension-list/ordered-list';
import { Paragraph } from '@tiptap/extension-paragraph';
import { Strike } from '@tiptap/extension-strike';
import { Text } from '@tiptap/extension-text';
import { Underline } from '@tiptap/extension-underline';
import { Dropcursor } from '@tiptap/extensions/drop-cursor';
import { Gapcursor } from '@tiptap/extensions/gap-cursor';
import { TrailingNode } from '@tiptap/extensions/trailing-node';
import { TableKit } from '@tiptap/extension-table';
import { LinkMark } from '../domain/link-mark.ts';
import { TABLE_OPTIONS } from '../domain/table-options.ts';

/** StarterKit's extensions in its order, without undo (the collaboration binding has its own). */
export function editorContentExtensions(): AnyExtension[] {
	return [
		Bold,
		Blockquote,
		BulletList,
		Code,
		CodeBlock,
		Document,
		Dropcursor,
		Gapcursor,
		HardBreak,
		Heading,
		HorizontalRule,
		Italic,
		ListItem,
		ListKeymap,
		LinkMark,
		OrderedList,
		Paragraph,
		Strike,
		Text,
		Underline,
		TrailingNode,
		TableKit.configure(TABLE_OPTIONS)
	];
}
