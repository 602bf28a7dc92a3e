/**
 * The mail worker, one per server process: turns notifications into messages, queues digests and
 * reminders, deletes the personal details of consultation guests 12 months after the close (with its hourly
 * pruning), and delivers the queue through SMTP (or keeps it in the outbox when no SMTP server is set).
 * A failed attempt is retried with back-off (doubling from `PARITY_MAIL_BACKOFF_MS` to an hour); a
 * refusal by the SMTP server (5xx) or three days of failures marks the message failed for an administrator
 * to see and queue again. Nothing waiting is ever deleted, so a restart loses nothing.
 */
import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';
import { and, eq } from 'drizzle-orm';
import { detached, transaction, type DB, one } from '../db/index.ts';
import { users, workspaceMembers } from '../db/schema/index.ts';
import { mailConfig, redactSmtpUrl, type MailConfig } from './config.ts';
import { describeError, logWarning, reasonOf } from '../log.ts';
import {
	dueMessages,
	markAttemptFailed,
	markOutbox,
	markSent,
	claimMessage,
	nextAttemptAt,
	prune,
	type MailMessage
} from './queue.ts';
import { dispatchNotifications, runDigests, DAY_MS } from './notify.ts';
import { runReminders } from './reminders.ts';
import { runOverdueNotices, runRetention } from '../claims/retention.ts';
import { deleteOldGuestDetails } from '../consultations/retention.ts';
import { digestSource } from './digest-source.ts';

const KEY = Symbol.for('parity.mailer');
const MAX_BACKOFF_MS = 60 * 60_000;
const GIVE_UP_AFTER_MS = 3 * DAY_MS;
/** Reminders and digests are looked for at most this often (they are about hours and days). */
const SCAN_EVERY_MS = 60_000;

type Log = (message: string) => void;
type State = {
	db: DB;
	config: MailConfig;
	transport: Transporter | null;
	log: Log;
	timer: NodeJS.Timeout | null;
	running: Promise<void> | null;
	again: boolean;
	lastScan: number;
	lastPrune: number;
	/** No sending before this time (after a failed attempt, the SMTP server is probably down). */
	pausedUntil: number;
	stopped: boolean;
	/** Messages the SMTP server accepted whose sending could not be recorded yet (id → when): never resent. */
	unrecorded: Map<string, number>;
};
let state: State | null = null;

/**
 * Nodemailer (36 modules, 0.5 MB of source) is loaded only when an SMTP server is set: a server that keeps its
 * mail in the outbox never needs it. Synchronous (it is CommonJS), so starting the worker stays synchronous.
 */
function createTransport(smtpUrl: string): Transporter {
	const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer');
	return nodemailer.createTransport(smtpUrl);
}

export type MailerStatus = {
	mode: 'outbox' | 'smtp' | 'misconfigured';
	smtp: string | null;
	problem: string | null;
};

/** How this process sends mail, for the administrators' page. */
export function mailerStatus(config = mailConfig()): MailerStatus {
	if (!config.smtpUrl) return { mode: 'outbox', smtp: null, problem: null };
	if (config.smtpProblem) return { mode: 'misconfigured', smtp: null, problem: config.smtpProblem };
	return { mode: 'smtp', smtp: redactSmtpUrl(config.smtpUrl), problem: null };
}

function backoff(config: MailConfig, attempts: number): number {
	return Math.min(config.backoffMs * 2 ** Math.min(attempts, 20), MAX_BACKOFF_MS);
}

/** A database that cannot be written: send nothing more for a while (what is sent must be recorded). */
function pauseForDatabase(s: State) {
	s.pausedUntil = Math.max(s.pausedUntil, Date.now() + Math.max(s.config.backoffMs, 10));
}

