// The y-websocket wire protocol as the collaboration server speaks it, plus Parity's save confirmation,
// and the checks that decide whether an update may be applied. No I/O here.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Parity's save confirmation: `[varUint 100][varUint8Array Y.encodeStateVector(doc)]`. */
export const MESSAGE_SAVED = 100;
/**
 * Parity's own signal (sent only to clients that asked for save confirmations, `?ack=1`): the document's
 * comments or suggestions changed, so reload them. It carries nothing else.
 */
export const MESSAGE_ANNOTATIONS = 101;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Close codes. 44xx tell y-websocket's client not to reconnect. */
export const CLOSE = {
	/** Session or token no longer valid. */
	unauthenticated: 4401,
	/** Not allowed: no longer a member, or a write the socket may not make. */
	forbidden: 4403,
	/** The document was deleted. */
	notFound: 4404,
	/** A message that is not the protocol. */
	malformed: 4400,
	/** Message or document over its size limit. */
	tooLarge: 4413,
	/** The server is shutting down (the client reconnects). */
	goingAway: 1001,
	/** The server could not store an update (the client reconnects and re-sends). */
	storageFailure: 1011
} as const;

export function syncStep1(stateVector: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_SYNC);
	encoding.writeVarUint(e, SYNC_STEP_1);
	encoding.writeVarUint8Array(e, stateVector);
	return encoding.toUint8Array(e);
}

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	return syncStep2FromUpdate(Y.encodeStateAsUpdate(doc, stateVector));
}

export function syncStep2FromUpdate(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_SYNC);
	encoding.writeVarUint(e, SYNC_STEP_2);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

export function syncUpdate(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_SYNC);
	encoding.writeVarUint(e, SYNC_UPDATE);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

export function awarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(e, awarenessUpdate);
	return encoding.toUint8Array(e);
}

/** An awareness message with no entry: keeps the client's 30 s "no message received" watchdog quiet. */
export const KEEPALIVE = awarenessMessage(new Uint8Array([0]));

export function savedMessage(stateVector: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_SAVED);
	encoding.writeVarUint8Array(e, stateVector);
	return encoding.toUint8Array(e);
}

export function annotationsMessage(): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_ANNOTATIONS);
	return encoding.toUint8Array(e);
}

/** A message the server received, decoded far enough to route it. Throws on malformed input. */
export type Incoming =
	| { type: 'sync-step-1'; stateVector: Uint8Array }
	| { type: 'update'; update: Uint8Array; step: 'sync-step-2' | 'update' }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' };

export class MalformedMessage extends Error {}

export function decodeMessage(data: Uint8Array): Incoming {
	const d = decoding.createDecoder(data);
	const type = decoding.readVarUint(d);
	switch (type) {
		case MESSAGE_SYNC: {
			const step = decoding.readVarUint(d);
			const payload = decoding.readVarUint8Array(d);
			if (step === SYNC_STEP_1) {
				// Validate now so a bad vector is refused as malformed, not thrown later.
				Y.decodeStateVector(payload);
				return { type: 'sync-step-1', stateVector: payload };
			}
			if (step === SYNC_STEP_2 || step === SYNC_UPDATE)
				return { type: 'update', update: payload, step: step === SYNC_STEP_2 ? 'sync-step-2' : 'update' };
			throw new MalformedMessage(`unknown sync step ${step}`);
		}
		case MESSAGE_AWARENESS:
			return { type: 'awareness', update: decoding.readVarUint8Array(d) };
		case MESSAGE_QUERY_AWARENESS:
			return { type: 'query-awareness' };
		default:
			throw new MalformedMessage(`unknown message type ${type}`);
	}
}

/** What an update would add, checked before it is applied. */
export type UpdateCheck = {
	/** Client ids for which the update carries structs the document does not have yet. */
	newClients: number[];
	/** Whether it deletes something the document has not deleted yet. */
	newDeletions: boolean;
};

/**
 * Decodes the whole update (throws on a malformed one, so nothing half-applies) and compares it with the
 * document: structs beyond its state vector (`Y.parseUpdateMeta`) and deletions it does not hold.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateCheck {
	const { ds } = Y.decodeUpdate(update);
	const meta = Y.parseUpdateMeta(update);
	const newClients: number[] = [];
	for (const [client, to] of meta.to) {
		if (to > Y.getState(doc.store, client)) newClients.push(client);
	}
	let newDeletions = false;
	if (ds.clients.size > 0) {
		const have = Y.createDeleteSetFromStructStore(doc.store);
		outer: for (const [client, items] of ds.clients) {
			const ranges = have.clients.get(client) ?? [];
			for (const item of items) {
				if (item.len > 0 && !covered(ranges, item.clock, item.len)) {
					newDeletions = true;
					break outer;
				}
			}
		}
	}
	return { newClients, newDeletions };
}

/** Whether [clock, clock+len) lies inside the sorted, merged ranges. */
function covered(ranges: { clock: number; len: number }[], clock: number, len: number): boolean {
	let lo = 0;
	let hi = ranges.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const r = ranges[mid];
		if (r.clock + r.len <= clock) lo = mid + 1;
		else if (r.clock > clock) hi = mid - 1;
		else return clock + len <= r.clock + r.len;
	}
	return false;
}

export type AwarenessEntry = { clientId: number; clock: number; state: Record<string, unknown> | null };

/** Decodes an awareness update (y-protocols format). Throws on malformed input. */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
	const d = decoding.createDecoder(update);
	const n = decoding.readVarUint(d);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < n; i++) {
		const clientId = decoding.readVarUint(d);
		const clock = decoding.readVarUint(d);
		const state: unknown = JSON.parse(decoding.readVarString(d));
		if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
			throw new MalformedMessage('awareness state must be an object or null');
		entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
	}
	return entries;
}

export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(e, entry.clientId);
		encoding.writeVarUint(e, entry.clock);
		encoding.writeVarString(e, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(e);
}

/** Colours for carets and names: each has at least 4.5:1 contrast with white text and on a white page. */
const PALETTE = [
	'#1d4ed8',
	'#b91c1c',
	'#047857',
	'#7e22ce',
	'#a16207',
	'#0e7490',
	'#be185d',
	'#4d7c0f',
	'#c2410c',
	'#4338ca'
];

/** A user's colour, stable across sessions and documents. */
export function userColour(userId: string): string {
	let h = 2166136261;
	for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 16777619);
	return PALETTE[(h >>> 0) % PALETTE.length];
}
