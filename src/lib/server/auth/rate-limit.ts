import { eq, sql } from 'drizzle-orm';
import { one, transaction, type DB } from '../db/index.ts';
import { loginThrottle } from '../db/schema/index.ts';

/** Failures allowed before back-off starts. */
export const FREE_FAILURES = 3;
/** The longest wait after repeated failures for one (account, address) pair. */
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failed sign-ins one address may make in a window, across all accounts. */
export const IP_WINDOW_MS = 15 * 60 * 1000;
export const IP_MAX_FAILURES = 50;
/** Counters are forgotten after a quiet day. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/** Exponential back-off: no wait for the first few failures, then 1 s, 2 s, 4 s … up to 15 minutes. */
export function backoffDelay(failures: number): number {
	if (failures < FREE_FAILURES) return 0;
	return Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(30, failures - FREE_FAILURES));
}

/**
 * The back-off is per (account, address): a stranger guessing a chair's password slows down only their own
 * attempts from their own address, and never locks the chair out.
 */
export function accountKey(email: string, ip: string): string {
	return `acct:${email.toLowerCase()}|ip:${ip}`;
}
export function ipKey(ip: string): string {
	return `ip:${ip}`;
}

export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

async function row(db: DB, key: string, now: number) {
	const r = one(await db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).limit(1));
	if (r && now - r.updatedAt > FORGET_AFTER_MS) {
		await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
		return undefined;
	}
	return r;
}

/** Whether the limits allow another password check now (read only; see reserveAttempt). */
export async function checkSignIn(
	db: DB,
	email: string,
	ip: string,
	now = Date.now()
): Promise<ThrottleCheck> {
	const perIp = await row(db, ipKey(ip), now);
	if (perIp && now - perIp.windowStart < IP_WINDOW_MS && perIp.failures >= IP_MAX_FAILURES)
		return { allowed: false, retryAfterMs: perIp.windowStart + IP_WINDOW_MS - now };
	const perAccount = await row(db, accountKey(email, ip), now);
	if (perAccount && perAccount.blockedUntil > now)
		return { allowed: false, retryAfterMs: perAccount.blockedUntil - now };
	return { allowed: true };
}

export async function recordFailure(db: DB, email: string, ip: string, now = Date.now()): Promise<void> {
	await transaction(db, async () => {
		const acct = accountKey(email, ip);
		const a = await row(db, acct, now);
		const failures = (a?.failures ?? 0) + 1;
		const blockedUntil = now + backoffDelay(failures);
		await db
			.insert(loginThrottle)
			.values({ key: acct, failures, blockedUntil, windowStart: a?.windowStart ?? now, updatedAt: now })
			.onConflictDoUpdate({ target: loginThrottle.key, set: { failures, blockedUntil, updatedAt: now } });
		const i = await row(db, ipKey(ip), now);
		const fresh = !i || now - i.windowStart >= IP_WINDOW_MS;
		const ipFailures = fresh ? 1 : i.failures + 1;
		const windowStart = fresh ? now : i.windowStart;
		await db
			.insert(loginThrottle)
			.values({ key: ipKey(ip), failures: ipFailures, blockedUntil: 0, windowStart, updatedAt: now })
			.onConflictDoUpdate({
				target: loginThrottle.key,
				set: { failures: ipFailures, windowStart, updatedAt: now }
			});
	});
}

/**
 * Counts a password check before it happens: reserve, then check. The limits are read and the attempt is
 * recorded as a failure in one transaction, so guesses that arrive together cannot all pass the check before
 * any of them is recorded (the check alone let 16 of 150 simultaneous guesses through where 3 should pass).
 * Call it before any password is hashed — signing in, and every re-check of a password (changing it) — and
 * call recordSuccess when the password was right.
 */
export async function reserveAttempt(
	db: DB,
	email: string,
	ip: string,
	now = Date.now()
): Promise<ThrottleCheck> {
	return transaction(db, async () => {
		const check = await checkSignIn(db, email, ip, now);
		if (check.allowed) await recordFailure(db, email, ip, now);
		return check;
	});
}

/** The message for a refused attempt, naming the wait in whole seconds. */
export function waitMessage(retryAfterMs: number): string {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	return `Too many attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
}

/** A right password: the pair's back-off is forgotten and the address gets its reserved attempt back. */
export async function recordSuccess(db: DB, email: string, ip: string): Promise<void> {
	await transaction(db, async () => {
		await db.delete(loginThrottle).where(eq(loginThrottle.key, accountKey(email, ip)));
		await db
			.update(loginThrottle)
			.set({
				failures: sql`case when ${loginThrottle.failures} > 1 then ${loginThrottle.failures} - 1 else 0 end`
			})
			.where(eq(loginThrottle.key, ipKey(ip)));
	});
}
