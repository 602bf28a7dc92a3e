/** The mail queue in SQLite: what pages and jobs call to send, and what administrators read. */
import { and, desc, eq, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
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
};

const KEY = Symbol.for('parity.mailer');

/** Tells this process's mail worker (if one runs) that there is work, so it need not wait for its timer. */
export function pokeMailer(): void {
	(globalThis as Record<symbol, { poke?: () => void } | undefined>)[KEY]?.poke?.();
}

/**
 * Queues a message; the worker sends it. Returns its id, or null when the address asked for no email (a
 * password reset, which the person asked for themselves, is always sent).
 */
export function enqueue(db: DB, mail: NewMail, now = Date.now()): string | null {
	if (mail.kind !== 'password_reset' && isSuppressed(db, mail.to)) return null;
	const id = newId();
	db.insert(mailMessages)
		.values({
			id,
			to: mail.to,
			userId: mail.userId ?? null,
			workspaceId: mail.workspaceId ?? null,
			kind: mail.kind,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			unsubscribeUrl: mail.unsubscribeUrl ?? null,
			status: 'queued',
			nextAttemptAt: now,
			createdAt: now
		})
		.run();
	queueMicrotask(pokeMailer);
	return id;
}

export function dueMessages(db: DB, now: number, limit = 20): MailMessage[] {
	return db
		.select()
		.from(mailMessages)
		.where(and(eq(mailMessages.status, 'queued'), lte(mailMessages.nextAttemptAt, now)))
		.orderBy(mailMessages.nextAttemptAt)
		.limit(limit)
		.all();
}

export function nextAttemptAt(db: DB): number | null {
	return (
		db
			.select({ at: sql<number | null>`min(${mailMessages.nextAttemptAt})` })
			.from(mailMessages)
			.where(eq(mailMessages.status, 'queued'))
			.get()?.at ?? null
	);
}

/** Sent to the SMTP server: the body is cleared, since it may hold a single-use link. */
export function markSent(db: DB, id: string, now = Date.now()): void {
	db.update(mailMessages)
		.set({
			status: 'sent',
			sentAt: now,
			attempts: sql`${mailMessages.attempts} + 1`,
			lastError: null,
			text: '',
			html: ''
		})
		.where(eq(mailMessages.id, id))
		.run();
}

/** No SMTP server: the message stays whole for administrators to read. */
export function markOutbox(db: DB, id: string, now = Date.now()): void {
	db.update(mailMessages).set({ status: 'outbox', sentAt: now }).where(eq(mailMessages.id, id)).run();
}

export function markAttemptFailed(db: DB, id: string, error: string, retryAt: number | null): void {
	db.update(mailMessages)
		.set({
			attempts: sql`${mailMessages.attempts} + 1`,
			lastError: error.slice(0, 500),
			...(retryAt === null ? { status: 'failed' as const } : { nextAttemptAt: retryAt })
		})
		.where(eq(mailMessages.id, id))
		.run();
}

/** Puts a failed message back in the queue (administrators). */
export function retryMessage(db: DB, id: string, now = Date.now()): boolean {
	const r = db
		.update(mailMessages)
		.set({ status: 'queued', nextAttemptAt: now, attempts: 0 })
		.where(and(eq(mailMessages.id, id), eq(mailMessages.status, 'failed')))
		.run();
	if (r.changes) queueMicrotask(pokeMailer);
	return r.changes > 0;
}

export function getMessage(db: DB, id: string): MailMessage | undefined {
	return db.select().from(mailMessages).where(eq(mailMessages.id, id)).get();
}

export function listMessages(db: DB, options: { status?: MailStatus; limit?: number } = {}) {
	return db
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
		.limit(options.limit ?? 100)
		.all();
}

export function countByStatus(db: DB): Record<MailStatus, number> {
	const counts: Record<MailStatus, number> = { queued: 0, sent: 0, outbox: 0, failed: 0 };
	for (const r of db
		.select({ status: mailMessages.status, n: sql<number>`count(*)` })
		.from(mailMessages)
		.groupBy(mailMessages.status)
		.all())
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
export function prune(db: DB, now = Date.now()): void {
	db.delete(mailMessages)
		.where(and(inArray(mailMessages.status, ['sent', 'outbox']), lt(mailMessages.createdAt, now - KEEP_MS)))
		.run();
	db.delete(notifications)
		.where(and(isNotNull(notifications.handledAt), lt(notifications.handledAt, now - KEEP_MS)))
		.run();
	db.delete(passwordResets)
		.where(lt(passwordResets.expiresAt, now - 24 * 60 * 60_000))
		.run();
}

/** How long a worker holds a message it is sending before another may try it (if the first process died). */
export const CLAIM_MS = 10 * 60_000;

/**
 * Takes a due message for sending, so that two Parity processes on one database never send it both: only
 * the one whose update changes the row goes on. The claim lapses after `CLAIM_MS`.
 */
export function claimMessage(db: DB, id: string, now = Date.now()): boolean {
	return (
		db
			.update(mailMessages)
			.set({ nextAttemptAt: now + CLAIM_MS })
			.where(
				and(eq(mailMessages.id, id), eq(mailMessages.status, 'queued'), lte(mailMessages.nextAttemptAt, now))
			)
			.run().changes === 1
	);
}
