/**
 * Notifications become email here. `notify` records what a person should hear about; the worker then
 * sends it at once (several together, at most one message per thread per ten minutes), puts it in the
 * person's daily or weekly digest, or drops it, as they chose for that workspace. Whether the person is
 * still a member is checked again when the message is made, so nothing reaches someone who may not see it.
 */
import { and, asc, eq, gt, inArray, isNull, isNotNull, max, or, sql } from 'drizzle-orm';
import { affected, transaction, type DB, one } from '../db/index.ts';
import { newId } from '../db/ids.ts';
import {
	mailPreferences,
	notifications,
	users,
	workspaceMembers,
	workspaces,
	type MailKind,
	type MailMode
} from '../db/schema/index.ts';
import type { MailConfig } from './config.ts';
import { enqueue, pokeMailer } from './queue.ts';
import { DEFAULT_MODE } from './preferences.ts';
import { renderMail, type MailItem } from './render.ts';
import { unsubscribePaths, unsubscribeToken } from './unsubscribe.ts';
import { emailableMembers, type Recipient } from './recipients.ts';

export type Notice = {
	workspaceId: string;
	kind: MailKind;
	/** Unique per person: a second notice with the same key is ignored. */
	key: string;
	/** Notices with the same thread key are rate-limited together (a comment thread, a vote). */
	threadKey: string;
	title: string;
	body: string;
	path: string;
};

/** Rows per insert: SQLite takes at most 32,766 values in one statement, and a notice has ten. */
const NOTIFY_CHUNK = 1000;

/** Everyone in `userIds` hears about `notice` (duplicates by key are ignored). Returns how many were new. */
export async function notify(
	db: DB,
	userIds: Iterable<string>,
	notice: Notice,
	now = Date.now()
): Promise<number> {
	const ids = [...new Set(userIds)];
	let changes = 0;
	for (let i = 0; i < ids.length; i += NOTIFY_CHUNK) {
		const chunk = ids.slice(i, i + NOTIFY_CHUNK);
		// Reminders are looked for every minute: read first, so that nothing new takes no write lock.
		const told = new Set(
			(
				await db
					.select({ userId: notifications.userId })
					.from(notifications)
					.where(and(inArray(notifications.userId, chunk), eq(notifications.key, notice.key)))
			).map((r) => r.userId)
		);
		const rows = chunk
			.filter((userId) => !told.has(userId))
			.map((userId) => ({ id: newId(), userId, createdAt: now, ...notice }));
		if (rows.length) changes += affected(await db.insert(notifications).values(rows).onConflictDoNothing());
	}
	if (changes) queueMicrotask(pokeMailer);
	return changes;
}

/** At most one immediate message per person per thread in this time. */
export const THREAD_GAP_MS = 10 * 60_000;
/** And at most this many immediate messages per person per hour, whatever the threads. */
export const HOURLY_CAP = 12;
export const DAY_MS = 24 * 60 * 60_000;

type Member = Recipient;
type Workspace = { id: string; name: string; slug: string; timeZone: string };

async function member(db: DB, userId: string, workspaceId: string): Promise<Member | null> {
	const [found] = await emailableMembers(db, workspaceId, eq(workspaceMembers.userId, userId));
	return found ?? null;
}

async function workspace(db: DB, id: string): Promise<Workspace | undefined> {
	return one(
		await db
			.select({
				id: workspaces.id,
				name: workspaces.name,
				slug: workspaces.slug,
				timeZone: workspaces.timeZone
			})
			.from(workspaces)
			.where(eq(workspaces.id, id))
			.limit(1)
	);
}

export async function footerLinks(db: DB, config: MailConfig, userId: string, workspaceId: string) {
	const token = await unsubscribeToken(db, { kind: 'workspace', userId, workspaceId });
	const paths = unsubscribePaths(token);
	return {
		unsubscribeUrl: config.origin + paths.page,
		oneClickUrl: config.origin + paths.oneClick,
		preferencesUrl: `${config.origin}/settings#email`
	};
}

type Pending = typeof notifications.$inferSelect;

async function markHandled(db: DB, ids: string[], now: number, messageId: string | null) {
	if (ids.length)
		await db.update(notifications).set({ handledAt: now, messageId }).where(inArray(notifications.id, ids));
}

