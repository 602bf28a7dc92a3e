/**
 * Reminders to vote: facilitators see which organisations in an open vote's electorate have not voted, and
 * send their voting delegates an email, at most once a day per organisation per vote. The limit is kept in
 * the `vote_reminders` table, so it survives a restart, and is taken in one statement, so two facilitators
 * pressing the button at once send one reminder.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { transaction, type DB } from '../db/index.ts';
import { Conflict, Invalid, RateLimited } from '../errors.ts';
import { ballots, users, voteReminders, workspaceMembers, type Sector } from '../db/schema/index.ts';
import { authorize, type Actor } from '../policy/index.ts';
import { voteFor } from './queries.ts';
import type { Vote } from './repository.ts';
import {
	type ReminderInput,
	type ReminderOutcomeJson,
	type SKIP_REASONS,
	type WaitingJson
} from './schemas.ts';
import { formatDateTime, isoOrNull, isoUtc } from '../../domain/time.ts';
import { mailConfig } from '../mail/config.ts';
import { footerLinks } from '../mail/notify.ts';
import { emailableMembers } from '../mail/recipients.ts';
import { takesPart } from '../policy/membership.ts';
import { enqueue } from '../mail/queue.ts';
import { renderMail } from '../mail/render.ts';

/** The shortest time between two reminders about one vote to one organisation. */
export const REMINDER_GAP_MS = 24 * 60 * 60_000;

export type LastReminder = { at: number; byName: string | null; times: number; recipients: number };

/** An organisation of the electorate that has not voted, as facilitators see it. */
export type WaitingOrganisation = {
	organisationId: string;
	name: string;
	sector: Sector;
	/** Its voting delegates who can be emailed (not observers, not demo accounts, not "no email"). */
	delegates: number;
	lastReminder: LastReminder | null;
	/** When the next reminder may be sent, or null when it may be sent now. */
	nextReminderAt: number | null;
};

export type SkipReason = (typeof SKIP_REASONS)[number];
export type ReminderOutcome = {
	reminded: { organisationId: string; name: string; recipients: number }[];
	skipped: { organisationId: string; name: string; reason: SkipReason; nextReminderAt: number | null }[];
};

/**
 * The vote, for someone who may send reminders about it (a facilitator of its workspace, with a token that may
 * write): 404 when the vote is invisible to them, 403 for anyone else.
 */
export async function mayRemind(actor: Actor, voteId: string) {
	const access = await voteFor(actor, voteId);
	authorize(actor, 'vote.remind', access.member, access.vote);
	return { ...access, sender: actor.user! };
}

async function votedOrganisations(db: DB, voteId: string): Promise<Set<string>> {
	const rows = await db
		.select({ organisationId: ballots.organisationId })
		.from(ballots)
		.where(eq(ballots.voteId, voteId));
	return new Set(rows.map((r) => r.organisationId));
}

/** The voting delegates of these organisations in the workspace who can be emailed. */
async function delegatesOf(db: DB, workspaceId: string, organisationIds: string[]) {
	if (!organisationIds.length) return [];
	// Someone who chose "No email" here is not emailed.
	return (
		await emailableMembers(
			db,
			workspaceId,
			and(
				inArray(workspaceMembers.organisationId, organisationIds),
				eq(workspaceMembers.votingDelegate, true)
			)
		)
	).filter((m) => takesPart(m) && m.mode !== 'none');
}

async function lastReminders(db: DB, voteId: string, organisationIds: string[]) {
	if (!organisationIds.length) return new Map<string, LastReminder>();
	const rows = await db
		.select({
			organisationId: voteReminders.organisationId,
			at: voteReminders.lastSentAt,
			byName: users.name,
			times: voteReminders.times,
			recipients: voteReminders.recipients
		})
		.from(voteReminders)
		.leftJoin(users, eq(users.id, voteReminders.lastSentBy))
		.where(and(eq(voteReminders.voteId, voteId), inArray(voteReminders.organisationId, organisationIds)));
	return new Map(rows.map(({ organisationId, ...r }) => [organisationId, r]));
}

function nextAllowed(last: LastReminder | undefined, now: number): number | null {
	return last && now - last.at < REMINDER_GAP_MS ? last.at + REMINDER_GAP_MS : null;
}

function isOpen(vote: Vote, now: number): boolean {
	return vote.status === 'open' && vote.closesAt > now;
}

