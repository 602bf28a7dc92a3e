/** What a digest says: the workspace's "since your last visit" news, plus votes and decisions. */
import { and, desc, eq, gt, lte, or } from 'drizzle-orm';
import { type DB, one } from '../db/index.ts';
import { decisions, votes, workspaces } from '../db/schema/index.ts';
import { activitySince } from '../activity.ts';
import { formatDateTime } from '../../domain/time.ts';
import type { MailConfig } from './config.ts';
import type { DigestSource } from './notify.ts';
import type { MailItem } from './render.ts';

const CLOSING_SOON_MS = 3 * 24 * 60 * 60_000;

const short = (s: string, n = 80) => (s.length > n ? s.slice(0, n) + '…' : s);

export function digestSource(config: MailConfig): DigestSource {
	return async (db: DB, workspaceId: string, userId: string, since: number, now: number) => {
		const ws = one(await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1))!;
		const base = `${config.origin}/w/${ws.slug}`;
		const when = (ms: number) => formatDateTime(ms, ws.timeZone);
		const a = await activitySince(db, workspaceId, userId, since);
		const sections: { title: string; items: MailItem[] }[] = [];
		sections.push({
			title: 'Consultation',
			items: a.consultations.map((c) => ({
				title: `${c.title} on “${c.documentTitle}”`,
				detail: `${c.opened ? 'Opened. ' : ''}Closes ${when(c.closesAt)}.`,
				url: `${base}/documents/${c.documentId}/comments`,
				linkText: 'Read and respond'
			}))
		});
		// An open vote is news when it opened since then, or while it closes within three days (as for
		// consultations); otherwise a long vote would fill every digest with the same line.
		const open = await db
			.select()
			.from(votes)
			.where(
				and(
					eq(votes.workspaceId, workspaceId),
					eq(votes.status, 'open'),
					or(gt(votes.openedAt, since), lte(votes.closesAt, now + CLOSING_SOON_MS))
				)
			);
		const closed = await db
			.select()
			.from(votes)
			.where(and(eq(votes.workspaceId, workspaceId), eq(votes.status, 'closed'), gt(votes.closedAt, since)));
		sections.push({
			title: 'Vote',
			items: [
				...open.map((v) => ({
					title: v.question,
					detail: `Open until ${when(v.closesAt)}.`,
					url: `${base}/votes/${v.id}`,
					linkText: 'See the vote'
				})),
				...closed.map((v) => ({
					title: v.question,
					detail: `Closed ${when(v.closedAt!)}${v.result ? `: ${v.result.passes ? 'carried' : 'not carried'}` : ''}.`,
					url: `${base}/votes/${v.id}`,
					linkText: 'See the result'
				}))
			]
		});
		sections.push({
			title: 'Decision',
			items: (
				await db
					.select()
					.from(decisions)
					.where(and(eq(decisions.workspaceId, workspaceId), gt(decisions.createdAt, since)))
					.orderBy(desc(decisions.createdAt))
			).map((d) => ({
				title: d.title,
				detail: `Published ${when(d.createdAt)}.`,
				url: `${base}/decisions/${d.id}`,
				linkText: 'Read the decision'
			}))
		});
		sections.push({
			title: 'Edited',
			items: a.edited.map((d) => ({
				title: d.title,
				detail: [
					d.editors.length ? `By ${d.editors.join(', ')}` : 'Changed',
					d.sections.length ? `sections: ${d.sections.join('; ')}` : ''
				]
					.filter(Boolean)
					.join(' — '),
				url: `${base}/documents/${d.documentId}`,
				linkText: 'Open the document'
			}))
		});
		sections.push({
			title: 'Comment',
			items: a.comments.slice(0, 15).map((c) => ({
				title: `${c.authorName} ${c.isFirst ? 'commented' : 'replied'} on “${short(c.quote)}” in ${c.documentTitle}${c.mentionsMe ? ' (mentions you)' : ''}`,
				url: `${base}/documents/${c.documentId}/comments#t-${c.threadId}`,
				linkText: 'Read the thread'
			}))
		});
		sections.push({
			title: 'Suggestion',
			items: a.decided.map((s) => ({
				title: `${s.authorName}’s suggestion on “${short(s.quote || s.replacement)}” in ${s.documentTitle}: ${s.status}`,
				url: `${base}/documents/${s.documentId}/comments`,
				linkText: 'See the suggestions'
			}))
		});
		return sections;
	};
}
