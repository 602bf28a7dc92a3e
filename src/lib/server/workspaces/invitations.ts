import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { Conflict, Gone, Invalid, NotFound } from '../errors.ts';
import { affected, transaction, type DB, one } from '../db/index.ts';
import { isFacilitator, isObserver } from '../policy/membership.ts';
import { newId } from '../db/ids.ts';
import { invitations, organisations, users, workspaces } from '../db/schema/index.ts';
import { hashSecret, randomBase32 } from '../../domain/secrets.ts';
import { emailSchema } from '../users.ts';
import { membershipFields, type InvitationJson } from './schemas.ts';
import { getMembership } from './repository.ts';
import { isPartner } from './partners.ts';
import { listMembers, upsertMember } from './members.ts';
import { recordChanges } from '../governance/history.ts';
import { memberPublicWords, memberWords } from './changes.ts';
import { sendInvitationMail } from '../mail/messages.ts';
import { isoOrNull, isoUtc } from '../../domain/time.ts';

export const DAY = 24 * 60 * 60 * 1000;

export const invitationInput = z
	.object({
		email: emailSchema,
		role: membershipFields.role,
		organisationId: membershipFields.organisationId.default(null),
		standing: membershipFields.standing.default('participant'),
		votingDelegate: membershipFields.votingDelegate.default(false),
		expiresInDays: z
			.number()
			.int()
			.min(1, 'Between 1 and 60 days.')
			.max(60, 'Between 1 and 60 days.')
			.default(14)
	})
	.strict();

export type Invitation = typeof invitations.$inferSelect;
export type InvitationStatus = InvitationJson['status'];

export function invitationStatus(inv: Invitation, now = Date.now()): InvitationStatus {
	if (inv.acceptedAt) return 'accepted';
	if (inv.revokedAt) return 'revoked';
	if (now >= inv.expiresAt) return 'expired';
	return 'pending';
}

/** Creates an invitation and returns it with the secret for the link (shown to the inviter, stored hashed). */
export async function createInvitation(
	db: DB,
	workspaceId: string,
	input: z.infer<typeof invitationInput>,
	invitedBy: string
): Promise<{ invitation: Invitation; token: string; emailed: boolean }> {
	if (!isFacilitator(input) && !input.organisationId)
		throw new Invalid('Choose the partner organisation this person will act for.');
	if (input.organisationId && !(await isPartner(db, workspaceId, input.organisationId)))
		throw new Invalid('Choose one of this workspace’s partner organisations.');
	if (input.votingDelegate && (isObserver(input) || !input.organisationId))
		throw new Invalid('A voting delegate must act for a partner organisation and cannot be an observer.');
	const existing = one(
		await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1)
	);
	if (existing && (await getMembership(db, workspaceId, existing.id)))
		throw new Conflict('This person is already a member of the workspace.');
	const token = randomBase32(20);
	const now = Date.now();
	const invitation: Invitation = {
		id: newId(),
		workspaceId,
		email: input.email,
		role: input.role,
		organisationId: input.organisationId,
		standing: input.standing,
		votingDelegate: input.votingDelegate,
		tokenHash: hashSecret(token),
		invitedBy,
		createdAt: now,
		expiresAt: now + input.expiresInDays * DAY,
		acceptedAt: null,
		acceptedBy: null,
		revokedAt: null
	};
	const ws = one(await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1))!;
	const inviter = one(
		await db.select({ name: users.name }).from(users).where(eq(users.id, invitedBy)).limit(1)
	);
	const organisation = input.organisationId
		? one(
				await db
					.select({ name: organisations.name })
					.from(organisations)
					.where(eq(organisations.id, input.organisationId))
					.limit(1)
			)
		: undefined;
	// The invitation and its email are stored together: the worker sends the email (or keeps it in the outbox).
	const messageId = await transaction(db, async (tx) => {
		await tx.insert(invitations).values(invitation);
		return await sendInvitationMail(tx, {
			email: input.email,
			token,
			workspaceId,
			workspaceName: ws.name,
			inviterName: inviter?.name ?? 'A facilitator',
			role: input.role,
			organisationName: organisation?.name ?? null,
			expiresAt: invitation.expiresAt,
			timeZone: ws.timeZone
		});
	});
	return { invitation, token, emailed: messageId !== null };
}

