// Browser side of live editing: one Y.Doc, a y-websocket provider to /collab/<id>?ack=1, and a Tiptap editor
// bound to it. Loaded only on the document page (dynamic import), since the editor is large.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { contentExtensions } from '../editor/extensions.ts';
import { ownChangesConfirmed, saveState, type Connection, type SaveState } from './save-status.ts';

export const MESSAGE_SAVED = 100;

export type Person = { clientId: number; name: string; color: string; self: boolean };
export type SessionState = {
	save: SaveState;
	people: Person[];
	/** Set when the server refused a change as too large (close code 4413). */
	refused: string | null;
	/** Set when the server closed the connection for good (access removed, document deleted). */
	closed: string | null;
};

export type SessionOptions = {
	documentId: string;
	element: HTMLElement;
	editable: boolean;
	user: { name: string; color: string };
	onState: (s: SessionState) => void;
};

export function colourFor(seed: string): string {
	const palette = ['#1d4f91', '#a4262c', '#1a6d3a', '#6b2fa3', '#8a4b00', '#0b6e74', '#9c1f6e', '#3d5a00'];
	let h = 0;
	for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
	return palette[h % palette.length];
}

export function startSession(opts: SessionOptions) {
	const ydoc = new Y.Doc();
	const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
	const provider = new WebsocketProvider(base, opts.documentId, ydoc, {
		params: { ack: '1' },
		disableBc: true
	});

	let connection: Connection = 'connecting';
	let synced = false;
	let serverVector = new Map<number, number>();
	let pending = 0;
	let refused: string | null = null;
	let closed: string | null = null;

	const ownCovered = () =>
		ownChangesConfirmed(serverVector, Y.decodeStateVector(Y.encodeStateVector(ydoc)), ydoc.clientID);

	const emit = () => {
		const covered = ownCovered();
		if (covered && connection === 'connected') pending = 0;
		const people: Person[] = [];
		for (const [clientId, state] of provider.awareness.getStates()) {
			const user = (state as { user?: { name?: string; color?: string } }).user;
			if (user?.name)
				people.push({
					clientId,
					name: user.name,
					color: user.color ?? '#444',
					self: clientId === ydoc.clientID
				});
		}
		opts.onState({ save: saveState({ connection, synced, covered, pending }), people, refused, closed });
	};

	provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
		serverVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
		emit();
	};
	provider.on('status', ({ status }) => {
		connection = status;
		emit();
	});
	provider.on('sync', (s: boolean) => {
		synced = s;
		emit();
	});
	provider.on('connection-close', (event) => {
		if (!event) return;
		if (event.code === 4413) refused = 'Your last change was too large to save, so it was not saved.';
		else if (event.code === 4401 || event.code === 4403)
			closed = 'You no longer have access to edit this document. Reload the page.';
		else if (event.code === 4404) closed = 'This document no longer exists.';
		emit();
	});
	provider.awareness.on('change', emit);
	ydoc.on('update', (_update: Uint8Array, origin: unknown) => {
		if (origin !== provider) {
			pending++;
			emit();
		}
	});

	const editor = new Editor({
		element: opts.element,
		editable: opts.editable,
		extensions: [
			...contentExtensions(),
			Collaboration.configure({ document: ydoc, field: 'default' }),
			CollaborationCaret.configure({ provider, user: opts.user })
		],
		editorProps: {
			attributes: {
				class: 'editor-surface',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': 'Document text',
				...(opts.editable ? {} : { 'aria-readonly': 'true' })
			}
		}
	});

	const onBeforeUnload = (e: BeforeUnloadEvent) => {
		if (!ownCovered() && pending > 0) e.preventDefault();
	};
	window.addEventListener('beforeunload', onBeforeUnload);

	return {
		editor,
		provider,
		ydoc,
		/** Forget the refusal after the person has seen it (and perhaps undone the change). */
		clearRefusal() {
			refused = null;
			emit();
		},
		destroy() {
			window.removeEventListener('beforeunload', onBeforeUnload);
			editor.destroy();
			provider.destroy();
			ydoc.destroy();
		}
	};
}

export type EditingSession = ReturnType<typeof startSession>;
