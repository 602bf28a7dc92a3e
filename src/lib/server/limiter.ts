// The one rate limiter for requests: a fixed window per key, for cheap per-address limits (set-up attempts,
// password-reset requests, invitation lookups, joining through a public link, register downloads and
// verification, single sign-on starts). Counted in memory in a single process; with REDIS_URL (several
// processes behind a proxy) counted in Redis, so that a limit is one limit across every process. If Redis does
// not answer, each process counts in its own memory meanwhile (said once in the log): a limit gets looser,
// requests are never all refused. Sign-in back-off is different: it is stored, per account and address, in the
// database (auth/rate-limit.ts), which every process shares.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimited } from './errors.ts';

/** Counts a hit and gives the count and the milliseconds left in the window, in one round trip. */
const HIT = `local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

type Shared = { client: Redis | null; loading: Promise<Redis | null> | null; down: boolean };
// Symbol.for: the production entry and the bundled SvelteKit handler hold separate copies of this module.
const SHARED = Symbol.for('parity.limiter.redis');
const shared = ((globalThis as Record<symbol, unknown>)[SHARED] ??= {
	client: null,
	loading: null,
	down: false
}) as Shared;

/** The shared Redis connection for limits (made on first use; ioredis is loaded only then). */
async function redis(): Promise<Redis | null> {
	const url = process.env.REDIS_URL;
	if (!url) return null;
	if (shared.client) return shared.client;
	shared.loading ??= import('ioredis').then(async ({ Redis }) => {
		const client = new Redis(url, {
			// A command while disconnected fails at once (and the limit is counted here), never queues.
			enableOfflineQueue: false,
			maxRetriesPerRequest: 0,
			commandTimeout: 500,
			lazyConnect: false
		});
		client.on('error', () => {}); // reported once per outage, by the limiter
		client.defineCommand('parityHit', { numberOfKeys: 1, lua: HIT });
		// The first requests wait for the connection (a second at most), rather than count in memory.
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, 1000);
			client.once('ready', () => {
				clearTimeout(timer);
				resolve();
			});
		});
		shared.client = client;
		return client;
	});
	return await shared.loading;
}

export class WindowLimiter {
	private hits = new Map<string, { start: number; count: number }>();
	private readonly name: string;
	private readonly max: number;
	private readonly windowMs: number;
	/** `name` tells this limit's counts from others' in Redis. */
	constructor(name: string, max: number, windowMs: number) {
		this.name = name;
		this.max = max;
		this.windowMs = windowMs;
	}

	/** Counts a hit; returns the milliseconds to wait when over the limit, or 0. */
	async hit(key: string, now = Date.now()): Promise<number> {
		const client = await redis();
		if (client) {
			try {
				// The key may be an address or an email address: Redis keeps only a digest of it.
				const digest = createHash('sha256').update(key).digest('base64url').slice(0, 22);
				const [count, ttl] = await (
					client as Redis & { parityHit: (key: string, ms: number) => Promise<[number, number]> }
				).parityHit(`parity:limit:${this.name}:${digest}`, this.windowMs);
				if (shared.down) {
					shared.down = false;
					console.error('Parity: rate limits: Redis answers again; limits are shared again.');
				}
				return count > this.max ? Math.max(ttl, 1) : 0;
			} catch (e) {
				if (!shared.down) {
					shared.down = true;
					console.error(
						`Parity: rate limits: Redis does not answer (${(e as Error).message}); each process counts its own until it does.`
					);
				}
			}
		}
		return this.hitHere(key, now);
	}

	/** Counts a hit, and refuses it with `RateLimited` when over the limit; `message` may say how long to wait. */
	async take(key: string, message: (waitSeconds: number) => string, now = Date.now()): Promise<void> {
		const wait = await this.hit(key, now);
		if (wait > 0) throw new RateLimited(message(Math.ceil(wait / 1000)));
	}

	/** The count in this process's memory. */
	private hitHere(key: string, now: number): number {
		const h = this.hits.get(key);
		if (!h || now - h.start >= this.windowMs) {
			if (this.hits.size > 10_000) this.prune(now);
			this.hits.set(key, { start: now, count: 1 });
			return 0;
		}
		h.count++;
		return h.count > this.max ? h.start + this.windowMs - now : 0;
	}

	private prune(now: number) {
		for (const [k, h] of this.hits) if (now - h.start >= this.windowMs) this.hits.delete(k);
	}
}
