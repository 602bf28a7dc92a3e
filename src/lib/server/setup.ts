import { eq } from 'drizzle-orm';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { DB } from './db/index.ts';
import { settings } from './db/schema/index.ts';
import { hashSecret } from './auth/session.ts';
import { countUsers } from './users.ts';

const KEY = 'setup_code_hash';

/**
 * Prepares the first-run set-up: when no user exists, stores the hash of a one-time code (SETUP_CODE, or a new
 * random one) and returns the code so the entry point can print it. Returns null once an account exists.
 */
export function prepareSetupCode(db: DB, fromEnv = process.env.SETUP_CODE): string | null {
	if (countUsers(db) > 0) return null;
	const code = fromEnv?.trim() || randomCode();
	db.insert(settings)
		.values({ key: KEY, value: hashSecret(code), updatedAt: Date.now() })
		.onConflictDoUpdate({ target: settings.key, set: { value: hashSecret(code), updatedAt: Date.now() } })
		.run();
	return code;
}

/** Twelve random digits in two groups (about 40 bits; attempts are rate-limited per address). */
function randomCode(): string {
	const digits: string[] = [];
	while (digits.length < 12) {
		const [x] = crypto.getRandomValues(new Uint8Array(1));
		if (x < 250) digits.push(String(x % 10)); // no modulo bias
	}
	return `${digits.slice(0, 6).join('')}-${digits.slice(6).join('')}`;
}

export function checkSetupCode(db: DB, code: string): boolean {
	const row = db.select().from(settings).where(eq(settings.key, KEY)).get();
	if (!row) return false;
	const a = new TextEncoder().encode(hashSecret(code.trim()));
	const b = new TextEncoder().encode(row.value);
	return a.length === b.length && constantTimeEqual(a, b);
}

export function clearSetupCode(db: DB): void {
	db.delete(settings).where(eq(settings.key, KEY)).run();
}

export function needsSetup(db: DB): boolean {
	return countUsers(db) === 0;
}
