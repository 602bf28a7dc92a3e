// The one in-memory rate limiter: a fixed window per key, for cheap per-address limits that protect this
// process (set-up attempts, password-reset requests, invitation lookups, joining through a public link,
// register downloads and verification). Sign-in back-off is different: it is stored, per account and
// address (auth/rate-limit.ts).
import { RateLimited } from './errors.ts';

export class WindowLimiter {
	private hits = new Map<string, { start: number; count: number }>();
	private readonly max: number;
	private readonly windowMs: number;
	constructor(max: number, windowMs: number) {
		this.max = max;
		this.windowMs = windowMs;
	}

	/** Counts a hit; returns the milliseconds to wait when over the limit, or 0. */
	hit(key: string, now = Date.now()): number {
		const h = this.hits.get(key);
		if (!h || now - h.start >= this.windowMs) {
			if (this.hits.size > 10_000) this.prune(now);
			this.hits.set(key, { start: now, count: 1 });
			return 0;
		}
		h.count++;
		return h.count > this.max ? h.start + this.windowMs - now : 0;
	}

	/** Counts a hit, and refuses it with `RateLimited` when over the limit; `message` may say how long to wait. */
	take(key: string, message: (waitSeconds: number) => string, now = Date.now()): void {
		const wait = this.hit(key, now);
		if (wait > 0) throw new RateLimited(message(Math.ceil(wait / 1000)));
	}

	private prune(now: number) {
		for (const [k, h] of this.hits) if (now - h.start >= this.windowMs) this.hits.delete(k);
	}
}
