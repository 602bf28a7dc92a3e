import { eq } from 'drizzle-orm';
import { type DB, one } from './db/index.ts';
import { settings } from './db/schema/index.ts';
import { hashSecret, matchesSecret } from '../domain/secrets.ts';
import { countUsers } from './users.ts';

const KEY = 'setup_code_hash';

/**
 * Prepares the first-run set-up: when no user exists, stores the hash of a one-time code (SETUP_CODE, or a new
 * random one) and returns the code so the entry point can print it. Returns null once an account exists.
 */
export async function prepareSetupCode(db: DB, fromEnv = process.env.SETUP_CODE): Promise<string | null> {
	if ((await countUsers(db)) > 0) return null;
	const code = fromEnv?.trim() || randomCode();
	await db
		.insert(settings)
		.values({ key: KEY, value: hashSecret(code), updatedAt: Date.now() })
		.onConflictDoUpdate({ target: settings.key, set: { value: hashSecret(code), updatedAt: Date.now() } });
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

export async function checkSetupCode(db: DB, code: string): Promise<boolean> {
	const row = one(await db.select().from(settings).where(eq(settings.key, KEY)).limit(1));
	if (!row) return false;
	return matchesSecret(row.value, code.trim());
}

export async function clearSetupCode(db: DB): Promise<void> {
	await db.delete(settings).where(eq(settings.key, KEY));
}

export async function needsSetup(db: DB): Promise<boolean> {
	return (await countUsers(db)) === 0;
}