/** Sends what is due to people who chose "straight away", and drops what nobody should get. */
export async function dispatchNotifications(db: DB, config: MailConfig, now = Date.now()): Promise<number> {
	// Only notices this can act on: those waiting for a digest stay out, so that however many there are,
	// they never crowd out someone who chose "straight away".
	const mode = sql<MailMode>`coalesce(${mailPreferences.mode}, ${DEFAULT_MODE})`;
	const pending = (
		await db
			.select({ n: notifications })
			.from(notifications)
			.innerJoin(users, eq(users.id, notifications.userId))
			.leftJoin(
				workspaceMembers,
				and(
					eq(workspaceMembers.workspaceId, notifications.workspaceId),
					eq(workspaceMembers.userId, notifications.userId)
				)
			)
			.leftJoin(
				mailPreferences,
				and(
					eq(mailPreferences.userId, notifications.userId),
					eq(mailPreferences.workspaceId, notifications.workspaceId)
				)
			)
			.where(
				and(
					isNull(notifications.handledAt),
					or(isNull(workspaceMembers.userId), eq(users.isDemo, true), inArray(mode, ['immediate', 'none']))
				)
			)
			.orderBy(asc(notifications.createdAt))
			.limit(2000)
	).map((r) => r.n);
	const groups = new Map<string, Pending[]>();
	for (const n of pending) {
		const k = `${n.userId} ${n.workspaceId}`;
		const group = groups.get(k);
		if (group) group.push(n);
		else groups.set(k, [n]);
	}
	let sent = 0;
	for (const items of groups.values()) {
		const { userId, workspaceId } = items[0];
		const m = await member(db, userId, workspaceId);
		const ws = await workspace(db, workspaceId);
		if (!m || !ws || m.mode === 'none') {
			await markHandled(
				db,
				items.map((i) => i.id),
				now,
				null
			);
			continue;
		}
		if (m.mode !== 'immediate') continue; // the digest takes them
		if (await sendImmediate(db, config, m, ws, items, now)) sent++;
	}
	return sent;
}

async function sendImmediate(
	db: DB,
	config: MailConfig,
	m: Member,
	ws: Workspace,
	items: Pending[],
	now: number
) {
	// Wait a moment so that a burst (several mentions, a reply and a mention) goes in one message.
	if (now - items[0].createdAt < config.batchMs) return false;
	const recent = await db
		.select({ threadKey: notifications.threadKey, at: max(notifications.handledAt) })
		.from(notifications)
		.where(
			and(
				eq(notifications.userId, m.userId),
				isNotNull(notifications.messageId),
				gt(notifications.handledAt, now - Math.max(THREAD_GAP_MS, 60 * 60_000))
			)
		)
		.groupBy(notifications.threadKey);
	const lastByThread = new Map(recent.map((r) => [r.threadKey, r.at ?? 0]));
	const messagesThisHour = one(
		await db
			.select({ n: sql<number>`count(distinct ${notifications.messageId})` })
			.from(notifications)
			.where(
				and(
					eq(notifications.userId, m.userId),
					gt(notifications.handledAt, now - 60 * 60_000),
					isNotNull(notifications.messageId)
				)
			)
			.limit(1)
	)!.n;
	if (messagesThisHour >= HOURLY_CAP) return false;
	const ready = items.filter((i) => now - (lastByThread.get(i.threadKey) ?? 0) >= THREAD_GAP_MS);
	if (!ready.length) return false;
	const links = await footerLinks(db, config, m.userId, ws.id);
	const mailItems: MailItem[] = ready.map((i) => ({
		title: i.title,
		detail: i.body,
		url: config.origin + i.path,
		linkText: 'Open in Parity'
	}));
	const mail = renderMail({
		subject: ready.length === 1 ? ready[0].title : `${ready.length} updates in ${ws.name}`,
		intro: [
			`Hello ${m.name},`,
			ready.length === 1
				? `News from ${ws.name}:`
				: `${ready.length} things in ${ws.name} need you or changed:`
		],
		items: mailItems,
		footer: `You get this because you are a member of ${ws.name} on Parity and chose to hear straight away.`,
		unsubscribeUrl: links.unsubscribeUrl,
		preferencesUrl: links.preferencesUrl
	});
	// The message and its notices being handled are one change, so neither a crash nor a failed write
	// in between can queue the same notices twice.
	await transaction(db, async (tx) => {
		const messageId = await enqueue(
			tx,
			{
				to: m.email,
				userId: m.userId,
				workspaceId: ws.id,
				kind: ready[0].kind,
				...mail,
				unsubscribeUrl: links.oneClickUrl
			},
			now
		);
		await markHandled(
			tx,
			ready.map((i) => i.id),
			now,
			messageId
		);
	});
	return true;
}

