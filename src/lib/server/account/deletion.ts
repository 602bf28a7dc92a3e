// Deleting one's own account (docs/security.md, "Deleting an account"). What the person wrote stays, attributed
// to "a former member of" the organisation they acted for; their details leave the decision registers through
// the register's redaction entry; claims keep their amounts; sessions, tokens and pending mail go; a last email
// goes to the old address; then the account row is deleted and the address is free for a new account.
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { one, getDb, type DB } from '../db/index.ts';
import {
	apiTokens,
	claims,
	commentThreads,
	comments,
	invitations,
	mailMessages,
	organisations,
	registerPersonal,
	sessions,
	suggestions,
	users,
	workspaceMembers,
	workspaces
} from '../db/schema/index.ts';
import { authorize, type Actor } from '../policy/index.ts';
import type { OwnAccountSubject } from '../policy/accounts.ts';
import { requireUser } from '../access.ts';
import { Invalid, NotFound } from '../errors.ts';
import { verifyPassword } from '../auth/password.ts';
import { appendTransaction } from '../register/chain.ts';
import { redactParts } from '../register/commands.ts';
import { recordChanges } from '../governance/history.ts';
import { eraseClaim } from '../claims/retention.ts';
import { sendAccountDeletedMail } from '../mail/messages.ts';
import { formerMember } from '../../domain/labels.ts';

/** The reason the register's redaction entries give. */
export const DELETION_REASON = 'The person deleted their Parity account';

/** Workspaces with other members where the person is the only facilitator (they must hand over first). */
export async function soleFacilitatorOf(db: DB, userId: string) {
	const others = db
		.select({
			workspaceId: workspaceMembers.workspaceId,
			members: sql<number>`count(*)`.as('members'),
			facilitators: sql<number>`sum(case when ${workspaceMembers.role} = 'facilitator' then 1 else 0 end)`.as(
				'facilitators'
			)
		})
		.from(workspaceMembers)
		.where(ne(workspaceMembers.userId, userId))
		.groupBy(workspaceMembers.workspaceId)
		.as('others');
	return await db
		.select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug })
		.from(workspaceMembers)
		.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
		.innerJoin(others, eq(others.workspaceId, workspaceMembers.workspaceId))
		.where(
			and(
				eq(workspaceMembers.userId, userId),
				eq(workspaceMembers.role, 'facilitator'),
				sql`${others.members} > 0`,
				sql`coalesce(${others.facilitators}, 0) = 0`
			)
		)
		.orderBy(workspaces.name);
}

async function activeAdmins(db: DB): Promise<string[]> {
	return (
		await db
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.isAdmin, true), isNull(users.disabledAt)))
	).map((r) => r.id);
}

/** What stands in the way of deleting the person's account, for the confirm page and the command. */
export async function deletionBlockers(db: DB, userId: string) {
	const sole = await soleFacilitatorOf(db, userId);
	const admins = await activeAdmins(db);
	const subject: OwnAccountSubject = {
		soleFacilitatorOf: sole.map((w) => w.name),
		lastAdmin: admins.length === 1 && admins[0] === userId
	};
	return { subject, workspaces: sole };
}

/** Whether what the person typed to confirm is their email address or their password. */
export async function confirmsDeletion(user: { email: string; passwordHash: string }, typed: string) {
	const t = typed.trim();
	if (!t || t.length > 256) return false;
	if (t.toLowerCase() === user.email) return true;
	return await verifyPassword(user.passwordHash, typed);
}

/**
 * Deletes the actor's own account. `confirm` (the email address or password, for the settings form) is checked
 * when given; the API relies on its session or full-scope token instead. Returns the workspaces they left.
 */
