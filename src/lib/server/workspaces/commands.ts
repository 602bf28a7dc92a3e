// One function per thing a person does to a workspace, its members, partners and invitations. The page's form
// action and the API call the same function; each checks permission inside and throws domain errors.
import type { z } from 'zod';
import { getDb, transaction, type DB } from '../db/index.ts';
import { Conflict, Forbidden, NotFound } from '../errors.ts';
import { authorize } from '../policy/index.ts';
import { notifyAccessChanged } from '../collab/registry.ts';
import * as memberStore from './members.ts';
import * as partnerStore from './partners.ts';
import * as repo from './repository.ts';
import * as schemas from './schemas.ts';
import * as invitations from './invitations.ts';
import { createOrganisation } from '../organisations/commands.ts';
import { findAddableUser } from '../organisations/queries.ts';
import type { organisationInput } from '../organisations/schemas.ts';
import { requireRole, requireUser, requireWriteScope, type Actor } from './access.ts';
import { recordChanges } from '../governance/history.ts';
import type { Partner } from './partners.ts';
import {
	memberChange,
	memberPublicWords,
	memberWords,
	partnerChange,
	partnerWords,
	workspaceChange
} from './changes.ts';

/**
 * Loads the workspace for a change by a facilitator: 404 unseen, 401 signed out, 403 otherwise. The API calls
 * it before reading a body too, so that who may ask is answered before what was asked.
 */
export async function managed(db: DB, actor: Actor, idOrSlug: string) {
	requireWriteScope(actor);
	const access = await requireRole(db, actor, idOrSlug, 'facilitator');
	authorize(actor, 'workspace.manage', access.member, access.workspace);
	return { ...access, user: requireUser(actor) };
}

/** Refuses the actor who may not create a workspace (signed out, read-only token, token for some workspaces). */
export function mayCreateWorkspace(actor: Actor) {
	const user = requireUser(actor);
	requireWriteScope(actor);
	if (actor.token?.workspaceIds)
		throw new Forbidden('This token is limited to named workspaces, so it cannot create one.');
	return user;
}

/** Creates a workspace; the actor becomes its first facilitator. */
export async function createWorkspace(actor: Actor, input: z.infer<typeof schemas.workspaceInput>) {
	const user = mayCreateWorkspace(actor);
	return await repo.createWorkspace(getDb(), input, user.id);
}

/**
 * Changes name, description, visibility, time zone, or whether voting delegates must sign in with two factors
 * (recorded in the governance history).
 */
export async function changeSettings(
	actor: Actor,
	idOrSlug: string,
	patch: z.infer<typeof schemas.workspacePatch>
) {
	const db = getDb();
	const { workspace, member, user } = await managed(db, actor, idOrSlug);
	const after = await transaction(db, async () => {
		const changed = await repo.updateWorkspace(db, workspace.id, patch);
		const change = workspaceChange(workspace, changed);
		if (change) await recordChanges(db, workspace.id, user, [change]);
		return changed;
	});
	// Delegates who must now sign in with two factors are held at its set-up page from their next request.
	return { workspace: after, member };
}

/** Adds someone who already has an account and works with the actor (anyone, for an administrator). */
export async function addMember(actor: Actor, idOrSlug: string, input: z.infer<typeof schemas.memberInput>) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	const { email, userId, ...membership } = input;
	// Only people the facilitator already works with, so that adding members cannot reveal who has an account.
	const found = await findAddableUser(db, user, { email, userId });
	if (!found)
		throw new NotFound(
			'No account you can add: add people you work with in a workspace, or send an invitation.'
		);
	return await transaction(db, async () => {
		const added = await memberStore.addMember(db, workspace.id, found.id, membership);
		await recordChanges(db, workspace.id, user, [
			{
				kind: 'member.added',
				subjectId: added.userId,
				summary: `${memberWords(added)} added`,
				concernsVotes: added.votingDelegate || added.organisationId !== null,
				publicSummary: memberPublicWords(added, 'added')
			}
		]);
		return added;
	});
}

/** Changes a member's role, organisation, standing or delegate status. */
export async function changeMember(
	actor: Actor,
	idOrSlug: string,
	userId: string,
	patch: z.infer<typeof schemas.memberPatch>
) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	const member = await transaction(db, async () => {
		const before = (await memberStore.listMembers(db, workspace.id)).find((m) => m.userId === userId);
		const after = await memberStore.updateMember(db, workspace.id, userId, patch);
		const change = before && memberChange(before, after);
		if (change) await recordChanges(db, workspace.id, user, [change]);
		return after;
	});
	// Open editing sockets re-check the role now rather than at their next periodic check.
	notifyAccessChanged({ workspaceId: workspace.id, userId });
	return member;
}

