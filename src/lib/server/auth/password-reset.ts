// Password resets: a one-time link, valid for 30 minutes, asked for on the sign-in page; using it sets a new
// password, uses up every open link of the person and ends all their sessions, in one transaction.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { affected, transaction, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { passwordResets, users } from '../db/schema/index.ts';
import { hashSecret, randomBase32 } from '../../domain/secrets.ts';
import { sendPasswordResetMail } from '../mail/messages.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { invalidateUserSessions } from './session.ts';

export const RESET_LIFETIME_MS = 30 * 60_000;

/**
 * Starts a password reset for an address. Whether or not an account uses it, the caller shows the same
 * answer; only an existing account that is not disabled gets a message. The link works once, for 30
 * minutes.
 */
export async function requestPasswordReset(db: DB, email: string, now = Date.now()): Promise<void> {
	const user = one(await db.select().from(users).where(eq(users.email, email)).limit(1));
	if (!user || user.isDemo || user.disabledAt !== null) return;
	const token = randomBase32(20);
	await db.insert(passwordResets).values({
		id: newId(),
		userId: user.id,
		tokenHash: hashSecret(token),
		createdAt: now,
		expiresAt: now + RESET_LIFETIME_MS
	});
	await sendPasswordResetMail(db, user, token, now);
}

/** The reset a link names, if it is still usable. */
export async function findPasswordReset(db: DB, token: string, now = Date.now()) {
	if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
	return (
		one(
			await db
				.select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email })
				.from(passwordResets)
				.innerJoin(users, eq(users.id, passwordResets.userId))
				.where(
					and(
						eq(passwordResets.tokenHash, hashSecret(token)),
						isNull(passwordResets.usedAt),
						gt(passwordResets.expiresAt, now)
					)
				)
				.limit(1)
		) ?? null
	);
}

export type ResetResult = { ok: true; userId: string } | { ok: false; problem: string; gone?: boolean };

/**
 * Sets a new password from a reset link, in one transaction with using the link up (and every other open
 * link of the same person) and ending all the person's sessions. A weak password changes nothing.
 */
export async function resetPassword(
	db: DB,
	token: string,
	password: string,
	now = Date.now()
): Promise<ResetResult> {
	const reset = await findPasswordReset(db, token, now);
	if (!reset) return { ok: false, gone: true, problem: 'This link has expired or has already been used.' };
	const weak = passwordProblem(password, { email: reset.email });
	if (weak) return { ok: false, problem: weak };
	const passwordHash = await hashPassword(password);
	const done = await transaction(db, async (tx) => {
		const used = await tx
			.update(passwordResets)
			.set({ usedAt: now })
			.where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)));
		if (!affected(used)) return false;
		await tx
			.update(passwordResets)
			.set({ usedAt: now })
			.where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
		await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId));
		await invalidateUserSessions(tx, reset.userId);
		return true;
	});
	return done
		? { ok: true, userId: reset.userId }
		: { ok: false, gone: true, problem: 'This link has expired or has already been used.' };
}
