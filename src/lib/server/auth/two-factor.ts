// Two-factor sign-in (docs/security.md): setting up an authenticator, its recovery codes, the second step of
// signing in, turning it off, and an administrator's reset for someone who lost both. Codes themselves are
// auth/totp.ts; who must use it is auth/two-factor-rule.ts.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { affected, getDb, one, transaction, type DB } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { recoveryCodes, sessions, twoFactor, users } from '../db/schema/index.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { authorize } from '../policy/index.ts';
import type { Actor } from '../policy/rules.ts';
import { recordForPerson } from '../governance/history.ts';
import { sendTwoFactorResetMail } from '../mail/messages.ts';
import { invalidateSession, invalidateUserSessions, openSession, generateSessionToken } from './session.ts';
import { twoFactorReason, type TwoFactorSubject } from './two-factor-rule.ts';
import * as totp from './totp.ts';
import { matchesSecret } from '../../domain/secrets.ts';

/** How long the first step of a two-factor sign-in waits for its code. */
export const CHALLENGE_LIFETIME = 10 * 60_000;
/** The cookie that names it, sent only to the second step's page. */
export const CHALLENGE_COOKIE = 'parity_two_factor';
export const CHALLENGE_PATH = '/login/two-factor';

/**
 * The name wrong codes are counted under in the sign-in throttle (auth/rate-limit.ts): the person's, apart from
 * their password's, so that typing the right password again does not forgive wrong codes.
 */
export function codeThrottleName(email: string): string {
	return `two-factor:${email}`;
}

const WRONG_CODE = 'That code is not right. Type the 6 digits your authenticator app shows now.';

async function row(db: DB, userId: string) {
	return one(await db.select().from(twoFactor).where(eq(twoFactor.userId, userId)).limit(1));
}

async function codesLeft(db: DB, userId: string): Promise<number> {
	return (
		one(
			await db
				.select({ n: sql<number>`count(*)` })
				.from(recoveryCodes)
				.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
		)?.n ?? 0
	);
}

export type TwoFactorStatus = {
	enabled: boolean;
	enabledAt: number | null;
	required: boolean;
	/** Why it is required, in words (null: it is the person's choice). */
	reason: string | null;
	recoveryCodesLeft: number;
};

/** Whether the person uses two-factor sign-in, whether they must, and how many recovery codes are left. */
export async function twoFactorStatus(db: DB, user: TwoFactorSubject): Promise<TwoFactorStatus> {
	const r = await row(db, user.id);
	const enabled = !!r?.enabledAt;
	const reason = await twoFactorReason(db, user);
	return {
		enabled,
		enabledAt: r?.enabledAt ?? null,
		required: reason !== null,
		reason,
		recoveryCodesLeft: enabled ? await codesLeft(db, user.id) : 0
	};
}

/** Whether the person has confirmed an authenticator (signing in then asks for a code). */
export async function usesTwoFactor(db: DB, userId: string): Promise<boolean> {
	return !!(await row(db, userId))?.enabledAt;
}

/**
 * The key to put into an authenticator app, made on first asking and kept until it is confirmed (so the page
 * can be shown again, without JavaScript, between scanning and typing the code).
 */
export async function setupKey(
	db: DB,
	user: { id: string; email: string; isDemo: boolean },
	now = Date.now()
) {
	// Everyone shares a demo account's published password: an authenticator would lock the others out.
	if (user.isDemo) throw new Conflict('Demo accounts are shared, so they do not use two-factor sign-in.');
	let r = await row(db, user.id);
	if (r?.enabledAt) throw new Conflict('Two-factor sign-in is already on.');
	if (!r) {
		await db
			.insert(twoFactor)
			.values({ userId: user.id, secret: totp.newKey(), createdAt: now })
			.onConflictDoNothing();
		r = (await row(db, user.id))!;
	}
	return { grouped: totp.groupedKey(r.secret), uri: totp.keyUri(r.secret, user.email) };
}

