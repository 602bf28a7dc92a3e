// Claims in "Waiting for you": a claimant's drafts to submit and queries to answer; for approvers, how many
// claims wait for approval or payment, and how many of those are overdue.
import type { DB } from '../db/index.ts';
import type { Actor } from '../policy/rules.ts';
import type { Workspace } from '../access.ts';
import type { WaitingItem } from '../waiting/queries.ts';
import { getMembership } from '../workspaces/repository.ts';
import { approves } from '../policy/claims.ts';
import { refreshDrafts } from './commands.ts';
import { overdueClaims } from './retention.ts';
import * as repo from './repository.ts';

export async function claimsWaiting(db: DB, actor: Actor, workspace: Workspace): Promise<WaitingItem[]> {
	if (!actor.user) return [];
	const member = await getMembership(db, workspace.id, actor.user.id);
	await refreshDrafts(db, workspace);
	const base = `/w/${workspace.slug}/claims`;
	const mine = await repo.listClaims(db, workspace.id, {
		statuses: ['draft', 'queried'],
		claimantId: actor.user.id,
		organisationIds: member?.organisationId ? [member.organisationId] : []
	});
	const items: WaitingItem[] = mine.map(({ claim, meeting }) => ({
		kind: 'claim',
		id: claim.id,
		meetingTitle: meeting.title,
		status: claim.status as 'draft' | 'queried',
		href: `${base}/${claim.id}`
	}));
	const approver = approves(member, {
		approver: await repo.isGrantedApprover(db, workspace.id, actor.user.id)
	});
	if (approver) {
		const open = await repo.listClaims(db, workspace.id, { statuses: ['submitted', 'approved'] });
		const toApprove = open.filter((r) => r.claim.status === 'submitted').length;
		const toPay = open.length - toApprove;
		if (open.length)
			items.push({
				kind: 'claims',
				id: 'approve',
				toApprove,
				toPay,
				overdue: (await overdueClaims(db, workspace.id, workspace.timeZone)).length,
				href: base
			});
	}
	return items;
}
