// The y-websocket wire protocol as the collaboration server speaks it, plus Parity's save confirmation,
// and the checks that decide whether an update may be applied. No I/O here.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	messageYjsSyncStep1 as SYNC_STEP_1,
	messageYjsSyncStep2 as SYNC_STEP_2,
	messageYjsUpdate as SYNC_UPDATE
} from 'y-protocols/sync';
import {
	MESSAGE_ANNOTATIONS,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SAVED,
	MESSAGE_SYNC
} from '../../collab/wire.ts';

export { CLOSE } from '../../collab/wire.ts';

/** A message on the wire: its type (and a sync message's step), then its bytes with their length, if any. */
function message(header: number[], bytes?: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	for (const n of header) encoding.writeVarUint(e, n);
	if (bytes) encoding.writeVarUint8Array(e, bytes);
	return encoding.toUint8Array(e);
}

export function syncStep1(stateVector: Uint8Array): Uint8Array {
	return message([MESSAGE_SYNC, SYNC_STEP_1], stateVector);
}

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	return syncStep2FromUpdate(Y.encodeStateAsUpdate(doc, stateVector));
}

export function syncStep2FromUpdate(update: Uint8Array): Uint8Array {
	return message([MESSAGE_SYNC, SYNC_STEP_2], update);
}

export function syncUpdate(update: Uint8Array): Uint8Array {
	return message([MESSAGE_SYNC, SYNC_UPDATE], update);
}

export function awarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
	return message([MESSAGE_AWARENESS], awarenessUpdate);
}

/** An awareness message with no entry: keeps the client's 30 s "no message received" watchdog quiet. */
export const KEEPALIVE = awarenessMessage(new Uint8Array([0]));

export function savedMessage(stateVector: Uint8Array): Uint8Array {
	return message([MESSAGE_SAVED], stateVector);
}

export function annotationsMessage(): Uint8Array {
	return message([MESSAGE_ANNOTATIONS]);
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
 * document: structs beyond its state vector and deletions it does not hold. Each client's end is read from
 * the decoded structs, as `Y.parseUpdateMeta` reads it (the last struct's clock + length, skips included),
 * so the update is decoded once: on a keystroke that was most of the check's cost.
 */
export function checkUpdate(held: Y.Doc | Held, update: Uint8Array): UpdateCheck {
	const { clock, deleteSet } = held instanceof Y.Doc ? heldIn(held) : held;
	const { structs, ds } = Y.decodeUpdate(update);
	const to = new Map<number, number>();
	for (const s of structs) to.set(s.id.client, s.id.clock + s.length);
	const newClients: number[] = [];
	for (const [client, end] of to) {
		if (end > clock(client)) newClients.push(client);
	}
	let newDeletions = false;
	if (ds.clients.size > 0) {
		const have = deleteSet();
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

/**
 * What the server holds of a document, as `checkUpdate` reads it: each writer's clock, and the deletions, asked
 * for only when an update deletes something. A document not built into a Y.Doc yet answers the clocks from its
 * stored state vector, so an update holding nothing new (a client's answer to the server's sync step 1) does not
 * make the server build it.
 */
export type Held = {
	clock(client: number): number;
	deleteSet(): ReturnType<typeof Y.createDeleteSetFromStructStore>;
};

export function heldIn(doc: Y.Doc): Held {
	return {
		clock: (client) => Y.getState(doc.store, client),
		deleteSet: () => Y.createDeleteSetFromStructStore(doc.store)
	};
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

/** Decodes an awareness update (y-protocols format), with the size of each state's JSON. Throws on malformed input. */
export function decodeAwareness(update: Uint8Array): (AwarenessEntry & { bytes: number })[] {
	const d = decoding.createDecoder(update);
	const n = decoding.readVarUint(d);
	const entries: (AwarenessEntry & { bytes: number })[] = [];
	for (let i = 0; i < n; i++) {
		const clientId = decoding.readVarUint(d);
		const clock = decoding.readVarUint(d);
		const start = d.pos;
		const state: unknown = JSON.parse(decoding.readVarString(d));
		if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
			throw new MalformedMessage('awareness state must be an object or null');
		entries.push({ clientId, clock, state: state as Record<string, unknown> | null, bytes: d.pos - start });
	}
	return entries;
}

/**
 * The part of a client's awareness state that Parity's editor uses: `cursor`, the caret and selection of the
 * collaboration caret (y-prosemirror), as two relative positions `{ anchor, head }`, or null. Everything else
 * is dropped; a cursor of another shape becomes null. The room adds `user` (name and colour) itself.
 */
export function editorAwareness(state: Record<string, unknown>): Record<string, unknown> {
	if (!('cursor' in state)) return {};
	const c = state.cursor;
	if (!isRecord(c)) return { cursor: null };
	const anchor = relativePosition(c.anchor);
	const head = relativePosition(c.head);
	return { cursor: anchor && head ? { anchor, head } : null };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON of a `Y.RelativePosition` (`Y.createRelativePositionFromJSON` reads it), or null if it is not one. */
function relativePosition(v: unknown) {
	if (!isRecord(v)) return null;
	const type = v.type == null ? null : yId(v.type);
	const item = v.item == null ? null : yId(v.item);
	const tname =
		v.tname == null ? null : typeof v.tname === 'string' && v.tname.length <= 100 ? v.tname : undefined;
	const assoc = v.assoc == null ? 0 : Number.isSafeInteger(v.assoc) ? v.assoc : undefined;
	if (type === undefined || item === undefined || tname === undefined || assoc === undefined) return null;
	return { type, tname, item, assoc };
}

function yId(v: unknown): { client: number; clock: number } | undefined {
	if (!isRecord(v)) return undefined;
	const { client, clock } = v;
	const ok = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
	return ok(client) && ok(clock) ? { client, clock } : undefined;
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
