// Rules of the involvement ledger (docs/claims.md). Claims are personal data: the claimant (a person, or the
// members acting for a VCSE organisation), approvers and site administrators see them. Approvers are the
// facilitators and members a facilitator gives "approves claims"; nobody decides their own claim.
import { atLeast, changing, needs, reading, type Context, type Membership } from './rules.ts';

/**
 * What the claim rules need: the workspace's visibility, whether the actor was given "approves claims", whether
 * the claim (if any) is theirs, and whether they are a site administrator.
 */
export type ClaimSubject = {
	visibility: 'public' | 'private';
	approver: boolean;
	own: boolean;
	admin: boolean;
};

/** A facilitator, or a member given "approves claims". */
export function approves(member: Membership | null, subject: { approver: boolean }): boolean {
	return atLeast(member, 'facilitator') || (!!member && subject.approver);
}

const facilitators = ({ member }: Context<ClaimSubject>) =>
	atLeast(member, 'facilitator') || needs('facilitator');

export const claimRules = {
	'claims.seePolicy': reading<ClaimSubject>(
		'Members (any role) and anyone with a claim in the workspace read its payment policy.',
		({ member, subject }) => !!member || subject.own || 'Only members of this workspace can see this.'
	),
	'claims.setPolicy': changing<ClaimSubject>(
		'Facilitators record a new version of the payment policy (rates, thresholds, expenses, timescale), from a day, with the decision that adopted it.',
		facilitators
	),
	'claims.grantApprover': changing<ClaimSubject>(
		'Facilitators give a member "approves claims", or take it away.',
		facilitators
	),
	'claims.approve': reading<ClaimSubject>(
		'Facilitators and members given "approves claims" see every claim of the workspace, export batches and statements.',
		({ member, subject }) => approves(member, subject) || 'Only those who approve claims can see this.'
	),
	'claims.export': changing<ClaimSubject>(
		'Approvers export approved claims as a numbered batch (each claim once).',
		({ member, subject }) => approves(member, subject) || 'Only those who approve claims can do this.'
	),
	'claims.figures': reading<ClaimSubject>(
		'Members see the quarterly figures (no personal data, fewer than 5 claims suppressed); in a public workspace, anyone.',
		({ member, subject }) =>
			!!member || subject.visibility === 'public' || 'Only members of this workspace can see this.'
	),
	'claims.erase': changing<ClaimSubject>(
		'Site administrators erase a claimant’s personal data (names, references, answers, receipts) before the retention period ends.',
		({ subject }) => subject.admin || 'Only a site administrator can do this.'
	),
	'claim.see': reading<ClaimSubject>(
		'The claimant (or a member acting for the claiming organisation), approvers and site administrators see a claim.',
		({ member, subject }) => subject.own || approves(member, subject) || subject.admin || 'Not found'
	),
	'claim.edit': changing<ClaimSubject>(
		'The claimant adds expenses and receipts, declines or takes less, submits and answers a query.',
		({ subject }) => subject.own || 'Only the claimant can do this.'
	),
	'claim.decide': changing<ClaimSubject>(
		'Approvers approve, query, reject with a reason and mark paid; never their own claim (nor their organisation’s).',
		({ member, subject }) =>
			!approves(member, subject)
				? 'Only those who approve claims can do this.'
				: subject.own
					? 'Nobody decides their own claim.'
					: true
	)
};