export async function listInvitations(db: DB, workspaceId: string) {
	return (
		await db
			.select({ invitation: invitations, organisationName: organisations.name })
			.from(invitations)
			.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
			.where(eq(invitations.workspaceId, workspaceId))
			.orderBy(desc(invitations.createdAt))
	).map(({ invitation, organisationName }) => ({ ...publicInvitation(invitation), organisationName }));
}

/** An invitation without its secret hash. */
export function publicInvitation(inv: Invitation) {
	const { tokenHash: _hash, ...rest } = inv;
	return { ...rest, status: invitationStatus(inv) };
}

/** An invitation as the API shows it: times as ISO 8601 UTC, no secret. */
export function serializeInvitation(
	inv: Awaited<ReturnType<typeof listInvitations>>[number]
): InvitationJson {
	return {
		id: inv.id,
		workspaceId: inv.workspaceId,
		email: inv.email,
		role: inv.role,
		organisationId: inv.organisationId,
		organisationName: inv.organisationName,
		standing: inv.standing,
		votingDelegate: inv.votingDelegate,
		status: inv.status,
		invitedBy: inv.invitedBy,
		createdAt: isoUtc(inv.createdAt),
		expiresAt: isoUtc(inv.expiresAt),
		acceptedAt: isoOrNull(inv.acceptedAt),
		acceptedBy: inv.acceptedBy,
		revokedAt: isoOrNull(inv.revokedAt)
	};
}

export async function getInvitation(db: DB, id: string): Promise<Invitation | undefined> {
	return one(await db.select().from(invitations).where(eq(invitations.id, id)).limit(1));
}

export async function revokeInvitation(db: DB, id: string, now = Date.now()): Promise<boolean> {
	return (
		affected(
			await db
				.update(invitations)
				.set({ revokedAt: now })
				.where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
		) === 1
	);
}

/** Finds an invitation by the secret in its link, with its workspace and organisation names. */
export async function findInvitationByToken(db: DB, token: string) {
	if (!/^[a-z2-7]{16,64}$/.test(token)) return undefined;
	return one(
		await db
			.select({
				invitation: invitations,
				workspaceName: workspaces.name,
				workspaceSlug: workspaces.slug,
				organisationName: organisations.name
			})
			.from(invitations)
			.innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
			.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
			.where(eq(invitations.tokenHash, hashSecret(token)))
			.limit(1)
	);
}

/** The invitations to an address that can still be accepted, newest first, with their workspace's address. */
export async function pendingInvitationsFor(db: DB, email: string, now = Date.now()) {
	return (
		await db
			.select({ invitation: invitations, workspaceSlug: workspaces.slug })
			.from(invitations)
			.innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
			.where(
				and(
					eq(invitations.email, email.trim().toLowerCase()),
					isNull(invitations.acceptedAt),
					isNull(invitations.revokedAt),
					gt(invitations.expiresAt, now)
				)
			)
			.orderBy(desc(invitations.createdAt))
	).map((r) => ({ ...r.invitation, workspaceSlug: r.workspaceSlug }));
}

/** Marks the invitation used and makes the user a member, in one transaction. Refuses used, revoked or expired links. */
export async function acceptInvitation(
	db: DB,
	invitationId: string,
	userId: string,
	now = Date.now()
): Promise<void> {
	await transaction(db, async () => {
		const inv = await getInvitation(db, invitationId);
		if (!inv) throw new NotFound('This invitation does not exist.');
		const status = invitationStatus(inv, now);
		if (status !== 'pending')
			throw new Gone(`This invitation has been ${status === 'accepted' ? 'used already' : status}.`);
		await db
			.update(invitations)
			.set({ acceptedAt: now, acceptedBy: userId })
			.where(eq(invitations.id, inv.id));
		await upsertMember(db, inv.workspaceId, userId, {
			role: inv.role,
			organisationId: inv.organisationId,
			standing: inv.standing,
			votingDelegate: inv.votingDelegate
		});
		// In the history as the inviter's change: they chose the role, organisation and delegate status.
		const joined = (await listMembers(db, inv.workspaceId)).find((m) => m.userId === userId)!;
		const inviter = inv.invitedBy
			? one(
					await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, inv.invitedBy))
				)
			: undefined;
		await recordChanges(
			db,
			inv.workspaceId,
			inviter ?? null,
			[
				{
					kind: 'member.added',
					subjectId: userId,
					summary: `${memberWords(joined)} joined by invitation`,
					concernsVotes: joined.votingDelegate || joined.organisationId !== null,
					publicSummary: memberPublicWords(joined, 'added')
				}
			],
			now
		);
	});
}