/**
 * The organisations of an open vote's electorate that have not voted, with their reachable delegates and
 * their last reminder (facilitators only). Empty while the vote is a draft or once it has closed.
 */
export async function waitingOrganisations(
	db: DB,
	actor: Actor,
	voteId: string,
	now = Date.now()
): Promise<{ open: boolean; organisations: WaitingOrganisation[] }> {
	const { vote } = await mayRemind(actor, voteId);
	if (!isOpen(vote, now)) return { open: false, organisations: [] };
	const voted = await votedOrganisations(db, vote.id);
	const waiting = (vote.electorate ?? []).filter((e) => !voted.has(e.organisationId));
	const ids = waiting.map((e) => e.organisationId);
	const delegates = await delegatesOf(db, vote.workspaceId, ids);
	const last = await lastReminders(db, vote.id, ids);
	return {
		open: true,
		organisations: waiting.map((e) => ({
			organisationId: e.organisationId,
			name: e.name,
			sector: e.sector,
			delegates: delegates.filter((d) => d.organisationId === e.organisationId).length,
			lastReminder: last.get(e.organisationId) ?? null,
			nextReminderAt: nextAllowed(last.get(e.organisationId), now)
		}))
	};
}

/**
 * Emails a reminder to the voting delegates of the named organisations (all that have not voted when none
 * are named), for a facilitator of the vote's workspace. Organisations that voted meanwhile, were reminded
 * less than a day ago or have no delegate who can be emailed are skipped and said so; when every one is
 * skipped nothing is sent and the answer is a 429 (reminded too recently) or a 409, with the reason.
 */
export async function sendReminders(
	db: DB,
	actor: Actor,
	voteId: string,
	input: ReminderInput,
	now = Date.now()
): Promise<ReminderOutcome> {
	const { vote, workspace, sender } = await mayRemind(actor, voteId);
	if (!isOpen(vote, now)) throw new Conflict('Reminders can be sent only while the vote is open.');
	const electorate = vote.electorate ?? [];
	const names = new Map(electorate.map((e) => [e.organisationId, e.name]));
	const voted = await votedOrganisations(db, vote.id);
	let ids: string[];
	if (input.organisationIds) {
		ids = [...new Set(input.organisationIds)];
		const outside = ids.filter((id) => !names.has(id));
		if (outside.length)
			throw new Invalid(
				`organisationIds: ${outside.length === 1 ? 'one organisation is' : `${outside.length} organisations are`} not in the electorate of this vote.`
			);
	} else {
		ids = electorate.map((e) => e.organisationId).filter((id) => !voted.has(id));
		if (!ids.length) throw new Conflict('Every organisation in the electorate has voted.');
	}

	const delegates = await delegatesOf(db, vote.workspaceId, ids);
	const last = await lastReminders(db, vote.id, ids);
	const outcome: ReminderOutcome = { reminded: [], skipped: [] };
	const skip = (organisationId: string, reason: SkipReason, nextReminderAt: number | null = null) =>
		outcome.skipped.push({ organisationId, name: names.get(organisationId)!, reason, nextReminderAt });
	const candidates: { organisationId: string; recipients: typeof delegates }[] = [];
	for (const id of ids) {
		const next = nextAllowed(last.get(id), now);
		const recipients = delegates.filter((d) => d.organisationId === id);
		if (voted.has(id)) skip(id, 'voted');
		else if (next !== null) skip(id, 'reminded_recently', next);
		else if (!recipients.length) skip(id, 'no_delegate');
		else candidates.push({ organisationId: id, recipients });
	}

	// Taking the day's turn and queueing the mail are one transaction: a reminder is recorded only with its mail.
	if (candidates.length)
		await transaction(db, async (db) => {
			// Taking the day's turn: a row is written only where none is, or where the last one is a day old.
			// Organisations whose row another request has just taken are not returned.
			const taken = await db
				.insert(voteReminders)
				.values(
					candidates.map((c) => ({
						voteId: vote.id,
						organisationId: c.organisationId,
						lastSentAt: now,
						lastSentBy: sender.id,
						recipients: c.recipients.length,
						times: 1
					}))
				)
				.onConflictDoUpdate({
					target: [voteReminders.voteId, voteReminders.organisationId],
					set: {
						lastSentAt: sql`excluded.last_sent_at`,
						lastSentBy: sql`excluded.last_sent_by`,
						recipients: sql`excluded.recipients`,
						times: sql`${voteReminders.times} + 1`
					},
					setWhere: sql`${voteReminders.lastSentAt} <= excluded.last_sent_at - ${REMINDER_GAP_MS}`
				})
				.returning({ organisationId: voteReminders.organisationId });
			const won = new Set(taken.map((t) => t.organisationId));
			const lost = candidates.filter((c) => !won.has(c.organisationId)).map((c) => c.organisationId);
			const fresh = await lastReminders(db, vote.id, lost);
			for (const id of lost) skip(id, 'reminded_recently', nextAllowed(fresh.get(id), now));
			const config = mailConfig();
			const closes = formatDateTime(vote.closesAt, workspace.timeZone);
			const url = `${config.origin}/w/${workspace.slug}/votes/${vote.id}`;
			for (const c of candidates.filter((c) => won.has(c.organisationId))) {
				const orgName = names.get(c.organisationId)!;
				for (const d of c.recipients) {
					const links = await footerLinks(db, config, d.userId, workspace.id);
					const mail = renderMail({
						subject: `Reminder: ${orgName} has not voted on “${vote.question}”`,
						intro: [
							`Hello ${d.name},`,
							`${sender.name}, a facilitator of ${workspace.name}, reminds you that ${orgName} has not voted yet on “${vote.question}”.`,
							`As a voting delegate of ${orgName} you can cast its ballot until ${closes}.`
						],
						action: { label: 'Cast the ballot', url },
						footer: `You get this because you are a voting delegate of ${orgName} in ${workspace.name} on Parity. Facilitators can send it at most once a day.`,
						unsubscribeUrl: links.unsubscribeUrl,
						preferencesUrl: links.preferencesUrl
					});
					await enqueue(
						db,
						{
							to: d.email,
							userId: d.userId,
							workspaceId: workspace.id,
							kind: 'vote',
							...mail,
							unsubscribeUrl: links.oneClickUrl
						},
						now
					);
				}
				outcome.reminded.push({
					organisationId: c.organisationId,
					name: orgName,
					recipients: c.recipients.length
				});
			}
		});

	if (!outcome.reminded.length) {
		const zone = workspace.timeZone;
		const why = outcome.skipped.map((s) =>
			s.reason === 'voted'
				? `${s.name} has already voted.`
				: s.reason === 'no_delegate'
					? `${s.name} has no voting delegate who can be emailed.`
					: `${s.name} was reminded less than a day ago; the next reminder can be sent from ${s.nextReminderAt ? formatDateTime(s.nextReminderAt, zone) : 'tomorrow'}.`
		);
		const recent = outcome.skipped.some((s) => s.reason === 'reminded_recently');
		const message = `No reminder was sent. ${why.join(' ')}`;
		throw recent ? new RateLimited(message) : new Conflict(message);
	}
	return outcome;
}

