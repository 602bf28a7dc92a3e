import { hash, verify } from '@node-rs/argon2';

// argon2id, 19 MiB, 2 iterations, parallelism 1 (OWASP's minimum recommendation).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: (() => void)[] = [];

/** At most two hashes at once, so a burst of sign-ins cannot exhaust memory or starve the event loop. */
async function limited<T>(fn: () => Promise<T>): Promise<T> {
	if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await fn();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

export function hashPassword(password: string): Promise<string> {
	return limited(() => hash(password.normalize('NFKC'), OPTIONS));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return limited(async () => {
		try {
			return await verify(passwordHash, password.normalize('NFKC'));
		} catch {
			return false;
		}
	});
}

/** A hash of a random password, verified against when the account does not exist (no user enumeration by timing). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(crypto.randomUUID());
	return dummyHash;
}

const COMMON = new Set(
	`password password1 password12 password123 password1234 passw0rd 123456789 1234567890 12345678910 qwertyuiop
qwerty123 qwerty1234 iloveyou1 sunshine1 princess1 football1 baseball1 welcome1 welcome123 letmein123
abc1234567 1q2w3e4r5t 1qaz2wsx3edc zaq12wsx trustno1 superman1 starwars1 dragon1234 monkey1234
changeme123 administrator adminadmin admin12345 rootroot11 11111111111 00000000000 aaaaaaaaaa
qwertyuiopasdfghjkl nhsnhsnhs london2024 london2025 london2026 password2024 password2025 password2026
parityparity charity123 volunteer1 community1 partnership`.split(/\s+/)
);

/** Returns a message saying why a password is too weak, or null when it is acceptable. */
export function passwordProblem(
	password: string,
	context: { email?: string; name?: string } = {}
): string | null {
	if (password.length < 10) return 'Use at least 10 characters.';
	if (password.length > 256) return 'Use at most 256 characters.';
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|abcdefghij)/.test(lower))
		return 'This password is too common; choose another.';
	const local = context.email?.split('@')[0]?.toLowerCase();
	if (local && local.length >= 4 && lower.includes(local))
		return 'Do not use your email address in your password.';
	return null;
}
