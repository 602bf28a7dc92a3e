// Public links and the people who join through one. A link's secret and each person's cookie secret are
// stored as SHA-256 only; joining is rate-limited per address and per link.
import type { DB } from '../db/index.ts';
import { hashSecret, matchesSecret, randomBase32 } from '../../domain/secrets.ts';
import { RateLimited } from '../errors.ts';
import * as repo from './repository.ts';
import type { Guest } from './repository.ts';

/** The cookie of a person who joined through a link: `<guestId>.<secret>`, sent to /consult only. */
export const GUEST_COOKIE = 'parity_consult';

/** A new secret (160 random bits) and the hash that is stored. */
export function newSecret(): { secret: string; hash: string } {
	const secret = randomBase32(20);
	return { secret, hash: hashSecret(secret) };
}

/** The stored hash of what looks like a link's secret, or null for anything else. */
export function linkHash(token: string): string | null {
	return /^[a-z2-7]{20,64}$/.test(token) ? hashSecret(token) : null;
}

/** The person behind a guest cookie, for this consultation only, while their link is still valid. */
export async function guestFromCookie(
	db: DB,
	cookie: string | undefined,
	consultationId: string
): Promise<Guest | null> {
	const [id, secret] = (cookie ?? '').split('.');
	if (!id || !secret) return null;
	const row = await repo.guestWithLink(db, id);
	if (!row || row.guest.consultationId !== consultationId || row.revokedAt !== null) return null;
	return matchesSecret(row.guest.secretHash, secret) ? row.guest : null;
}

// Joining through a link is limited per address and per link (in memory: one process serves Parity).
const JOIN_WINDOW_MS = 10 * 60 * 1000;
const JOINS_PER_ADDRESS = 10;
const JOINS_PER_LINK = 300;
const joinLog = new Map<string, number[]>();

function hit(key: string, max: number, now: number): boolean {
	const recent = (joinLog.get(key) ?? []).filter((t) => now - t < JOIN_WINDOW_MS);
	if (recent.length >= max) {
		joinLog.set(key, recent);
		return false;
	}
	recent.push(now);
	joinLog.set(key, recent);
	if (joinLog.size > 10_000) for (const k of [...joinLog.keys()].slice(0, 5000)) joinLog.delete(k);
	return true;
}

/** Counts a join through a link from an address; RateLimited past either limit. */
export function countJoin(linkId: string, ip: string, now: number): void {
	if (!hit(`ip:${ip}|${linkId}`, JOINS_PER_ADDRESS, now) || !hit(`link:${linkId}`, JOINS_PER_LINK, now))
		throw new RateLimited('Too many people joined through this link just now. Try again in a few minutes.');
}