/** Accepts a code from the person's authenticator once: the step it was made for is remembered. */
async function takeCode(db: DB, userId: string, typed: string, now: number): Promise<boolean> {
	const r = await row(db, userId);
	if (!r) return false;
	const step = totp.matchingStep(r.secret, typed, r.lastUsedStep, now);
	if (step === null) return false;
	// Only if no later (or the same) step was taken meanwhile: two requests cannot both use one code.
	const taken = await db
		.update(twoFactor)
		.set({ lastUsedStep: step })
		.where(and(eq(twoFactor.userId, userId), sql`coalesce(${twoFactor.lastUsedStep}, -1) < ${step}`));
	return affected(taken) === 1;
}

/** Uses up one of the person's recovery codes. */
async function takeRecoveryCode(db: DB, userId: string, typed: string, now: number): Promise<boolean> {
	const used = await db
		.update(recoveryCodes)
		.set({ usedAt: now })
		.where(
			and(
				eq(recoveryCodes.userId, userId),
				eq(recoveryCodes.codeHash, totp.recoveryCodeHash(typed)),
				isNull(recoveryCodes.usedAt)
			)
		);
	return affected(used) === 1;
}

async function replaceRecoveryCodes(db: DB, userId: string, now: number): Promise<string[]> {
	const codes = totp.newRecoveryCodes();
	await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
	await db
		.insert(recoveryCodes)
		.values(
			codes.map((code) => ({ id: newId(), userId, codeHash: totp.recoveryCodeHash(code), createdAt: now }))
		);
	return codes;
}

/**
 * Turns two-factor sign-in on with the first code from the app, and makes recovery codes (returned, to show
 * once). This session counts as signed in with two factors; every other session of the person ends.
 */
export async function confirmSetup(
	db: DB,
	user: { id: string },
	sessionId: string,
	typed: string,
	now = Date.now()
): Promise<string[]> {
	return await transaction(db, async () => {
		const r = await row(db, user.id);
		if (!r) throw new Conflict('Start again: open the set-up page to get a key.');
		if (r.enabledAt) throw new Conflict('Two-factor sign-in is already on.');
		if (!(await takeCode(db, user.id, typed, now))) throw new Invalid(WRONG_CODE, { code: WRONG_CODE });
		await db.update(twoFactor).set({ enabledAt: now }).where(eq(twoFactor.userId, user.id));
		await db.update(sessions).set({ strong: true }).where(eq(sessions.id, sessionId));
		await invalidateUserSessions(db, user.id, sessionId);
		return await replaceRecoveryCodes(db, user.id, now);
	});
}

/** New recovery codes for a current authenticator code; the old ones stop working. */
export async function renewRecoveryCodes(
	db: DB,
	user: { id: string },
	typed: string,
	now = Date.now()
): Promise<string[]> {
	return await transaction(db, async () => {
		if (!(await usesTwoFactor(db, user.id))) throw new Conflict('Two-factor sign-in is off.');
		if (!(await takeCode(db, user.id, typed, now))) throw new Invalid(WRONG_CODE, { code: WRONG_CODE });
		return await replaceRecoveryCodes(db, user.id, now);
	});
}

/** Turns two-factor sign-in off for a current authenticator code, unless the person must use it. */
export async function turnOff(db: DB, user: TwoFactorSubject, typed: string, now = Date.now()) {
	const reason = await twoFactorReason(db, user);
	if (reason) throw new Conflict(`You must keep two-factor sign-in on. ${reason}`, 'two_factor_required');
	await transaction(db, async () => {
		if (!(await usesTwoFactor(db, user.id))) throw new Conflict('Two-factor sign-in is already off.');
		if (!(await takeCode(db, user.id, typed, now))) throw new Invalid(WRONG_CODE, { code: WRONG_CODE });
		await db.delete(twoFactor).where(eq(twoFactor.userId, user.id));
		await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
	});
}

// ── The second step of signing in ──

/**
 * The first step passed (the password was right): a pending row that is no session (validateSessionToken
 * refuses it), lives ten minutes, and is named by its own cookie. Returns the cookie's token.
 */
