// Browser side of live editing, first half: one Y.Doc and its y-websocket provider to /collab/<id>?ack=1, with
// what the save status, the people present and the server's refusals are made of. No editor: the document
// page loads this small module first, so the socket connects and syncs while the editor's code (session.ts,
// Tiptap and ProseMirror) is still on its way.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE, FINAL_CLOSES, MESSAGE_ANNOTATIONS, MESSAGE_AWARENESS, MESSAGE_SAVED } from './wire.ts';
import type { EditMode } from '../editor/annotations.ts';
import {
	CONFIRM_WITHIN_MS,
	countChanges,
	describeChange,
	ownChangesConfirmed,
	saveState,
	type Connection as SocketState,
	type SaveState
} from './save-status.ts';

/**
 * This client's caret and selection go to the server at most this often (the latest state wins): the server
 * closes a socket that sends awareness faster than it allows (COLLAB_MAX_AWARENESS_PER_SECOND, 30 by
 * default), and a drag-selection or a held arrow key changes the selection on every frame.
 */
const AWARENESS_INTERVAL_MS = 50;

export type Person = { clientId: number; name: string; color: string; self: boolean };
export type SessionState = {
	save: SaveState;
	people: Person[];
	/**
	 * Set when the server refused a change as too large (close code 4413): what the change was. The session
	 * then stays disconnected (no reconnect loop) until the person discards the unsaved change.
	 */
	refused: string | null;
	/** Set when the server closed the connection for good (access removed, document deleted). */
	closed: string | null;
};

export type ConnectionOptions = {
	documentId: string;
	/**
	 * `edit` (editors, facilitators): writes, and may switch to suggesting; `suggest` (commenters): what they
	 * type becomes a suggestion and nothing is written to the document; `read` (observers): no changes.
	 */
	mode: EditMode;
	onState: (s: SessionState) => void;
	/** Someone commented, suggested, or decided a suggestion on this document: reload them. */
	onAnnotationsChanged?: () => void;
};

