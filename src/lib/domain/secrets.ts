// Secrets and digests, each made one way: random values from Web Crypto, SHA-256 as lower-case hex, and a
// comparison that takes the same time whatever the inputs. Tokens, one-time links, guest cookies, ids,
// content hashes and the register's chain all use these.
import { createHash, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

function randomBytes(count: number): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(count));
}

/** `bytes` random bytes in lower-case base32 (a secret for a link, a cookie or a token; an id). */
export function randomBase32(bytes: number): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

/** `bytes` random bytes as lower-case hex. */
export function randomHex(bytes: number): string {
	return encodeHexLowerCase(randomBytes(bytes));
}

/** SHA-256 of a text's UTF-8 bytes (or of the bytes), as 64 lower-case hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The stored form of a secret (a session, a token, a link, a cookie): its SHA-256, never the secret. */
export function hashSecret(secret: string): string {
	return sha256Hex(secret);
}

/** Whether two texts are equal, in constant time for texts of the same length. */
export function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a, 'utf8');
	const y = Buffer.from(b, 'utf8');
	return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether `secret` is the one whose `hashSecret` was stored, in constant time. */
export function matchesSecret(storedHash: string, secret: string): boolean {
	return sameText(storedHash, hashSecret(secret));
}
