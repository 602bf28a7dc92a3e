// What the collaboration servers of several processes tell each other over the bus (bus.ts): one channel per
// live document, one for access changes. See docs/collab.md, "Several processes".
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const RELAY = {
	/** Updates a process stored (one commit), and the client ids claimed in it. */
	updates: 1,
	/** An awareness update, as the process relayed it to its own sockets (stamped, filtered). */
	awareness: 2,
	/** The document's comments or suggestions changed. */
	annotations: 3,
	/** The document was deleted. */
	deleted: 4,
	/** The sender missed messages (its Redis connection was lost): reload the document from the database. */
	reload: 5,
	/** A process opened the document: send it the awareness states of your sockets. */
	awarenessQuery: 6,
	/** On ACCESS_CHANNEL: sockets matching the filter (JSON) re-check their access. */
	access: 7
} as const;

export const ACCESS_CHANNEL = 'parity:access';
export const documentChannel = (documentId: string) => `parity:doc:${documentId}`;

export type Claim = { clientId: number; userId: string };

export function encodeUpdates(updates: readonly Uint8Array[], claims: readonly Claim[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, updates.length);
	for (const u of updates) encoding.writeVarUint8Array(e, u);
	encoding.writeVarUint(e, claims.length);
	for (const c of claims) {
		encoding.writeVarUint(e, c.clientId);
		encoding.writeVarString(e, c.userId);
	}
	return encoding.toUint8Array(e);
}

export function decodeUpdates(payload: Uint8Array): { updates: Uint8Array[]; claims: Claim[] } {
	const d = decoding.createDecoder(payload);
	const updates: Uint8Array[] = [];
	for (let n = decoding.readVarUint(d); n > 0; n--) updates.push(decoding.readVarUint8Array(d));
	const claims: Claim[] = [];
	for (let n = decoding.readVarUint(d); n > 0; n--)
		claims.push({ clientId: decoding.readVarUint(d), userId: decoding.readVarString(d) });
	return { updates, claims };
}
