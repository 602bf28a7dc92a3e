// "Download my data": everything Parity holds about a person, for them to take away (UK GDPR articles 15 and
// 20). Only their own account's data, read for the signed-in person themselves: their profile, memberships
// and organisations, what they wrote (comments, suggestions, consultation responses) and the ballots they cast
// for their organisation. Secrets (password hash, sessions, tokens' hashes) are never part of it.
import { asc, desc, eq } from 'drizzle-orm';
import { one, type DB } from '../db/index.ts';
import {
	ballotChanges,
	claims,
	meetings,
	commentThreads,
	comments,
	consultationResponses,
	consultations,
	documents,
	organisationMembers,
	organisations,
	suggestions,
	users,
	votes,
	workspaces
} from '../db/schema/index.ts';
import { identitiesOf } from '../auth/sso/sign-in.ts';
import { membershipsOfPerson } from '../workspaces/members.ts';
import { isoUtc } from '../../domain/time.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { Actor } from '../policy/rules.ts';
import { requireUser } from '../access.ts';

/** Drizzle's rows with their times as ISO strings, for the download. */
const iso = (ms: number | null) => (ms === null ? null : isoUtc(ms));

/**
 * Everything about the actor themselves. A session, or a token for all their workspaces: a token limited to
 * some workspaces reaches no other, and this reaches them all.
 */
export async function personalData(db: DB, actor: Actor) {
	const userId = requireUser(actor).id;
	if (actor.token?.workspaceIds)
		throw new Forbidden('A token limited to some workspaces cannot download all your data.');
	const user = one(
		await db
			.select({ name: users.name, email: users.email, isAdmin: users.isAdmin, createdAt: users.createdAt })
			.from(users)
			.where(eq(users.id, userId))
	);
	if (!user) throw new NotFound('No such account.');

	const memberships = await membershipsOfPerson(db, userId);

	const organisationsOf = await db
		.select({ name: organisations.name, sector: organisations.sector, since: organisationMembers.createdAt })
		.from(organisationMembers)
		.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
		.where(eq(organisationMembers.userId, userId))
		.orderBy(asc(organisations.name));

	const written = await db
		.select({
			workspace: workspaces.name,
			document: documents.title,
			quote: commentThreads.quote,
			body: comments.body,
			createdAt: comments.createdAt,
			editedAt: comments.editedAt,
			deletedAt: comments.deletedAt
		})
		.from(comments)
		.innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
		.innerJoin(documents, eq(documents.id, commentThreads.documentId))
		.innerJoin(workspaces, eq(workspaces.id, commentThreads.workspaceId))
		.where(eq(comments.authorId, userId))
		.orderBy(desc(comments.createdAt));

	const suggested = await db
		.select({
			workspace: workspaces.name,
			document: documents.title,
			quote: suggestions.quote,
			replacement: suggestions.replacement,
			note: suggestions.note,
			status: suggestions.status,
			reason: suggestions.reason,
			createdAt: suggestions.createdAt,
			decidedAt: suggestions.decidedAt
		})
		.from(suggestions)
		.innerJoin(documents, eq(documents.id, suggestions.documentId))
		.innerJoin(workspaces, eq(workspaces.id, suggestions.workspaceId))
		.where(eq(suggestions.authorId, userId))
		.orderBy(desc(suggestions.createdAt));

	const cast = await db
		.select({
			workspace: workspaces.name,
			vote: votes.question,
			organisation: organisations.name,
			action: ballotChanges.action,
			choice: ballotChanges.choice,
			statement: ballotChanges.statement,
			at: ballotChanges.at
		})
		.from(ballotChanges)
		.innerJoin(votes, eq(votes.id, ballotChanges.voteId))
		.innerJoin(workspaces, eq(workspaces.id, votes.workspaceId))
		.innerJoin(organisations, eq(organisations.id, ballotChanges.organisationId))
		.where(eq(ballotChanges.userId, userId))
		.orderBy(desc(ballotChanges.at));

	const responses = await db
		.select({
			consultation: consultations.title,
			questions: consultations.questions,
			organisation: organisations.name,
			answers: consultationResponses.answers,
			createdAt: consultationResponses.createdAt,
			updatedAt: consultationResponses.updatedAt
		})
		.from(consultationResponses)
		.innerJoin(consultations, eq(consultations.id, consultationResponses.consultationId))
		.leftJoin(organisations, eq(organisations.id, consultationResponses.organisationId))
		.where(eq(consultationResponses.userId, userId))
		.orderBy(desc(consultationResponses.updatedAt));

	// Involvement payment claims made as themselves (an organisation's cost-recovery claims are the
	// organisation's, not a person's).
	const claimed = await db
		.select({
			workspace: workspaces.name,
			meeting: meetings.title,
			status: claims.status,
			level: claims.levelName,
			minutes: claims.minutes,
			duePence: claims.duePence,
			claimedPence: claims.claimedPence,
			declined: claims.declined,
			expensesPence: claims.expensesPence,
			totalPence: claims.totalPence,
			submittedAt: claims.firstSubmittedAt,
			paidOn: claims.paidOn,
			paymentReference: claims.paymentReference
		})
		.from(claims)
		.innerJoin(meetings, eq(meetings.id, claims.meetingId))
		.innerJoin(workspaces, eq(workspaces.id, claims.workspaceId))
		.where(eq(claims.claimantId, userId))
		.orderBy(desc(claims.createdAt));

	return {
		exportedAt: isoUtc(Date.now()),
		profile: { name: user.name, email: user.email, administrator: user.isAdmin, since: iso(user.createdAt) },
		signInProviders: (await identitiesOf(db, userId)).map((i) => ({
			issuer: i.issuer,
			email: i.email,
			linkedAt: iso(i.linkedAt),
			lastUsedAt: iso(i.lastUsedAt)
		})),
		memberships: memberships.map((m) => ({ ...m, joinedAt: iso(m.joinedAt) })),
		organisations: organisationsOf.map((o) => ({ ...o, since: iso(o.since) })),
		comments: written.map(({ deletedAt, body, ...c }) => ({
			...c,
			// A deleted comment's words are kept for the thread's history only; the download says it was deleted.
			body: deletedAt === null ? body : null,
			deleted: deletedAt !== null,
			createdAt: iso(c.createdAt),
			editedAt: iso(c.editedAt)
		})),
		suggestions: suggested.map((s) => ({ ...s, createdAt: iso(s.createdAt), decidedAt: iso(s.decidedAt) })),
		ballots: cast.map((b) => ({ ...b, at: iso(b.at) })),
		claims: claimed.map((c) => ({ ...c, submittedAt: iso(c.submittedAt) })),
		consultationResponses: responses.map((r) => ({
			consultation: r.consultation,
			organisation: r.organisation,
			answers: r.questions.map((question, i) => ({ question, answer: r.answers[i] ?? '' })),
			createdAt: iso(r.createdAt),
			updatedAt: iso(r.updatedAt)
		}))
	};
}

export type PersonalData = Awaited<ReturnType<typeof personalData>>;