export async function deleteAccount(
	actor: Actor,
	opts: { confirm?: string } = {},
	now = Date.now()
): Promise<{ workspaces: string[] }> {
	const me = requireUser(actor);
	const db = getDb();
	authorize(actor, 'account.delete', null, (await deletionBlockers(db, me.id)).subject);
	const user = one(await db.select().from(users).where(eq(users.id, me.id)));
	if (!user) throw new NotFound('No such account.');
	if (opts.confirm !== undefined && !(await confirmsDeletion(user, opts.confirm)))
		throw new Invalid('Type your email address or your password to confirm.', {
			confirm: 'This is neither your email address nor your password.'
		});
	return await appendTransaction(db, async (tx) => {
		// Checked again inside the transaction: a co-facilitator may have left meanwhile.
		authorize(actor, 'account.delete', null, (await deletionBlockers(tx, me.id)).subject);
		const memberships = await tx
			.select({
				workspaceId: workspaceMembers.workspaceId,
				workspaceName: workspaces.name,
				organisation: organisations.name,
				votingDelegate: workspaceMembers.votingDelegate
			})
			.from(workspaceMembers)
			.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
			.leftJoin(organisations, eq(organisations.id, workspaceMembers.organisationId))
			.where(eq(workspaceMembers.userId, user.id))
			.orderBy(workspaces.name);

		// What they wrote stays, attributed to the organisation they acted for in each workspace ('' for none,
		// and for workspaces they had already left).
		for (const m of memberships) {
			await tx
				.update(comments)
				.set({ formerAuthorOrganisation: m.organisation ?? '' })
				.where(
					and(
						eq(comments.authorId, user.id),
						inArray(
							comments.threadId,
							tx
								.select({ id: commentThreads.id })
								.from(commentThreads)
								.where(eq(commentThreads.workspaceId, m.workspaceId))
						)
					)
				);
			await tx
				.update(suggestions)
				.set({ formerAuthorOrganisation: m.organisation ?? '' })
				.where(and(eq(suggestions.authorId, user.id), eq(suggestions.workspaceId, m.workspaceId)));
		}
		await tx
			.update(comments)
			.set({ formerAuthorOrganisation: '' })
			.where(and(eq(comments.authorId, user.id), isNull(comments.formerAuthorOrganisation)));
		await tx
			.update(suggestions)
			.set({ formerAuthorOrganisation: '' })
			.where(and(eq(suggestions.authorId, user.id), isNull(suggestions.formerAuthorOrganisation)));

		// Their details leave every register that names them, through the usual redaction entry.
		const parts = await tx
			.select({
				id: registerPersonal.id,
				workspaceId: registerPersonal.workspaceId,
				seq: registerPersonal.seq,
				digest: registerPersonal.digest
			})
			.from(registerPersonal)
			.where(eq(registerPersonal.subjectUserId, user.id));
		const byWorkspace = Map.groupBy(parts, (p) => p.workspaceId);
		const asWho = (workspaceId: string) => ({
			id: user.id,
			name: formerMember(memberships.find((m) => m.workspaceId === workspaceId)?.organisation)
		});
		for (const [workspaceId, list] of byWorkspace)
			await redactParts(tx, workspaceId, list, DELETION_REASON, asWho(workspaceId), now);

		// Each workspace they left says so, without their name.
		for (const m of memberships)
			await recordChanges(
				tx,
				m.workspaceId,
				asWho(m.workspaceId),
				[
					{
						kind: 'account.deleted',
						subjectId: user.id,
						summary: `${m.organisation ? `A member of ${m.organisation}` : 'A member'} deleted their account${m.votingDelegate ? ' (a voting delegate)' : ''}`,
						concernsVotes: m.votingDelegate
					}
				],
				now
			);

		// Claims are the workspace's payment records: the amounts stay, the person's details go.
		for (const claim of await tx.select().from(claims).where(eq(claims.claimantId, user.id)))
			if (!claim.erasedAt) await eraseClaim(tx, claim, null, now);
		await tx.update(claims).set({ approvedByName: null }).where(eq(claims.approvedBy, user.id));

		// Invitations that named their address: used ones forget it, pending ones are withdrawn.
		await tx.update(invitations).set({ email: '' }).where(eq(invitations.acceptedBy, user.id));
		await tx
			.update(invitations)
			.set({ email: '', revokedAt: now })
			.where(
				and(eq(invitations.email, user.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))
			);

		// Signed out everywhere, tokens revoked, mail not yet sent to them cancelled, sent mail forgets the address.
		await tx.delete(sessions).where(eq(sessions.userId, user.id));
		await tx
			.update(apiTokens)
			.set({ revokedAt: now })
			.where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)));
		const theirs = sql`(${mailMessages.userId} = ${user.id} or ${mailMessages.to} = ${user.email})`;
		await tx.delete(mailMessages).where(and(theirs, ne(mailMessages.status, 'sent')));
		await tx
			.update(mailMessages)
			.set({ to: '', userId: null })
			.where(and(theirs, eq(mailMessages.status, 'sent')));

		// The last message to the old address, then the account itself (its memberships, organisation
		// memberships, sign-ins, tokens, preferences and notifications go with it by cascade).
		const names = memberships.map((m) => m.workspaceName);
		await sendAccountDeletedMail(tx, user, names, now);
		await tx.delete(users).where(eq(users.id, user.id));
		return { workspaces: names };
	});
}
