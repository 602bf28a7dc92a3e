// Rules about the decision register: publishing and correcting decision records, dissenting statements,
// the actions agreed with decisions, reading a register, and removing a person's details from it.
import { atLeast, changing, needs, reading } from './rules.ts';

type WorkspaceSubject = { visibility: 'public' | 'private' };
/** The organisation a dissenting statement is added for. */
type DissentSubject = { organisationId: string };
/** An action, by the organisation that owns it. */
type ActionSubject = { ownerOrganisationId: string };

export const decisionRules = {
	'decision.publish': changing<WorkspaceSubject>(
		'Facilitators publish decision records (from a closed vote, or a consensus decision) with their actions.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'decision.supersede': changing<WorkspaceSubject>(
		'Facilitators correct a record by publishing one that supersedes it (records are never edited).',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'decision.dissent': changing<DissentSubject>(
		'Members who act for an organisation that took part add its dissenting statement (observers do not); ' +
			'facilitators may record one for any organisation that took part.',
		({ member, subject }) => {
			if (!member) return 'Only members of this workspace can add a dissent.';
			if (!atLeast(member, 'commenter')) return 'Observers cannot add a dissent.';
			if (subject.organisationId !== member.organisationId && !atLeast(member, 'facilitator'))
				return 'You can only add a dissent for your own organisation.';
			return true;
		}
	),
	'decision.revise': changing<WorkspaceSubject>(
		'Facilitators start a revision of a decided document, which makes its text editable again.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'action.create': changing<WorkspaceSubject>(
		'Facilitators create actions, on their own or for a decision.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'action.update': changing<ActionSubject>(
		'Members acting for the organisation that owns an action (observers do not), and facilitators, change ' +
			'its status or due date and add progress notes.',
		({ member, subject }) =>
			atLeast(member, 'facilitator') ||
			(atLeast(member, 'commenter') && member!.organisationId === subject.ownerOrganisationId) ||
			'Only the owner organisation and facilitators can update this action.'
	),
	'register.read': reading<WorkspaceSubject>(
		'Anyone reads the register of a public workspace (pages, API, downloads); a private one only its members.',
		({ member, subject }) => subject.visibility === 'public' || !!member || 'Not found'
	),
	'register.people': reading<null>(
		'Administrators list the people a register names (to handle a request to remove their details).',
		({ actor }) => !!actor.user?.isAdmin || 'Administrators only.'
	),
	'register.redact': changing<null>(
		'Administrators remove one person’s details from a register (the chain keeps a redaction entry).',
		({ actor }) => !!actor.user?.isAdmin || 'Administrators only.'
	)
};