/** Records a message as sent (waiting out a busy database); if that fails, it is kept to record later. */
async function recordSent(s: State, id: string, at: number): Promise<void> {
	try {
		await transaction(s.db, async (tx) => await markSent(tx, id, at));
		s.unrecorded.delete(id);
	} catch (e) {
		s.unrecorded.set(id, at);
		pauseForDatabase(s);
		s.log(`mail: message ${id} was sent but could not be recorded yet (${reasonOf(e)})`);
	}
}

type Delivery = 'sent' | 'retry' | 'server-down';

/**
 * A message about a workspace goes only to someone who is still a member when it is sent (it may have waited
 * while the SMTP server was down). Invitations and password resets are not about membership.
 */
async function stillEntitled(db: DB, message: MailMessage): Promise<boolean> {
	if (
		!message.userId ||
		!message.workspaceId ||
		message.kind === 'invitation' ||
		message.kind === 'password_reset' ||
		// A claimant may be a guest with no role in the workspace: claim mail is addressed to the person.
		message.kind === 'claim'
	)
		return true;
	return !!one(
		await db
			.select({ userId: workspaceMembers.userId })
			.from(workspaceMembers)
			.innerJoin(users, eq(users.id, workspaceMembers.userId))
			.where(
				and(
					eq(workspaceMembers.workspaceId, message.workspaceId),
					eq(workspaceMembers.userId, message.userId),
					eq(users.isDemo, false)
				)
			)
			.limit(1)
	);
}

async function deliver(s: State, message: MailMessage, now: number): Promise<Delivery> {
	try {
		await s.transport!.sendMail({
			from: s.config.from,
			to: message.to,
			subject: message.subject,
			text: message.text,
			html: message.html,
			...(message.calendar
				? {
						icalEvent: {
							method: /^METHOD:(\w+)/m.exec(message.calendar)?.[1] ?? 'REQUEST',
							filename: 'invite.ics',
							content: message.calendar
						}
					}
				: {}),
			...(message.unsubscribeUrl
				? {
						list: { unsubscribe: { url: message.unsubscribeUrl, comment: 'Stop these emails' } },
						headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
					}
				: {})
		});
	} catch (e) {
		const err = e as Error & { responseCode?: number; code?: string };
		const refused = typeof err.responseCode === 'number' && err.responseCode >= 500;
		const tooOld = now - message.createdAt > GIVE_UP_AFTER_MS;
		const reason = `${err.code ? err.code + ': ' : ''}${err.message}`;
		await markAttemptFailed(
			s.db,
			message.id,
			reason,
			refused || tooOld ? null : now + backoff(s.config, message.attempts)
		);
		s.log(
			`mail: message ${message.id} to ${message.to} not sent (${reason})${refused ? '; refused, marked failed' : '; will retry'}`
		);
		// No SMTP answer at all (refused connection, time-out, DNS, TLS): the server is down for everyone.
		return typeof err.responseCode === 'number' ? 'retry' : 'server-down';
	}
	// The SMTP server has it: from here on it must not be sent again, even if recording that fails.
	await recordSent(s, message.id, Date.now());
	return 'sent';
}

/**
 * One round. It never rejects: it runs from timers, where a rejection would end the process, so a database
 * error (busy, disk full) is logged and the next round tries again.
 */
