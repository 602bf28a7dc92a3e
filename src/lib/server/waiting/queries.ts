/**
 * "Waiting for you": what a member of a workspace is asked to do there, for the top of its overview. Each
 * item names where it is done:
 * - open votes their organisation has not voted in (for its voting delegates);
 * - open consultations they have not answered (for members who may comment);
 * - unresolved threads that mention them, unless they wrote in the thread since;
 * - suggestions waiting for a decision, by document (for editors and facilitators; not their own, not on a
 *   decided document);
 * - actions their organisation owns that are overdue or due within a week;
 * - their claims to submit or answer, and for approvers the claims to approve or pay (claims/waiting.ts).
 * Everything is read from this workspace only.
 */
import { and, asc, eq, gt, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { DB } from '../db/index.ts';
import {
	actions,
	ballots,
	commentMentions,
	comments,
	commentThreads,
	consultationResponses,
	consultations,
	documents,
	responseOf,
	suggestions,
	users,
	votes,
	type Role
} from '../db/schema/index.ts';
import { respondentKey } from '../consultations/repository.ts';
import { hasRole, loadWorkspace, type Actor, type Membership } from '../access.ts';
import { takesPart } from '../policy/membership.ts';
import { todayIn } from '../../domain/action-dates.ts';
import { claimsWaiting } from '../claims/waiting.ts';

/** Actions due within this many days show as waiting (the same week the email reminder uses). */
export const ACTION_HORIZON_DAYS = 7;

export type WaitingItem =
	| {
			kind: 'vote';
			id: string;
			question: string;
			organisationName: string;
			closesAt: number;
			href: string;
	  }
	| {
			kind: 'consultation';
			id: string;
			title: string;
			documentTitle: string;
			closesAt: number;
			href: string;
	  }
	| {
			kind: 'action';
			id: string;
			description: string;
			/** YYYY-MM-DD in the workspace's time zone. */
			dueDate: string;
			overdue: boolean;
			href: string;
	  }
	| {
			kind: 'mention';
			id: string;
			quote: string;
			documentTitle: string;
			byName: string | null;
			at: number;
			href: string;
	  }
	| {
			kind: 'suggestions';
			id: string;
			documentTitle: string;
			count: number;
			oldestAt: number;
			href: string;
	  }
	| {
			/** The person's (or their organisation's) claim to submit, or a question on it to answer. */
			kind: 'claim';
			id: string;
			meetingTitle: string;
			status: 'draft' | 'queried';
			href: string;
	  }
	| {
			/** For approvers: claims to approve and to pay, and how many are overdue. */
			kind: 'claims';
			id: string;
			toApprove: number;
			toPay: number;
			overdue: number;
			href: string;
	  };

type Ctx = {
	db: DB;
	workspace: { id: string; slug: string; timeZone: string };
	userId: string;
	member: Membership;
	now: number;
};

async function openVotes(c: Ctx): Promise<WaitingItem[]> {
	const org = c.member.organisationId;
	if (!org || !c.member.votingDelegate || !takesPart(c.member)) return [];
	const open = (
		await c.db
			.select({
				id: votes.id,
				question: votes.question,
				closesAt: votes.closesAt,
				electorate: votes.electorate
			})
			.from(votes)
			.where(and(eq(votes.workspaceId, c.workspace.id), eq(votes.status, 'open'), gt(votes.closesAt, c.now)))
			.orderBy(asc(votes.closesAt))
	)
		.map((v) => ({ ...v, entry: (v.electorate ?? []).find((e) => e.organisationId === org) }))
		.filter((v) => v.entry);
	if (!open.length) return [];
	const voted = new Set(
		(
			await c.db
				.select({ voteId: ballots.voteId })
				.from(ballots)
				.where(
					and(
						eq(ballots.organisationId, org),
						inArray(
							ballots.voteId,
							open.map((v) => v.id)
						)
					)
				)
		).map((b) => b.voteId)
	);
	return open
		.filter((v) => !voted.has(v.id))
		.map((v): WaitingItem => ({
			kind: 'vote',
			id: v.id,
			question: v.question,
			organisationName: v.entry!.name,
			closesAt: v.closesAt,
			href: `/w/${c.workspace.slug}/votes/${v.id}`
		}));
}

async function openConsultations(c: Ctx): Promise<WaitingItem[]> {
	if (!hasRole(c.member, 'commenter')) return [];
	const rows = await c.db
		.select({
			id: consultations.id,
			title: consultations.title,
			closesAt: consultations.closesAt,
			documentId: documents.id,
			documentTitle: documents.title
		})
		.from(consultations)
		.innerJoin(documents, eq(documents.id, consultations.documentId))
		.leftJoin(consultationResponses, responseOf(consultations.id, respondentKey({ userId: c.userId })))
		.where(
			and(
				eq(consultations.workspaceId, c.workspace.id),
				lte(consultations.openedAt, c.now),
				gt(consultations.closesAt, c.now),
				isNull(consultationResponses.id)
			)
		)
		.orderBy(asc(consultations.closesAt));
	return rows.map((r): WaitingItem => ({
		kind: 'consultation',
		id: r.id,
		title: r.title,
		documentTitle: r.documentTitle,
		closesAt: r.closesAt,
		href: `/w/${c.workspace.slug}/documents/${r.documentId}/comments#answer-h`
	}));
}

async function dueActions(c: Ctx): Promise<WaitingItem[]> {
	const org = c.member.organisationId;
	if (!org || !takesPart(c.member)) return [];
	const today = todayIn(c.workspace.timeZone, c.now);
	const horizon = todayIn(c.workspace.timeZone, c.now + ACTION_HORIZON_DAYS * 24 * 60 * 60_000);
	const rows = await c.db
		.select({ id: actions.id, description: actions.description, dueDate: actions.dueDate })
		.from(actions)
		.where(
			and(
				eq(actions.workspaceId, c.workspace.id),
				eq(actions.ownerOrganisationId, org),
				inArray(actions.status, ['planned', 'in_progress']),
				lte(actions.dueDate, horizon)
			)
		)
		.orderBy(asc(actions.dueDate), asc(actions.createdAt));
	return rows.map((r): WaitingItem => ({
		kind: 'action',
		id: r.id,
		description: r.description,
		dueDate: r.dueDate,
		overdue: r.dueDate < today,
		href: `/w/${c.workspace.slug}/decisions/actions?owner=${encodeURIComponent(org)}`
	}));
}

async function mentions(c: Ctx): Promise<WaitingItem[]> {
	const rows = await c.db
		.select({
			threadId: commentThreads.id,
			quote: commentThreads.quote,
			documentId: documents.id,
			documentTitle: documents.title,
			at: comments.createdAt,
			byName: users.name
		})
		.from(commentMentions)
		.innerJoin(comments, eq(comments.id, commentMentions.commentId))
		.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
		.innerJoin(documents, eq(documents.id, commentThreads.documentId))
		.leftJoin(users, eq(users.id, comments.authorId))
		.where(
			and(
				eq(commentMentions.userId, c.userId),
				eq(commentThreads.workspaceId, c.workspace.id),
				eq(commentThreads.status, 'open'),
				isNull(comments.deletedAt),
				or(isNull(comments.authorId), ne(comments.authorId, c.userId))
			)
		)
		.orderBy(asc(comments.createdAt), asc(comments.id));
	if (!rows.length) return [];
	// The latest mention in each thread.
	const latest = new Map<string, (typeof rows)[number]>();
	for (const r of rows) latest.set(r.threadId, r);
	// A thread the person has written in since they were last mentioned is answered.
	const own = await c.db
		.select({ threadId: comments.threadId, at: comments.createdAt })
		.from(comments)
		.where(and(eq(comments.authorId, c.userId), inArray(comments.threadId, [...latest.keys()])));
	const answered = new Set(
		own.filter((o) => o.at >= (latest.get(o.threadId)?.at ?? Infinity)).map((o) => o.threadId)
	);
	return [...latest.values()]
		.filter((r) => !answered.has(r.threadId))
		.sort((a, b) => b.at - a.at)
		.map((r): WaitingItem => ({
			kind: 'mention',
			id: r.threadId,
			quote: r.quote,
			documentTitle: r.documentTitle,
			byName: r.byName,
			at: r.at,
			href: `/w/${c.workspace.slug}/documents/${r.documentId}/comments#t-${r.threadId}`
		}));
}

const DECIDES: Role = 'editor';

async function openSuggestions(c: Ctx): Promise<WaitingItem[]> {
	if (!hasRole(c.member, DECIDES)) return [];
	const rows = await c.db
		.select({
			documentId: documents.id,
			documentTitle: documents.title,
			createdAt: suggestions.createdAt
		})
		.from(suggestions)
		.innerJoin(documents, eq(documents.id, suggestions.documentId))
		.where(
			and(
				eq(suggestions.workspaceId, c.workspace.id),
				eq(suggestions.status, 'open'),
				ne(documents.status, 'decided'),
				or(isNull(suggestions.authorId), ne(suggestions.authorId, c.userId))
			)
		)
		.orderBy(asc(suggestions.createdAt), asc(suggestions.id));
	const byDocument = new Map<string, Extract<WaitingItem, { kind: 'suggestions' }>>();
	for (const r of rows) {
		const item = byDocument.get(r.documentId);
		if (item) item.count++;
		else
			byDocument.set(r.documentId, {
				kind: 'suggestions',
				id: r.documentId,
				documentTitle: r.documentTitle,
				count: 1,
				oldestAt: r.createdAt,
				href: `/w/${c.workspace.slug}/documents/${r.documentId}/comments#sugg-h`
			});
	}
	return [...byDocument.values()];
}

/**
 * What is waiting for the actor in a workspace, most pressing kinds first: votes, consultations, actions,
 * mentions, suggestions. Empty for anyone who is not a member (a visitor to a public workspace). 404 when
 * the workspace is invisible to the actor.
 */
export async function waitingFor(
	db: DB,
	actor: Actor,
	workspaceIdOrSlug: string,
	now = Date.now()
): Promise<WaitingItem[]> {
	const { workspace, member } = await loadWorkspace(db, actor, workspaceIdOrSlug);
	if (!member || !actor.user) return [];
	const c: Ctx = { db, workspace, userId: actor.user.id, member, now };
	const parts = await Promise.all([
		openVotes(c),
		openConsultations(c),
		dueActions(c),
		mentions(c),
		openSuggestions(c),
		claimsWaiting(db, actor, workspace)
	]);
	return parts.flat();
}
