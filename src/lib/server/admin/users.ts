// Administration → Users (docs/security.md, "Administration"): find people, see their memberships and recent
// sign-ins, disable and enable accounts, and send a pending invitation again. Each change is recorded in the
// governance history of the workspaces it touches.
import { and, asc, desc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { first, one, getDb, transaction, type DB } from '../db/index.ts';
import {
	apiTokens,
	invitations,
	organisations,
	sessions,
	signIns,
	users,
	workspaceMembers,
	workspaces
} from '../db/schema/index.ts';
import { authorize, type Actor } from '../policy/index.ts';
import type { AccountSubject } from '../policy/accounts.ts';
import { requireSiteAdmin } from '../access.ts';
import { Conflict, NotFound } from '../errors.ts';
import { recordChanges, recordForPerson } from '../governance/history.ts';
import { notifyAccessChanged } from '../collab/registry.ts';
import { signInHistory } from '../auth/session.ts';
import { hashSecret, randomBase32 } from '../../domain/secrets.ts';
import { sendInvitationMail } from '../mail/messages.ts';
import { invitationStatus } from '../workspaces/invitations.ts';
import { membershipsOfPerson } from '../workspaces/members.ts';

export const PAGE_SIZE = 25;

/** `%text%` for LIKE, with its wildcards escaped (used with `escape '\'`). */
function containing(q: string): string {
	return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function admin(actor: Actor) {
	authorize(actor, 'users.list', null, null);
	return requireSiteAdmin(actor);
}

/**
 * People whose name or email contains `q` (everyone when empty), by name, a page at a time, with their last
 * sign-in and how many workspaces they belong to; and the pending invitations to addresses that have no
 * account yet, matching `q` too (an invitation can be sent again from here).
 */
export async function findUsers(actor: Actor, input: { q: string; page: number }) {
	admin(actor);
	const db = getDb();
	const q = input.q.trim().slice(0, 200);
	const pattern = containing(q);
	const matches = q
		? or(
				sql`lower(${users.name}) like ${pattern} escape '\\'`,
				sql`${users.email} like ${pattern} escape '\\'`
			)
		: undefined;
	const total = first(
		await db
			.select({ n: sql<number>`count(*)` })
			.from(users)
			.where(matches)
	).n;
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, input.page), pages);
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			isAdmin: users.isAdmin,
			disabledAt: users.disabledAt,
			lastSignInAt: sql<
				number | null
			>`(select max(${signIns.at}) from ${signIns} where ${signIns.userId} = ${users.id})`,
			workspaces: sql<number>`(select count(*) from ${workspaceMembers} where ${workspaceMembers.userId} = ${users.id})`
		})
		.from(users)
		.where(matches)
		.orderBy(sql`lower(${users.name})`, asc(users.id))
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE);
	const invited = await pendingInvitations(db, {
		q: q ? pattern : null,
		withoutAccount: true
	});
	return { q, page, pages, total, users: rows, invitations: invited };
}

/** Pending invitations (not used, withdrawn or expired), to one address or matching a LIKE pattern. */
async function pendingInvitations(
	db: DB,
	opts: { email?: string; q?: string | null; withoutAccount?: boolean },
	now = Date.now()
) {
	const rows = await db
		.select({
			id: invitations.id,
			email: invitations.email,
			role: invitations.role,
			createdAt: invitations.createdAt,
			expiresAt: invitations.expiresAt,
			workspaceName: workspaces.name,
			workspaceSlug: workspaces.slug,
			organisation: organisations.name
		})
		.from(invitations)
		.innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
		.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
		.where(
			and(
				isNull(invitations.acceptedAt),
				isNull(invitations.revokedAt),
				sql`${invitations.expiresAt} > ${now}`,
				ne(invitations.email, ''),
				opts.email ? eq(invitations.email, opts.email) : undefined,
				opts.q ? sql`${invitations.email} like ${opts.q} escape '\\'` : undefined,
				opts.withoutAccount
					? sql`not exists (select 1 from ${users} where ${users.email} = ${invitations.email})`
					: undefined
			)
		)
		.orderBy(desc(invitations.createdAt))
		.limit(PAGE_SIZE);
	return rows;
}

/** One person for an administrator: the account, memberships, recent sign-ins and pending invitations. */
export async function userDetail(actor: Actor, id: string) {
	admin(actor);
	const db = getDb();
	const user = one(
		await db
			.select({
				id: users.id,
				name: users.name,
				email: users.email,
				isAdmin: users.isAdmin,
				disabledAt: users.disabledAt,
				createdAt: users.createdAt
			})
			.from(users)
			.where(eq(users.id, id))
	);
	if (!user) throw new NotFound('No such person.');
	const memberships = await membershipsOfPerson(db, id);
	const recent = (await signInHistory(db, id)).slice(0, 10).map(({ sessionId: _s, ...r }) => r);
	const subject = await accountSubject(db, id);
	return {
		user,
		memberships,
		signIns: recent,
		invitations: await pendingInvitations(db, { email: user.email }),
		mayDisable: user.disabledAt === null && (await mayDisable(actor, subject))
	};
}

