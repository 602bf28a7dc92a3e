// Limits and timings of the collaboration server, read from environment variables with defaults.
// Documented in docs/collab.md.

export type CollabLimits = {
	/** Largest WebSocket message accepted (bytes). Larger: closed with 4413. */
	maxMessageBytes: number;
	/** Largest stored size of one document (snapshot + update log, bytes). Over it: closed with 4413. */
	maxDocumentBytes: number;
	/** Open sockets per user across all documents. Over it: the upgrade is refused with 429. */
	maxConnectionsPerUser: number;
	/** Messages per second per socket (sustained); bursts of twice that pass. Over it: reading pauses. */
	maxMessagesPerSecond: number;
	/** Largest awareness state a client may send (its JSON, bytes). Larger: closed with 4413. */
	maxAwarenessBytes: number;
	/**
	 * Awareness states per second per socket (sustained); bursts of twice that pass. Over it: closed with 4413.
	 * Parity's editor sends at most 20 a second.
	 */
	maxAwarenessPerSecond: number;
	/** How often every socket re-checks its session or token and role (ms). */
	recheckMs: number;
	/** How long a room with no connection stays in memory (ms). */
	idleEvictMs: number;
	/** Compact a document's update log into its snapshot once it holds this many rows. */
	compactRows: number;
	/** Compact it also once the log holds this many bytes (a few large updates, such as pasted text). */
	compactBytes: number;
	/** WebSocket ping and keep-alive interval (ms); a socket that misses a pong is dropped. */
	keepaliveMs: number;
	/**
	 * Benchmark mode (off unless set): a workspace id in which a write token of an editor or facilitator
	 * may create a document on first connect, named by the room.
	 */
	benchWorkspaceId: string | null;
};

export const DEFAULT_LIMITS: CollabLimits = {
	maxMessageBytes: 1024 * 1024,
	maxDocumentBytes: 32 * 1024 * 1024,
	maxConnectionsPerUser: 20,
	maxMessagesPerSecond: 60,
	maxAwarenessBytes: 4096,
	maxAwarenessPerSecond: 30,
	recheckMs: 30_000,
	idleEvictMs: 60_000,
	compactRows: 1000,
	compactBytes: 1024 * 1024,
	keepaliveMs: 15_000,
	benchWorkspaceId: null
};

function positiveInt(
	env: NodeJS.ProcessEnv,
	name: string,
	fallback: number,
	max = Number.MAX_SAFE_INTEGER
): number {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n <= 0 || n > max)
		throw new Error(`${name} must be a positive whole number (got ${JSON.stringify(raw)})`);
	return n;
}

/** Reads the COLLAB_* variables. A malformed value is an error at start-up, not a silent default. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): CollabLimits {
	const bench = env.COLLAB_BENCH_WORKSPACE?.trim();
	return {
		maxMessageBytes: positiveInt(env, 'COLLAB_MAX_MESSAGE_BYTES', DEFAULT_LIMITS.maxMessageBytes),
		maxDocumentBytes: positiveInt(env, 'COLLAB_MAX_DOCUMENT_BYTES', DEFAULT_LIMITS.maxDocumentBytes),
		maxConnectionsPerUser: positiveInt(
			env,
			'COLLAB_MAX_CONNECTIONS_PER_USER',
			DEFAULT_LIMITS.maxConnectionsPerUser
		),
		maxMessagesPerSecond: positiveInt(
			env,
			'COLLAB_MAX_MESSAGES_PER_SECOND',
			DEFAULT_LIMITS.maxMessagesPerSecond
		),
		maxAwarenessBytes: positiveInt(env, 'COLLAB_MAX_AWARENESS_BYTES', DEFAULT_LIMITS.maxAwarenessBytes),
		maxAwarenessPerSecond: positiveInt(
			env,
			'COLLAB_MAX_AWARENESS_PER_SECOND',
			DEFAULT_LIMITS.maxAwarenessPerSecond
		),
		// The rule is "at least every 30 s": a longer interval is refused.
		recheckMs: positiveInt(env, 'COLLAB_RECHECK_MS', DEFAULT_LIMITS.recheckMs, 30_000),
		idleEvictMs: positiveInt(env, 'COLLAB_IDLE_EVICT_MS', DEFAULT_LIMITS.idleEvictMs),
		compactRows: positiveInt(env, 'COLLAB_COMPACT_ROWS', DEFAULT_LIMITS.compactRows),
		compactBytes: positiveInt(env, 'COLLAB_COMPACT_BYTES', DEFAULT_LIMITS.compactBytes),
		keepaliveMs: positiveInt(env, 'COLLAB_KEEPALIVE_MS', DEFAULT_LIMITS.keepaliveMs, 25_000),
		benchWorkspaceId: bench ? bench : null
	};
}
