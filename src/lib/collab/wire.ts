// What the browser and the collaboration server agree on over the socket: y-websocket's message types,
// Parity's two own messages, and the close codes. Imported by both sides (no dependencies).

/** y-websocket's message types (the first varUint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Parity's save confirmation: `[varUint 100][varUint8Array Y.encodeStateVector(doc)]`. */
export const MESSAGE_SAVED = 100;
/**
 * Parity's own signal (sent only to clients that asked for save confirmations, `?ack=1`): the document's
 * comments or suggestions changed, so reload them. It carries nothing else.
 */
export const MESSAGE_ANNOTATIONS = 101;

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

/** Close codes after which the client stays disconnected: reconnecting would be refused again. */
export const FINAL_CLOSES: readonly number[] = [CLOSE.unauthenticated, CLOSE.forbidden, CLOSE.notFound];
