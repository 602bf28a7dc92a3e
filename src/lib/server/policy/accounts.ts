// Rules about accounts: a person deleting their own, and the administrators' Users pages. Accounts belong to no
// workspace, so the subject carries the few facts a rule needs (the facts are gathered by the command).
import { changing, reading } from './rules.ts';

/** The account acted on, as the administrators' rules need it. */
export type AccountSubject = {
	id: string;
	isAdmin: boolean;
	/** Administrators whose accounts are not disabled, this one included if it is one. */
	activeAdmins: number;
};

/** What deleting one's own account depends on. */
export type OwnAccountSubject = {
	/** Workspaces with other members where the person is the only facilitator. */
	soleFacilitatorOf: string[];
	/** Whether the person is the only administrator whose account is active. */
	lastAdmin: boolean;
};

export const accountRules = {
	'account.delete': changing<OwnAccountSubject>(
		'A person deletes their own account (with a session, or a token for all their workspaces), once no workspace with other members depends on them as its only facilitator, and unless they are the last active administrator.',
		({ actor, subject }) => {
			if (actor.token?.workspaceIds) return 'A token limited to some workspaces cannot delete your account.';
			if (subject.soleFacilitatorOf.length)
				return `You are the only facilitator of ${subject.soleFacilitatorOf.join(', ')}. Make another member a facilitator there first.`;
			if (subject.lastAdmin)
				return 'You are the only active administrator. Make someone else an administrator first.';
			return true;
		}
	),
	'users.list': reading<null>(
		'Administrators find people, and see their memberships and recent sign-ins.',
		({ actor }) => !!actor.user?.isAdmin || 'Administrators only.'
	),
	'user.disable': changing<AccountSubject>(
		'Administrators disable an account (it cannot sign in; its sessions end and its tokens are revoked), but not their own nor the last active administrator’s.',
		({ actor, subject }) => {
			if (!actor.user?.isAdmin) return 'Administrators only.';
			if (subject.id === actor.user.id) return 'You cannot disable your own account.';
			if (subject.isAdmin && subject.activeAdmins <= 1)
				return 'This is the last active administrator: make someone else an administrator first.';
			return true;
		}
	),
	'user.enable': changing<AccountSubject>(
		'Administrators enable a disabled account again.',
		({ actor }) => !!actor.user?.isAdmin || 'Administrators only.'
	),
	'invitation.resend': changing<null>(
		'Administrators send a pending invitation again, with a new link (the earlier link stops working).',
		({ actor }) => !!actor.user?.isAdmin || 'Administrators only.'
	),
	'account.resetTwoFactor': changing<object>(
		'Administrators reset a person’s two-factor sign-in (they lost their authenticator and recovery codes), with a reason recorded in the governance history of each of the person’s workspaces.',
		({ actor }) => !!actor.user?.isAdmin || 'Administrators only.'
	)
};