export async function openChallenge(db: DB, userId: string, now = Date.now()) {
	const token = generateSessionToken();
	const row = await openSession(db, token, userId, now, {
		pending: true,
		strong: false,
		lifetime: CHALLENGE_LIFETIME
	});
	return { token, expiresAt: row.expiresAt };
}

/** The person a challenge cookie names, while it is open. */
export async function findChallenge(db: DB, token: string, now = Date.now()) {
	const dot = token.indexOf('.');
	if (dot < 1 || token.length > 200) return null;
	const r = one(
		await db
			.select({
				id: sessions.id,
				secretHash: sessions.secretHash,
				expiresAt: sessions.expiresAt,
				user: users
			})
			.from(sessions)
			.innerJoin(users, eq(users.id, sessions.userId))
			.where(and(eq(sessions.id, token.slice(0, dot)), eq(sessions.pending, true)))
			.limit(1)
	);
	if (!r || !matchesSecret(r.secretHash, token.slice(dot + 1)) || r.expiresAt <= now) return null;
	return { id: r.id, user: r.user };
}

/**
 * Checks the second step's code: an authenticator code (once only) or one of the recovery codes (used up).
 * Returns how the person proved it, or null.
 */
export async function checkSecondFactor(
	db: DB,
	userId: string,
	typed: string,
	now = Date.now()
): Promise<'authenticator' | 'recovery code' | null> {
	if (typed.length > 64) return null;
	return await transaction(db, async () => {
		if (totp.looksLikeRecoveryCode(typed))
			return (await takeRecoveryCode(db, userId, typed, now)) ? 'recovery code' : null;
		return (await takeCode(db, userId, typed, now)) ? 'authenticator' : null;
	});
}

/** Ends a challenge (done, or given up). */
export async function closeChallenge(db: DB, id: string): Promise<void> {
	await invalidateSession(db, id);
}

// ── An administrator's reset ──

/** Whom an administrator is about to reset: their name and email, and whether two-factor sign-in is on. */
export async function resetSubject(actor: Actor, userId: string) {
	authorize(actor, 'account.resetTwoFactor', null, {});
	const db = getDb();
	const user = one(await db.select().from(users).where(eq(users.id, userId)).limit(1));
	if (!user) throw new NotFound('No such person.');
	const status = await twoFactorStatus(db, user);
	return { id: user.id, name: user.name, email: user.email, ...status };
}

/**
 * Removes a person's authenticator and recovery codes (they lost both) and ends their sessions: they set it up
 * again at their next sign-in if they must. Recorded in the governance history of each of their workspaces,
 * and the person is told by email.
 */
export async function resetTwoFactor(actor: Actor, userId: string, reason: string, now = Date.now()) {
	authorize(actor, 'account.resetTwoFactor', null, {});
	return await removeTwoFactor(getDb(), userId, { by: actor.user!, reason }, now);
}

/**
 * The reset itself, also for the command line (`npm run admin -- user reset-two-factor`), where `by` is null:
 * the server's operator, for an administrator locked out with nobody to reset them.
 */
export async function removeTwoFactor(
	db: DB,
	userId: string,
	reset: { by: { id: string; name: string } | null; reason: string },
	now = Date.now()
) {
	const who = reset.by ? 'an administrator' : 'the server’s operator';
	return await transaction(db, async () => {
		const user = one(await db.select().from(users).where(eq(users.id, userId)).limit(1));
		if (!user) throw new NotFound('No such person.');
		if (!(await row(db, user.id))) throw new Conflict(`${user.name} has no two-factor sign-in to reset.`);
		await db.delete(twoFactor).where(eq(twoFactor.userId, user.id));
		await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
		await invalidateUserSessions(db, user.id);
		await recordForPerson(
			db,
			user.id,
			reset.by,
			{
				kind: 'account.two-factor-reset',
				summary: `${user.name}: two-factor sign-in reset by ${who}. Reason: ${reset.reason}`
			},
			now
		);
		await sendTwoFactorResetMail(
			db,
			user,
			{ adminName: reset.by?.name ?? 'The operator of your Parity server', reason: reset.reason },
			now
		);
		return { id: user.id, name: user.name };
	});
}
