// Reads of a workspace, its members, partners and invitations, with their visibility checks inside.
import { getDb } from '../db/index.ts';
import { may } from '../policy/index.ts';
import { mayTakePart } from '../policy/organisations.ts';
import * as memberStore from './members.ts';
import * as partnerStore from './partners.ts';
import * as repo from './repository.ts';
import * as invitations from './invitations.ts';
import { listOrganisations } from '../organisations/queries.ts';
import { loadWorkspace, requireMember, requireRole, requireUser, type Actor } from './access.ts';
import type { Workspace } from './repository.ts';
import type { WorkspaceJson } from './schemas.ts';
import { tokenReaches } from '../auth/tokens.ts';
import { isoUtc } from '../../domain/time.ts';
import { toShortDecimal } from '../../domain/rational.ts';
import { weightOf } from '../../domain/tally.ts';
import { DEFAULT_RULE, ruleNumbers } from '../../domain/vote-rule.ts';

/** The actor's workspaces (within a token's workspace list), each with their role. */
export async function myWorkspaces(actor: Actor) {
	const user = requireUser(actor);
	return (await repo.workspacesOfUser(getDb(), user.id)).filter((w) =>
		tokenReaches(actor.token, w.workspace.id)
	);
}

/** A workspace by id or slug with the actor's membership: members, and anyone for a public workspace. */
export async function workspaceFor(actor: Actor, idOrSlug: string) {
	return await loadWorkspace(getDb(), actor, idOrSlug);
}

/** The members page: everyone's name, role and organisation; email addresses and invitations for facilitators. */
export async function membersPage(actor: Actor, idOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actor, idOrSlug);
	const manage = may(actor, 'workspace.manage', member, workspace);
	const emails = may(actor, 'workspace.seeEmails', member, workspace);
	return {
		manage,
		members: (await memberStore.listMembers(db, workspace.id)).map((m) => ({
			...m,
			email: emails ? m.email : ''
		})),
		partners: (await partnerStore.listPartners(db, workspace.id)).map((p) => ({
			id: p.organisationId,
			name: p.name
		})),
		invitations: emails ? await invitations.listInvitations(db, workspace.id) : []
	};
}

/** The members as the API shows them; email addresses for facilitators only. */
export async function memberList(actor: Actor, idOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await requireMember(db, actor, idOrSlug);
	const showEmail = may(actor, 'workspace.seeEmails', member, workspace);
	return (await memberStore.listMembers(db, workspace.id)).map((m) =>
		memberStore.serializeMember(m, showEmail)
	);
}

/**
 * The partners with this workspace's record of each; who set each record is for members (visitors to a public
 * workspace see the record only). Facilitators also get the organisations they may add.
 */
export async function partnersPage(actor: Actor, idOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor, idOrSlug);
	const numbers = ruleNumbers(DEFAULT_RULE);
	const partners = (await partnerStore.listPartners(db, workspace.id)).map((p) => ({
		...(member ? p : { ...p, recordedBy: null, recordedByName: null }),
		/** What its ballot counts under the default vote rule; null: it has no vote. */
		weight: p.eligible ? toShortDecimal(weightOf(p, numbers)) : null
	}));
	const manage = may(actor, 'workspace.manage', member, workspace);
	const taken = new Set(partners.map((p) => p.organisationId));
	return {
		manage,
		partners,
		defaultUplift: DEFAULT_RULE.uplift,
		candidates: manage
			? (await listOrganisations(db, actor))
					.filter((o) => !taken.has(o.id) && mayTakePart(o, workspace.id))
					.map((o) => ({ id: o.id, name: o.name, sector: o.sector }))
			: []
	};
}

/** The partners as the API shows them. */
export async function partnerList(actor: Actor, idOrSlug: string) {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor, idOrSlug);
	return (await partnerStore.listPartners(db, workspace.id)).map((p) =>
		partnerStore.serializePartner(p, !!member)
	);
}

/** The workspace's invitations with their status (never their links): facilitators only. */
export async function invitationList(actor: Actor, idOrSlug: string) {
	const db = getDb();
	const { workspace } = await requireRole(db, actor, idOrSlug, 'facilitator');
	return await invitations.listInvitations(db, workspace.id);
}

/** A workspace as the API shows it. */
export function serializeWorkspace(ws: Workspace): Omit<WorkspaceJson, 'role'> {
	return {
		id: ws.id,
		slug: ws.slug,
		name: ws.name,
		description: ws.description,
		visibility: ws.visibility,
		timeZone: ws.timeZone,
		requireTwoFactor: ws.requireTwoFactor,
		isDemo: ws.isDemo,
		createdAt: isoUtc(ws.createdAt)
	};
}
