// What the editor tells a person about their changes. "All changes saved" appears only once the server has
// confirmed (its type-100 message carries its state vector after each commit) that it holds everything this
// client has.

export type Connection = 'connecting' | 'connected' | 'disconnected';

/**
 * The server confirms a change within milliseconds (it commits at once). Without its confirmation for this
 * long, the connection is taken as lost: y-websocket itself notices a dead socket only after 30 s without a
 * message.
 */
export const CONFIRM_WITHIN_MS = 3000;

/** Edits with less than this between them are one change (typing a phrase), as Undo takes them back. */
export const CHANGE_GAP_MS = 500;

/** How many changes edits made at these times (in order, in ms) are: a pause of CHANGE_GAP_MS starts one. */
export function countChanges(times: number[], gap = CHANGE_GAP_MS): number {
	let n = 0;
	for (let i = 0; i < times.length; i++) if (i === 0 || times[i] - times[i - 1] >= gap) n++;
	return n;
}
export type SaveState =
	| { kind: 'saved' }
	| { kind: 'saving'; pending: number }
	| { kind: 'reconnecting'; pending: number }
	| { kind: 'offline'; pending: number }
	| { kind: 'loading' };

/** Whether the server's state vector covers every client's clock in ours. */
export function covers(server: Map<number, number>, local: Map<number, number>): boolean {
	for (const [client, clock] of local) if ((server.get(client) ?? 0) < clock) return false;
	return true;
}

/**
 * Whether the server has confirmed this client's own changes. Changes from others reached us through the
 * server, so only our own client's clock needs confirming.
 */
export function ownChangesConfirmed(
	server: Map<number, number>,
	local: Map<number, number>,
	clientId: number
): boolean {
	const own = local.get(clientId);
	return own === undefined || (server.get(clientId) ?? 0) >= own;
}

export function saveState(input: {
	connection: Connection;
	synced: boolean;
	covered: boolean;
	pending: number;
}): SaveState {
	const { connection, synced, covered, pending } = input;
	if (connection === 'disconnected') return { kind: 'offline', pending };
	if (connection === 'connecting')
		return pending > 0 || synced ? { kind: 'reconnecting', pending } : { kind: 'loading' };
	if (!synced) return { kind: 'loading' };
	return covered && pending === 0
		? { kind: 'saved' }
		: { kind: 'saving', pending: Math.max(pending, covered ? 0 : 1) };
}

export function describeSaveState(s: SaveState): string {
	const changes = (n: number) => `${n} change${n === 1 ? '' : 's'}`;
	switch (s.kind) {
		case 'saved':
			return 'All changes saved';
		case 'saving':
			return 'Saving…';
		case 'reconnecting':
			return s.pending ? `Reconnecting… ${changes(s.pending)} not yet saved` : 'Reconnecting…';
		case 'offline':
			return s.pending ? `Offline — ${changes(s.pending)} not yet saved` : 'Offline — no unsaved changes';
		case 'loading':
			return 'Connecting…';
	}
}

/** Whether leaving the page now would lose something. */
export function hasUnsaved(s: SaveState): boolean {
	return (s.kind === 'saving' || s.kind === 'reconnecting' || s.kind === 'offline') && s.pending > 0;
}

function size(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
	if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${bytes} bytes`;
}

/** Names a change the server refused as too large: what it inserted, and how big it was. */
export function describeChange(change: { bytes: number; text: string }): string {
	const words = change.text.replace(/\s+/g, ' ').trim();
	const what = words
		? `Your change starting “${words.length > 60 ? words.slice(0, 60).trimEnd() + '…' : words}”`
		: 'Your last change (formatting or layout)';
	return `${what} is too large to save (about ${size(change.bytes)}), so it was not saved.`;
}