/** A sentence for the page after reminders were sent. */
export function describeOutcome(outcome: ReminderOutcome, timeZone: string): string {
	const sent = outcome.reminded.map(
		(r) => `${r.name} (${r.recipients} voting ${r.recipients === 1 ? 'delegate' : 'delegates'})`
	);
	const parts = [`Reminder sent to ${sent.join(', ')}.`];
	for (const s of outcome.skipped)
		parts.push(
			s.reason === 'voted'
				? `${s.name} has voted meanwhile.`
				: s.reason === 'no_delegate'
					? `${s.name} has no voting delegate who can be emailed.`
					: `${s.name} was reminded less than a day ago (next from ${s.nextReminderAt ? formatDateTime(s.nextReminderAt, timeZone) : 'tomorrow'}).`
		);
	return parts.join(' ');
}

/** The outcome as the API shows it. */
export function serializeOutcome(outcome: ReminderOutcome): ReminderOutcomeJson {
	return {
		reminded: outcome.reminded,
		skipped: outcome.skipped.map((s) => ({
			...s,
			nextReminderAt: isoOrNull(s.nextReminderAt)
		}))
	};
}

export function serializeWaiting(o: WaitingOrganisation): WaitingJson {
	return {
		organisationId: o.organisationId,
		name: o.name,
		sector: o.sector,
		delegates: o.delegates,
		lastReminder: o.lastReminder
			? {
					at: isoUtc(o.lastReminder.at),
					by: o.lastReminder.byName,
					times: o.lastReminder.times,
					recipients: o.lastReminder.recipients
				}
			: null,
		nextReminderAt: isoOrNull(o.nextReminderAt)
	};
}
