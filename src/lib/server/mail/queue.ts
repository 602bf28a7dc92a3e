/** The mail queue in SQLite: what pages and jobs call to send, and what administrators read. */
import { and, desc, eq, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import { affected, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	mailMessages,
	notifications,
	passwordResets,
	type MailKind,
	type MailStatus
} from '../db/schema/index.ts';
import { isSuppressed } from './unsubscribe.ts';

export type MailMessage = typeof mailMessages.$inferSelect;
export type NewMail = {
	to: string;
	userId?: string | null;
	workspaceId?: string | null;
	kind: MailKind;
	subject: string;
	text: string;
	html: string;
	unsubscribeUrl?: string | null;
	/** An iCalendar object to send with the message (text/calendar). */
	calendar?: string | null;
};

const KEY = Symbol.for('parity.mailer');

/** Tells this process's mail worker (if one runs) that there is work, so it need not wait for its timer. */
export function pokeMailer(): void {
	(globalThis as Record<symbol, { poke?: () => void } | undefined>)[KEY]?.poke?.();
}

/**
 * Queues a message; the worker sends it. Returns its id, or null when the address asked for no email (a
 * password reset, which the person asked for themselves, and a security notice about their account are always
 * sent).
 */
export async function enqueue(db: DB, mail: NewMail, now = Date.now()): Promise<string | null> {
	// Messages the person asked for themselves, and those about their account's security, go even to an address
	// that asked for no invitations.
	const always = mail.kind === 'password_reset' || mail.kind === 'account' || mail.kind === 'security';
	if (!always && (await isSuppressed(db, mail.to))) return null;
	const id = newId();
	await db.insert(mailMessages).values({
		id,
		to: mail.to,
		userId: mail.userId ?? null,
		workspaceId: mail.workspaceId ?? null,
		kind: mail.kind,
		subject: mail.subject,
		text: mail.text,
		html: mail.html,
		unsubscribeUrl: mail.unsubscribeUrl ?? null,
		calendar: mail.calendar ?? null,
		status: 'queued',
		nextAttemptAt: now,
		createdAt: now
	});
	queueMicrotask(pokeMailer);
	return id;
}

export async function dueMessages(db: DB, now: number, limit = 20): Promise<MailMessage[]> {
	return await db
		.select()
		.from(mailMessages)
		.where(and(eq(mailMessages.status, 'queued'), lte(mailMessages.nextAttemptAt, now)))
		.orderBy(mailMessages.nextAttemptAt)
		.limit(limit);
}

export async function nextAttemptAt(db: DB): Promise<number | null> {
	return (
		one(
			await db
				.select({ at: sql<number | null>`min(${mailMessages.nextAttemptAt})` })
				.from(mailMessages)
				.where(eq(mailMessages.status, 'queued'))
				.limit(1)
		)?.at ?? null
	);
}

/** Sent to the SMTP server: the body is cleared, since it may hold a single-use link. */
export async function markSent(db: DB, id: string, now = Date.now()): Promise<void> {
	await db
		.update(mailMessages)
		.set({
			status: 'sent',
			sentAt: now,
			attempts: sql`${mailMessages.attempts} + 1`,
			lastError: null,
			text: '',
			html: '',
			calendar: null
		})
		.where(eq(mailMessages.id, id));
}

/** No SMTP server: the message stays whole for administrators to read. */
export async function markOutbox(db: DB, id: string, now = Date.now()): Promise<void> {
	await db.update(mailMessages).set({ status: 'outbox', sentAt: now }).where(eq(mailMessages.id, id));
}

export async function markAttemptFailed(
	db: DB,
	id: string,
	error: string,
	retryAt: number | null
): Promise<void> {
	await db
		.update(mailMessages)
		.set({
			attempts: sql`${mailMessages.attempts} + 1`,
			lastError: error.slice(0, 500),
			...(retryAt === null ? { status: 'failed' as const } : { nextAttemptAt: retryAt })
		})
		.where(eq(mailMessages.id, id));
}

/** Puts a failed message back in the queue (administrators). */
export async function retryMessage(db: DB, id: string, now = Date.now()): Promise<boolean> {
	const r = await db
		.update(mailMessages)
		.set({ status: 'queued', nextAttemptAt: now, attempts: 0 })
		.where(and(eq(mailMessages.id, id), eq(mailMessages.status, 'failed')));
	if (affected(r)) queueMicrotask(pokeMailer);
	return affected(r) > 0;
}

export async function getMessage(db: DB, id: string): Promise<MailMessage | undefined> {
	return one(await db.select().from(mailMessages).where(eq(mailMessages.id, id)).limit(1));
}

export async function listMessages(db: DB, options: { status?: MailStatus; limit?: number } = {}) {
	return await db
		.select({
			id: mailMessages.id,
			to: mailMessages.to,
			kind: mailMessages.kind,
			subject: mailMessages.subject,
			status: mailMessages.status,
			attempts: mailMessages.attempts,
			lastError: mailMessages.lastError,
			createdAt: mailMessages.createdAt,
			sentAt: mailMessages.sentAt,
			nextAttemptAt: mailMessages.nextAttemptAt
		})
		.from(mailMessages)
		.where(options.status ? eq(mailMessages.status, options.status) : undefined)
		.orderBy(desc(mailMessages.createdAt))
		.limit(options.limit ?? 100);
}

export async function countByStatus(db: DB): Promise<Record<MailStatus, number>> {
	const counts: Record<MailStatus, number> = { queued: 0, sent: 0, outbox: 0, failed: 0 };
	for (const r of await db
		.select({ status: mailMessages.status, n: sql<number>`count(*)` })
		.from(mailMessages)
		.groupBy(mailMessages.status))
		counts[r.status] = r.n;
	return counts;
}

/** Web addresses in a message's text, in order, for the outbox page. */
export function linksIn(text: string): string[] {
	return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}

/** How long sent messages and handled notices are kept as a record. */
export const KEEP_MS = 90 * 24 * 60 * 60_000;

/**
 * Removes what is no longer needed: sent and outbox messages and handled notices older than 90 days, and
 * password reset links a day after they expired or were used. Queued and failed messages are never removed.
 */
export async function prune(db: DB, now = Date.now()): Promise<void> {
	await db
		.delete(mailMessages)
		.where(and(inArray(mailMessages.status, ['sent', 'outbox']), lt(mailMessages.createdAt, now - KEEP_MS)));
	await db
		.delete(notifications)
		.where(and(isNotNull(notifications.handledAt), lt(notifications.handledAt, now - KEEP_MS)));
	await db.delete(passwordResets).where(lt(passwordResets.expiresAt, now - 24 * 60 * 60_000));
}

/** How long a worker holds a message it is sending before another may try it (if the first process died). */
export const CLAIM_MS = 10 * 60_000;

/**
 * Takes a due message for sending, so that two Parity processes on one database never send it both: only
 * the one whose update changes the row goes on. The claim lapses after `CLAIM_MS`.
 */
export async function claimMessage(db: DB, id: string, now = Date.now()): Promise<boolean> {
	return (
		affected(
			await db
				.update(mailMessages)
				.set({ nextAttemptAt: now + CLAIM_MS })
				.where(
					and(
						eq(mailMessages.id, id),
						eq(mailMessages.status, 'queued'),
						lte(mailMessages.nextAttemptAt, now)
					)
				)
		) === 1
	);
}