export type DigestSource = (
	db: DB,
	workspaceId: string,
	userId: string,
	since: number,
	now: number
) => Promise<{ title: string; items: MailItem[] }[]>;

const PERIOD: Partial<Record<MailMode, number>> = { daily: DAY_MS, weekly: 7 * DAY_MS };

/**
 * Queues each due digest: what changed in the workspace since the person's last digest or visit (whichever
 * is later) and any notices waiting for it. A digest with nothing to say is not sent.
 */
export async function runDigests(
	db: DB,
	config: MailConfig,
	source: DigestSource,
	now = Date.now()
): Promise<number> {
	const rows = await db
		.select({
			userId: workspaceMembers.userId,
			workspaceId: workspaceMembers.workspaceId,
			joinedAt: workspaceMembers.createdAt,
			mode: mailPreferences.mode,
			lastDigestAt: mailPreferences.lastDigestAt
		})
		.from(workspaceMembers)
		.leftJoin(
			mailPreferences,
			and(
				eq(mailPreferences.userId, workspaceMembers.userId),
				eq(mailPreferences.workspaceId, workspaceMembers.workspaceId)
			)
		);
	let sent = 0;
	for (const r of rows) {
		const mode = r.mode ?? DEFAULT_MODE;
		const period = PERIOD[mode];
		const last = r.lastDigestAt ?? r.joinedAt;
		if (!period || now - last < period) continue;
		const m = await member(db, r.userId, r.workspaceId);
		const ws = await workspace(db, r.workspaceId);
		if (!m || !ws) continue;
		const since = Math.max(last, m.lastVisitAt ?? 0);
		const waiting = await db
			.select()
			.from(notifications)
			.where(
				and(
					eq(notifications.userId, m.userId),
					eq(notifications.workspaceId, ws.id),
					isNull(notifications.handledAt)
				)
			)
			.orderBy(asc(notifications.createdAt));
		const sections = await source(db, ws.id, m.userId, since, now);
		if (waiting.length)
			sections.unshift({
				title: 'For you',
				items: waiting.map((n) => ({
					title: n.title,
					detail: n.body,
					url: config.origin + n.path,
					linkText: 'Open in Parity'
				}))
			});
		const nonEmpty = sections.filter((s) => s.items.length);
		let mail: ReturnType<typeof renderDigest> | null = null;
		const links = await footerLinks(db, config, m.userId, ws.id);
		if (nonEmpty.length) {
			const count = nonEmpty.reduce((n, s) => n + s.items.length, 0);
			mail = renderDigest(
				m.name,
				ws.name,
				mode === 'weekly' ? 'week' : 'day',
				nonEmpty,
				count,
				config,
				links
			);
			sent++;
		}
		// The digest, its notices being handled and the time of the last digest are one change, so a
		// crash or a failed write in between cannot send the digest twice.
		await transaction(db, async (tx) => {
			const messageId = mail
				? await enqueue(
						tx,
						{
							to: m.email,
							userId: m.userId,
							workspaceId: ws.id,
							kind: 'digest',
							...mail,
							unsubscribeUrl: links.oneClickUrl
						},
						now
					)
				: null;
			await markHandled(
				tx,
				waiting.map((n) => n.id),
				now,
				messageId
			);
			await tx
				.insert(mailPreferences)
				.values({ userId: m.userId, workspaceId: ws.id, mode, lastDigestAt: now, updatedAt: now })
				.onConflictDoUpdate({
					target: [mailPreferences.userId, mailPreferences.workspaceId],
					set: { lastDigestAt: now }
				});
		});
	}
	return sent;
}

function renderDigest(
	name: string,
	wsName: string,
	period: 'day' | 'week',
	sections: { title: string; items: MailItem[] }[],
	count: number,
	config: MailConfig,
	links: Awaited<ReturnType<typeof footerLinks>>
) {
	// Sections are flattened into one list, each item led by its section, to keep the message short and linear.
	const items = sections.flatMap((s) => s.items.map((i) => ({ ...i, title: `${s.title}: ${i.title}` })));
	return renderMail({
		subject: `${wsName}: ${count} ${count === 1 ? 'change' : 'changes'} since your last visit`,
		intro: [`Hello ${name},`, `Here is what changed in ${wsName} since you last looked.`],
		items,
		footer: `You get this ${period === 'day' ? 'daily' : 'weekly'} digest because you are a member of ${wsName} on Parity. It is only sent when something changed.`,
		unsubscribeUrl: links.unsubscribeUrl,
		preferencesUrl: links.preferencesUrl
	});
}
