// The bus between Parity processes that serve the same database (REDIS_URL set): Redis publish/subscribe, one
// publishing and one subscribing connection per process. A message is a 16-byte process id (a process ignores
// its own), one byte saying what it is, and its payload. Nothing here is stored: what matters is in the
// database, and a process that missed messages (Redis lost, restarted, or not there yet) reloads its live
// documents from the database when its connections come back (`onResync`). See docs/collab.md, "Several
// processes".
import { randomBytes } from 'node:crypto';

export type BusHandler = (kind: number, payload: Uint8Array) => void;
type Logger = (message: string, error?: unknown) => void;

export interface Bus {
	/** This process's id (hex), for diagnostics. */
	readonly id: string;
	/** Whether both connections are up. */
	readonly up: boolean;
	/**
	 * Hands the channel's messages from other processes to `handler`; resolves once Redis confirmed the
	 * subscription (at once while Redis is away: the subscription is made when it comes back, then `onResync`).
	 */
	follow(channel: string, handler: BusHandler): Promise<void>;
	unfollow(channel: string): void;
	/** Publishes to the other processes; dropped while Redis is away (they reload after it comes back). */
	publish(channel: string, kind: number, payload?: Uint8Array): void;
	/** Called each time a connection came back (and is subscribed again): what was missed must be reloaded. */
	onResync(fn: () => void): void;
	close(): Promise<void>;
}

const ID_BYTES = 16;
const EMPTY = new Uint8Array(0);

/**
 * Opens the two connections (they connect, and reconnect, in the background). The Redis client is loaded
 * here, so a process without REDIS_URL never loads it.
 */
export async function openBus(url: string, log: Logger): Promise<Bus> {
	const { Redis } = await import('ioredis');
	const self = randomBytes(ID_BYTES);
	const options = {
		// A command while disconnected fails at once instead of waiting in a queue that grows for as long as
		// Redis is away: a publish dropped then is made up for by the reload after the reconnect.
		enableOfflineQueue: false,
		// The subscriptions are made again by this module, which then asks for the reload.
		autoResubscribe: false,
		maxRetriesPerRequest: 1,
		retryStrategy: (times: number) => Math.min(times * 100, 1_000)
	};
	const pub = new Redis(url, { ...options, connectionName: 'parity-pub' });
	const sub = new Redis(url, { ...options, connectionName: 'parity-sub' });
	const handlers = new Map<string, BusHandler>();
	const resync: (() => void)[] = [];
	let closing = false;
	const down = { pub: true, sub: true };

	// One line per connection and outage, not one per retry.
	const told = { pub: false, sub: false };
	for (const [name, conn] of [
		['pub', pub],
		['sub', sub]
	] as const) {
		conn.on('error', (e: Error) => {
			if (closing || told[name]) return;
			told[name] = true;
			log(`redis (${name}): ${e.message}; retrying`);
		});
		conn.on('close', () => {
			if (!down[name] && !closing && !told[name]) {
				told[name] = true;
				log(`redis connection lost (${name}); live documents reload from the database when it is back`);
			}
			down[name] = true;
		});
		conn.on('ready', () => {
			if (told[name]) log(`redis (${name}) is back`);
			told[name] = false;
		});
	}

	function fireResync(): void {
		if (closing || handlers.size === 0) return;
		for (const fn of resync) fn();
	}

	pub.on('ready', () => {
		down.pub = false;
		// What this process published while away never arrived: the others reload (through onResync's hints).
		fireResync();
	});
	sub.on('ready', () => {
		const channels = [...handlers.keys()];
		const subscribed = channels.length > 0 ? sub.subscribe(...channels) : Promise.resolve();
		subscribed.then(
			() => {
				down.sub = false;
				fireResync();
			},
			(e: unknown) => log('redis: could not subscribe again (will retry on the next reconnect)', e)
		);
	});
	sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
		if (message.length <= ID_BYTES || self.equals(message.subarray(0, ID_BYTES))) return;
		const handler = handlers.get(channel.toString());
		if (!handler) return;
		try {
			handler(message[ID_BYTES], message.subarray(ID_BYTES + 1));
		} catch (e) {
			log(`redis: a message on ${channel.toString()} could not be handled`, e);
		}
	});

	return {
		id: self.toString('hex'),
		get up() {
			return !down.pub && !down.sub;
		},
		async follow(channel, handler) {
			const known = handlers.has(channel);
			handlers.set(channel, handler);
			if (known && !down.sub) return;
			if (sub.status !== 'ready') return;
			try {
				await sub.subscribe(channel);
			} catch (e) {
				// The connection went away meanwhile: the subscription is made when it is back.
				if (!closing) log(`redis: could not follow ${channel} (until the reconnect)`, e);
			}
		},
		unfollow(channel) {
			if (!handlers.delete(channel)) return;
			if (sub.status === 'ready') sub.unsubscribe(channel).catch(() => {});
		},
		publish(channel, kind, payload = EMPTY) {
			if (closing || pub.status !== 'ready') return;
			const message = Buffer.allocUnsafe(ID_BYTES + 1 + payload.length);
			self.copy(message, 0);
			message[ID_BYTES] = kind;
			message.set(payload, ID_BYTES + 1);
			pub.publish(channel, message).catch(() => {
				// Lost with the connection: the others reload when it is back.
			});
		},
		onResync(fn) {
			resync.push(fn);
		},
		async close() {
			closing = true;
			handlers.clear();
			await Promise.allSettled([pub.quit(), sub.quit()]);
			pub.disconnect();
			sub.disconnect();
		}
	};
}
