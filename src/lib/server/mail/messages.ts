/** The messages people ask for or are sent by someone else: invitations and password resets. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { transaction, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import { passwordResets, users } from '../db/schema/index.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { hashSecret, randomBase32 } from '../../domain/secrets.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { formatDateTime } from '../../domain/time.ts';
import { mailConfig } from './config.ts';
import { enqueue } from './queue.ts';
import { renderMail } from './render.ts';
import { unsubscribePaths, unsubscribeToken } from './unsubscribe.ts';

export const RESET_LIFETIME_MS = 30 * 60_000;

export async function sendInvitationMail(
	db: DB,
	input: {
		email: string;
		token: string;
		workspaceId: string;
		workspaceName: string;
		inviterName: string;
		role: string;
		organisationName: string | null;
		expiresAt: number;
		timeZone: string;
	}
): Promise<string | null> {
	const config = mailConfig();
	const link = `${config.origin}/invite/${input.token}`;
	const paths = unsubscribePaths(await unsubscribeToken(db, { kind: 'address', email: input.email }));
	const unsub = config.origin + paths.oneClick;
	const page = config.origin + paths.page;
	const mail = renderMail({
		subject: `${input.inviterName} invited you to ${input.workspaceName} on Parity`,
		intro: [
			'Hello,',
			`${input.inviterName} invited you to join ${input.workspaceName} on Parity as ${/^[aeiou]/i.test(input.role) ? 'an' : 'a'} ${input.role}${input.organisationName ? `, acting for ${input.organisationName}` : ''}.`,
			'Parity is where the partnership drafts policies together, comments, votes and records its decisions in the open.'
		],
		action: { label: 'Accept the invitation', url: link },
		outro: [`The link works once, until ${formatDateTime(input.expiresAt, input.timeZone)}.`],
		footer:
			'You get this because someone in the partnership entered your address. If you were not expecting it, you can ignore it.',
		unsubscribeUrl: page
	});
	return await enqueue(db, {
		to: input.email,
		workspaceId: input.workspaceId,
		kind: 'invitation',
		...mail,
		unsubscribeUrl: unsub
	});
}

/**
 * Starts a password reset for an address. Whether or not an account uses it, the caller shows the same
 * answer; only an existing account gets a message. The link works once, for 30 minutes.
 */
export async function requestPasswordReset(db: DB, email: string, now = Date.now()): Promise<void> {
	const user = one(await db.select().from(users).where(eq(users.email, email)).limit(1));
	if (!user || user.isDemo) return;
	const token = randomBase32(20);
	await db.insert(passwordResets).values({
		id: newId(),
		userId: user.id,
		tokenHash: hashSecret(token),
		createdAt: now,
		expiresAt: now + RESET_LIFETIME_MS
	});
	const config = mailConfig();
	const mail = renderMail({
		subject: 'Reset your Parity password',
		intro: [
			`Hello ${user.name},`,
			'Someone (we hope you) asked to reset the password for your Parity account.'
		],
		action: { label: 'Choose a new password', url: `${config.origin}/reset/${token}` },
		outro: [
			'The link works once, for 30 minutes. Choosing a new password signs you out everywhere else.',
			'If you did not ask for this, ignore this message: your password stays as it is.'
		],
		footer: 'You get this because a password reset was asked for on the Parity sign-in page.'
	});
	await enqueue(db, { to: user.email, userId: user.id, kind: 'password_reset', ...mail }, now);
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
		if (!used.changes) return false;
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
