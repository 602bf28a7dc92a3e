import { randomBase32 } from '../../domain/secrets.ts';

/** A random identifier: 80 bits, 16 lower-case base32 characters. */
export function newId(): string {
	return randomBase32(10);
}