async function work(s: State): Promise<void> {
	const now = Date.now();
	try {
		if (now - s.lastScan >= Math.min(SCAN_EVERY_MS, s.config.intervalMs)) {
			s.lastScan = now;
			await runReminders(s.db, now);
			await runOverdueNotices(s.db, now);
			await runDigests(s.db, s.config, digestSource(s.config), now);
			if (now - s.lastPrune >= 60 * 60_000) {
				s.lastPrune = now;
				await prune(s.db, now);
				await deleteOldGuestDetails(s.db, now);
				await runRetention(s.db, now);
			}
		}
		await dispatchNotifications(s.db, s.config, now);
	} catch (e) {
		s.log(`mail: ${describeError(e)}`);
	}
	try {
		for (const [id, at] of s.unrecorded) await recordSent(s, id, at);
		if (s.config.smtpUrl && s.config.smtpProblem) return; // messages wait until SMTP_URL is fixed
		if (now < s.pausedUntil) return;
		for (const message of await dueMessages(s.db, now)) {
			if (s.stopped) return;
			if (s.unrecorded.has(message.id)) continue;
			if (!(await stillEntitled(s.db, message))) {
				await markAttemptFailed(
					s.db,
					message.id,
					'Not sent: the recipient is no longer a member of the workspace.',
					null
				);
				continue;
			}
			if (!s.transport) {
				await markOutbox(s.db, message.id, now);
				continue;
			}
			// Another Parity process on the same database may be sending it.
			if (!(await claimMessage(s.db, message.id, now))) continue;
			const result = await deliver(s, message, now);
			// A server that is down fails every message the same way: pause all sending until this one's retry.
			if (result === 'server-down') {
				s.pausedUntil = now + backoff(s.config, message.attempts);
				break;
			}
			if (s.unrecorded.has(message.id)) break; // the database is failing: wait (see recordSent)
		}
	} catch (e) {
		pauseForDatabase(s);
		s.log(`mail: ${describeError(e)}`);
	}
}

async function arm(s: State) {
	if (s.stopped) return;
	if (s.timer) clearTimeout(s.timer);
	let delay = s.config.intervalMs;
	const sending = !(s.config.smtpUrl && s.config.smtpProblem);
	try {
		const next = sending ? Math.max((await nextAttemptAt(s.db)) ?? Infinity, s.pausedUntil) : Infinity;
		delay = Math.min(delay, Math.max(next - Date.now(), 0));
	} catch {
		// the database may be closing; the interval covers it
	}
	s.timer = setTimeout(() => tick(s), Math.max(delay, 10));
	s.timer.unref();
}

function tick(s: State): void {
	if (s.stopped) return;
	if (s.running) {
		s.again = true;
		return;
	}
	s.running = work(s).finally(async () => {
		s.running = null;
		if (s.again && !s.stopped) {
			s.again = false;
			setImmediate(() => tick(s));
		} else await arm(s);
	});
}

/** Starts this process's mail worker (a second call is ignored). Warns clearly when SMTP cannot be used. */
export function startMailer(db: DB, options: { config?: MailConfig; log?: Log } = {}): MailerStatus {
	const config = options.config ?? mailConfig();
	const log = options.log ?? logWarning;
	const status = mailerStatus(config);
	if (state) return status;
	let transport: Transporter | null = null;
	if (status.mode === 'misconfigured')
		log(
			`Parity: mail is not being sent: ${config.smtpProblem} Messages wait in the queue until it is fixed.`
		);
	else if (config.smtpUrl) {
		transport = createTransport(config.smtpUrl);
		transport.verify().then(
			() => log(`Parity: sending mail through ${status.smtp}.`),
			(e: Error & { code?: string }) =>
				log(
					`Parity: warning: cannot reach the SMTP server at ${status.smtp} (${e.code ?? e.message}). Messages wait in the queue and are sent when it answers.`
				)
		);
	}
	const s: State = {
		db,
		config,
		transport,
		log,
		timer: null,
		running: null,
		again: false,
		lastScan: 0,
		lastPrune: 0,
		pausedUntil: 0,
		stopped: false,
		unrecorded: new Map()
	};
	state = s;
	(globalThis as Record<symbol, unknown>)[KEY] = {
		// A poke comes from inside a transaction (a message queued): the tick runs outside it.
		poke: () => {
			if (!s.stopped) detached(s.db, () => setTimeout(() => tick(s), 5).unref());
		}
	};
	tick(s);
	return status;
}

export async function stopMailer(): Promise<void> {
	const s = state;
	if (!s) return;
	s.stopped = true;
	if (s.timer) clearTimeout(s.timer);
	delete (globalThis as Record<symbol, unknown>)[KEY];
	await s.running;
	s.transport?.close();
	state = null;
}
