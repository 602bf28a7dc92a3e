// Browser side of live editing, second half: the Tiptap editor bound to the document's Y.Doc (connection.ts
// holds the Y.Doc and its socket). Loaded only on the document page (dynamic import), since the editor is
// large; the page starts loading it with the connection and opens the socket first.
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { editorContentExtensions } from '../editor/content-extensions.ts';
import { latePlugins } from '../editor/late-plugins.ts';
import { FRAGMENT } from '../domain/fragment.ts';
import '../editor/tiptap.css';
import { createAnnotations, type PendingSuggestion } from '../editor/annotations.ts';
import { TrailingNodeOnOwnEdits } from '../editor/trailing-node.ts';
import { openConnection, type ConnectionOptions, type LiveConnection } from './connection.ts';

/** A user's colour: the one the collaboration server stamps on their caret for everyone else. */
export { userColour as colourFor } from './colours.ts';

export type SessionOptions = ConnectionOptions & {
	element: HTMLElement;
	user: { name: string; color: string };
	onPending?: (pending: PendingSuggestion | null, outdated: string | null) => void;
	onNotice?: (message: string) => void;
	onDecorated?: () => void;
	onTabOut?: () => boolean;
};

/**
 * Binds an editor to the document's connection: the one given (opened while this module loaded), or a new one.
 * The session owns the connection from then on: destroying it closes the socket.
 */
export function startSession(opts: SessionOptions, connection: LiveConnection = openConnection(opts)) {
	const { ydoc, provider } = connection;
	const annotations = createAnnotations({
		ydoc,
		mode: opts.mode,
		onPending: opts.onPending,
		onNotice: opts.onNotice,
		onDecorated: opts.onDecorated,
		onTabOut: opts.onTabOut
	});
	const editable = opts.mode !== 'read';
	// Link detection's four plugins, once their code has come (link-behaviour.ts).
	const late = latePlugins(4);
	const editor = new Editor({
		element: opts.element,
		editable,
		// Its style comes from tiptap.css: the Content-Security-Policy refuses the <style> element it would add.
		injectCSS: false,
		extensions: [
			...editorContentExtensions(),
			late.extension,
			TrailingNodeOnOwnEdits,
			Collaboration.configure({ document: ydoc, field: FRAGMENT }),
			CollaborationCaret.configure({ provider, user: opts.user }),
			annotations.extension
		],
		editorProps: {
			attributes: {
				class: 'editor-surface',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': 'Document text',
				'aria-describedby': 'doc-editor-mode',
				...(editable ? {} : { 'aria-readonly': 'true' })
			}
		}
	});

	// After the editor: on a slow link it is ready sooner without linkify and its list of top-level domains.
	if (editable)
		void import('../editor/link-behaviour.ts')
			.then(({ linkPlugins }) => {
				if (!editor.isDestroyed) late.fill(linkPlugins(editor));
			})
			.catch((error: unknown) => console.error('link detection did not load', error));

	return {
		editor,
		provider,
		ydoc,
		annotations,
		destroy() {
			editor.destroy();
			connection.destroy();
		}
	};
}

export type EditingSession = ReturnType<typeof startSession>;
