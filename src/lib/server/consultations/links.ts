// Public links and the people who join through one. A link's secret and each person's cookie secret are
// stored as SHA-256 only; joining is rate-limited per address and per link.
import type { DB } from '../db/index.ts';
import { hashSecret, matchesSecret, randomBase32 } from '../../domain/secrets.ts';
import { WindowLimiter } from '../limiter.ts';
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

// Joining through a link is limited per address and per link, in ten-minute windows (shared by every process
// with REDIS_URL, limiter.ts).
const JOIN_WINDOW_MS = 10 * 60 * 1000;
const joinsPerAddress = new WindowLimiter('join-address', 10, JOIN_WINDOW_MS);
const joinsPerLink = new WindowLimiter('join-link', 300, JOIN_WINDOW_MS);
const tooManyJoins = () => 'Too many people joined through this link just now. Try again in a few minutes.';

/** Counts a join through a link from an address; RateLimited past either limit. */
export async function countJoin(linkId: string, ip: string, now: number): Promise<void> {
	await joinsPerAddress.take(`${ip}|${linkId}`, tooManyJoins, now);
	await joinsPerLink.take(linkId, tooManyJoins, now);
}

// Sending the email confirmation link again is limited per person (three in ten minutes).
const resendsPerGuest = new WindowLimiter('join-resend', 3, JOIN_WINDOW_MS);

/** Counts a request to send a person's confirmation link again; RateLimited past the limit. */
export async function countResend(guestId: string, now: number): Promise<void> {
	await resendsPerGuest.take(
		guestId,
		() => 'The link was sent a few times just now. Check your inbox, or try again in a few minutes.',
		now
	);
}