/** Opens the document's Y.Doc and its socket; the editor binds to them later (session.ts). */
export function openConnection(opts: ConnectionOptions) {
	const ydoc = new Y.Doc();
	const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
	const provider = new WebsocketProvider(base, opts.documentId, ydoc, {
		params: { ack: '1' },
		disableBc: true
	});

	const readOnly = opts.mode !== 'edit';
	let connection: SocketState = 'connecting';
	let synced = false;
	let serverVector = new Map<number, number>();
	/** This client's edits the server has not confirmed yet: when, their size and the text they insert. */
	let unconfirmed: { at: number; bytes: number; text: string }[] = [];
	/**
	 * The server is not answering: its confirmation of an edit is overdue, or the browser went offline. Until
	 * it answers again, the status says "Offline".
	 */
	let unreachable = false;
	let confirmTimer: ReturnType<typeof setTimeout> | null = null;
	let refused: string | null = null;
	let closed: string | null = null;

	const ownCovered = () =>
		ownChangesConfirmed(serverVector, Y.decodeStateVector(Y.encodeStateVector(ydoc)), ydoc.clientID);

	const emit = () => {
		const covered = ownCovered();
		if (covered && connection === 'connected') unconfirmed = [];
		const pending = countChanges(unconfirmed.map((u) => u.at));
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
		const shown = unreachable ? 'disconnected' : connection;
		opts.onState({
			save: saveState({ connection: shown, synced, covered, pending }),
			people,
			refused,
			closed
		});
	};

	/** A new socket now (unless the session stays disconnected: a refused change, access removed). */
	const reconnect = () => {
		if (!provider.shouldConnect) return;
		provider.disconnect();
		provider.connect();
	};
	/** Expects the server to confirm this client's edits soon, once the socket has synced. */
	const expectConfirmation = () => {
		if (confirmTimer || readOnly) return;
		confirmTimer = setTimeout(() => {
			confirmTimer = null;
			if (!provider.synced || !provider.shouldConnect || ownCovered()) return;
			unreachable = true;
			emit();
			// Nothing at all from the server for as long: the socket is dead, though the browser has not noticed.
			if (Date.now() - provider.wsLastMessageReceived >= CONFIRM_WITHIN_MS) reconnect();
		}, CONFIRM_WITHIN_MS);
	};
	const onOffline = () => {
		unreachable = true;
		emit();
	};
	const onOnline = () => {
		if (unreachable) reconnect();
	};
	window.addEventListener('offline', onOffline);
	window.addEventListener('online', onOnline);

	provider.messageHandlers[MESSAGE_ANNOTATIONS] = () => opts.onAnnotationsChanged?.();
	provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
		serverVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
		unreachable = false;
		if (confirmTimer) clearTimeout(confirmTimer);
		confirmTimer = null;
		if (!ownCovered()) expectConfirmation();
		emit();
	};
	provider.on('status', ({ status }) => {
		connection = status;
		emit();
	});
	provider.on('sync', (s: boolean) => {
		synced = s;
		if (s && !ownCovered()) expectConfirmation();
		emit();
	});
	provider.on('connection-close', (event) => {
		if (!event) return;
		if (event.code === CLOSE.tooLarge) {
			// Reconnecting would send the same change again and be refused again: stay offline and say which
			// change it was (the largest one not yet confirmed).
			provider.disconnect();
			const biggest = unconfirmed.reduce<{ bytes: number; text: string } | null>(
				(a, b) => (a && a.bytes >= b.bytes ? a : b),
				null
			);
			refused = biggest ? describeChange(biggest) : 'Your last change was too large for the server to save.';
		} else if (FINAL_CLOSES.includes(event.code)) {
			provider.disconnect();
			closed =
				event.code === CLOSE.notFound
					? 'This document no longer exists.'
					: opts.mode === 'edit'
						? 'You no longer have access to edit this document. Reload the page.'
						: 'Your access to this document has changed. Reload the page.';
		}
		emit();
	});
	provider.awareness.on('change', emit);
	// y-websocket sends every awareness change at once, remote ones included (the server drops those): send
	// only this client's state instead, throttled.
	provider.awareness.off('update', provider._awarenessUpdateHandler);
	let awarenessTimer: ReturnType<typeof setTimeout> | null = null;
	let awarenessSentAt = 0;
	const sendAwareness = () => {
		awarenessTimer = null;
		awarenessSentAt = Date.now();
		const ws = provider.ws;
		if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(
			e,
			awarenessProtocol.encodeAwarenessUpdate(provider.awareness, [ydoc.clientID])
		);
		ws.send(encoding.toUint8Array(e));
	};
	const onAwarenessUpdate = ({
		added,
		updated,
		removed
	}: Record<'added' | 'updated' | 'removed', number[]>) => {
		if (awarenessTimer || ![...added, ...updated, ...removed].includes(ydoc.clientID)) return;
		const wait = awarenessSentAt + AWARENESS_INTERVAL_MS - Date.now();
		if (wait <= 0) sendAwareness();
		else awarenessTimer = setTimeout(sendAwareness, wait);
	};
	provider.awareness.on('update', onAwarenessUpdate);
	// Commenters' and observers' sockets are read-only: the server closes one that sends a change (4403).
	// Their editor never changes the document, but the Yjs binding can: it deletes from the local Y.Doc what
	// the editor's schema cannot show (an element or a mark written by an integration, say). Such changes
	// stay local; the provider never sends them, and they are not this person's changes to save.
	if (readOnly) ydoc.off('update', provider._updateHandler);
	ydoc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== provider && !readOnly) {
			unconfirmed.push({ at: Date.now(), bytes: update.byteLength, text: insertedText(update) });
			expectConfirmation();
			emit();
		}
	});

	const onBeforeUnload = (e: BeforeUnloadEvent) => {
		if (!ownCovered() && unconfirmed.length > 0) e.preventDefault();
	};
	window.addEventListener('beforeunload', onBeforeUnload);

	return {
		provider,
		ydoc,
		/** Resolves once the document has first come from the server (at once if it has). */
		synced: (): Promise<void> =>
			provider.synced
				? Promise.resolve()
				: new Promise((resolve) => {
						const once = (s: boolean) => {
							if (!s) return;
							provider.off('sync', once);
							resolve();
						};
						provider.on('sync', once);
					}),
		destroy() {
			window.removeEventListener('beforeunload', onBeforeUnload);
			window.removeEventListener('offline', onOffline);
			window.removeEventListener('online', onOnline);
			if (confirmTimer) clearTimeout(confirmTimer);
			provider.awareness.off('update', onAwarenessUpdate);
			if (awarenessTimer) clearTimeout(awarenessTimer);
			provider.destroy();
			ydoc.destroy();
		}
	};
}

/** The text an update inserts (for naming a change to the person who made it). */
function insertedText(update: Uint8Array): string {
	let text = '';
	for (const s of Y.decodeUpdate(update).structs) {
		if (s instanceof Y.Item && s.content instanceof Y.ContentString) text += s.content.str;
		if (text.length > 200) break;
	}
	return text;
}

export type LiveConnection = ReturnType<typeof openConnection>;