async function mayDisable(actor: Actor, subject: AccountSubject | null) {
	if (!subject) return false;
	try {
		authorize(actor, 'user.disable', null, subject);
		return true;
	} catch {
		return false;
	}
}

async function accountSubject(db: DB, id: string): Promise<AccountSubject | null> {
	const user = one(
		await db.select({ id: users.id, isAdmin: users.isAdmin }).from(users).where(eq(users.id, id))
	);
	if (!user) return null;
	const activeAdmins = first(
		await db
			.select({ n: sql<number>`count(*)` })
			.from(users)
			.where(and(eq(users.isAdmin, true), isNull(users.disabledAt)))
	).n;
	return { ...user, activeAdmins };
}

/**
 * Disables an account: it cannot sign in, its sessions end and its tokens are revoked. Not the administrator's
 * own, nor the last active administrator's.
 */
export async function disableUser(actor: Actor, id: string, now = Date.now()) {
	const by = admin(actor);
	const db = getDb();
	const user = await transaction(db, async (tx) => {
		const subject = await accountSubject(tx, id);
		if (!subject) throw new NotFound('No such person.');
		authorize(actor, 'user.disable', null, subject);
		const target = first(await tx.select().from(users).where(eq(users.id, id)));
		if (target.disabledAt !== null) throw new Conflict(`${target.name}’s account is disabled already.`);
		await tx.update(users).set({ disabledAt: now }).where(eq(users.id, id));
		await tx.delete(sessions).where(eq(sessions.userId, id));
		await tx
			.update(apiTokens)
			.set({ revokedAt: now })
			.where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt)));
		await recordForPerson(
			tx,
			id,
			by,
			{
				kind: 'account.disabled',
				summary: `${target.name}’s account disabled by an administrator: they cannot sign in`
			},
			now
		);
		return target;
	});
	notifyAccessChanged({ userId: id });
	return user;
}

/** Enables a disabled account again (its revoked tokens stay revoked; the person signs in afresh). */
export async function enableUser(actor: Actor, id: string, now = Date.now()) {
	const by = admin(actor);
	const db = getDb();
	return await transaction(db, async (tx) => {
		const subject = await accountSubject(tx, id);
		if (!subject) throw new NotFound('No such person.');
		authorize(actor, 'user.enable', null, subject);
		const target = first(await tx.select().from(users).where(eq(users.id, id)));
		if (target.disabledAt === null) throw new Conflict(`${target.name}’s account is not disabled.`);
		await tx.update(users).set({ disabledAt: null }).where(eq(users.id, id));
		await recordForPerson(
			tx,
			id,
			by,
			{ kind: 'account.enabled', summary: `${target.name}’s account enabled again by an administrator` },
			now
		);
		return target;
	});
}

/**
 * Sends a pending invitation again. Only the hash of its secret is kept, so the new email carries a new link
 * and the earlier one stops working; the expiry stays.
 */
export async function resendInvitation(actor: Actor, invitationId: string, now = Date.now()) {
	const by = admin(actor);
	authorize(actor, 'invitation.resend', null, null);
	const db = getDb();
	return await transaction(db, async (tx) => {
		const row = one(
			await tx
				.select({
					inv: invitations,
					workspace: workspaces,
					organisation: organisations.name,
					inviter: users.name
				})
				.from(invitations)
				.innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
				.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
				.leftJoin(users, eq(users.id, invitations.invitedBy))
				.where(eq(invitations.id, invitationId))
		);
		if (!row || !row.inv.email) throw new NotFound('No such invitation.');
		const status = invitationStatus(row.inv, now);
		if (status !== 'pending') throw new Conflict(`This invitation is ${status}: it cannot be sent again.`);
		const token = randomBase32(20);
		await tx
			.update(invitations)
			.set({ tokenHash: hashSecret(token) })
			.where(eq(invitations.id, invitationId));
		const messageId = await sendInvitationMail(tx, {
			email: row.inv.email,
			token,
			workspaceId: row.workspace.id,
			workspaceName: row.workspace.name,
			inviterName: row.inviter ?? 'A facilitator',
			role: row.inv.role,
			organisationName: row.organisation,
			expiresAt: row.inv.expiresAt,
			timeZone: row.workspace.timeZone
		});
		await recordChanges(
			tx,
			row.workspace.id,
			by,
			[
				{
					kind: 'invitation.resent',
					subjectId: invitationId,
					// No address: the history cannot be changed, so it keeps no detail a person could ask to be erased.
					summary: `An invitation as ${row.inv.role}${row.organisation ? ` for ${row.organisation}` : ''} sent again by an administrator, with a new link`,
					concernsVotes: false
				}
			],
			now
		);
		return { email: row.inv.email, emailed: messageId !== null };
	});
}