/** Removes a member (a workspace keeps at least one facilitator). */
export async function removeMember(actor: Actor, idOrSlug: string, userId: string) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	await transaction(db, async () => {
		const before = (await memberStore.listMembers(db, workspace.id)).find((m) => m.userId === userId);
		await memberStore.removeMember(db, workspace.id, userId);
		if (before)
			await recordChanges(db, workspace.id, user, [
				{
					kind: 'member.removed',
					subjectId: userId,
					summary: `${memberWords(before)} removed`,
					concernsVotes: before.votingDelegate || before.organisationId !== null,
					publicSummary: memberPublicWords(before, 'removed')
				}
			]);
	});
	notifyAccessChanged({ workspaceId: workspace.id, userId });
}

/** Adds a verified organisation (or one created for this workspace) as a partner. */
export async function addPartner(
	actor: Actor,
	idOrSlug: string,
	input: z.infer<typeof schemas.partnerInput>
) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	return await transaction(db, async () => {
		const added = await partnerStore.addPartner(db, workspace.id, input, user.id);
		await recordPartnerAdded(db, workspace.id, user, added);
		return added;
	});
}

async function recordPartnerAdded(
	db: DB,
	workspaceId: string,
	user: { id: string; name: string },
	added: Partner
) {
	await recordChanges(db, workspaceId, user, [
		{
			kind: 'partner.added',
			subjectId: added.organisationId,
			summary: `${partnerWords(added)} added as a partner`,
			concernsVotes: true
		}
	]);
}

/** Creates an organisation for this workspace and makes it a partner at once. */
export async function createPartner(
	actor: Actor,
	idOrSlug: string,
	input: z.infer<typeof organisationInput>
) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	return await transaction(db, async () => {
		const org = await createOrganisation(db, actor, input, { workspaceId: workspace.id });
		const added = await partnerStore.addPartner(
			db,
			workspace.id,
			{ organisationId: org.id, grassroots: false, byAndFor: false },
			user.id
		);
		await recordPartnerAdded(db, workspace.id, user, added);
		return added;
	});
}

/** Changes the workspace's record of a partner, or confirms or dismisses the difference its own details show. */
export async function changePartner(
	actor: Actor,
	idOrSlug: string,
	organisationId: string,
	patch: z.infer<typeof schemas.partnerPatch>
) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	return await transaction(db, async () => {
		const before = (await partnerStore.listPartners(db, workspace.id)).find(
			(p) => p.organisationId === organisationId
		);
		const after = await partnerStore.updatePartner(db, workspace.id, organisationId, patch, user.id);
		const change = before && partnerChange(before, after);
		if (change) await recordChanges(db, workspace.id, user, [change]);
		return after;
	});
}

/** Removes a partner; members acting for it then act for no organisation. */
export async function removePartner(actor: Actor, idOrSlug: string, organisationId: string) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	await transaction(db, async () => {
		const before = (await partnerStore.listPartners(db, workspace.id)).find(
			(p) => p.organisationId === organisationId
		);
		await partnerStore.removePartner(db, workspace.id, organisationId);
		if (before)
			await recordChanges(db, workspace.id, user, [
				{
					kind: 'partner.removed',
					subjectId: organisationId,
					summary: `${partnerWords(before)} removed as a partner; its members act for no organisation`,
					concernsVotes: true
				}
			]);
	});
	notifyAccessChanged({ workspaceId: workspace.id });
}

/** Invites an email address; returns the invitation and the secret for its link (shown this once). */
export async function invite(
	actor: Actor,
	idOrSlug: string,
	input: z.infer<typeof invitations.invitationInput>
) {
	const db = getDb();
	const { workspace, user } = await managed(db, actor, idOrSlug);
	const created = await invitations.createInvitation(db, workspace.id, input, user.id);
	const listed = (await invitations.listInvitations(db, workspace.id)).find(
		(i) => i.id === created.invitation.id
	)!;
	return { ...created, listed };
}

/**
 * Withdraws a pending invitation: facilitators of its workspace. 404 for an invitation the actor cannot see
 * (or, with `idOrSlug`, one of another workspace); 409 once it has been used or withdrawn.
 */
export async function revokeInvitation(actor: Actor, invitationId: string, idOrSlug?: string) {
	const db = getDb();
	requireWriteScope(actor);
	const inv = await invitations.getInvitation(db, invitationId);
	if (!inv) throw new NotFound('No such invitation.');
	const { workspace } = await managed(db, actor, idOrSlug ?? inv.workspaceId);
	if (inv.workspaceId !== workspace.id) throw new NotFound('No such invitation.');
	if (!(await invitations.revokeInvitation(db, inv.id)))
		throw new Conflict(
			`This invitation has been ${invitations.invitationStatus(inv) === 'accepted' ? 'used' : 'withdrawn'} already.`
		);
	return inv;
}
