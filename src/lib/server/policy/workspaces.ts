// Rules about a workspace as a whole: seeing it, taking part, running it.
import { atLeast, changing, needs, reading } from './rules.ts';

type WorkspaceSubject = { visibility: 'public' | 'private' };

export const workspaceRules = {
	'workspace.see': reading<WorkspaceSubject>(
		'Anyone may see a public workspace; a private one only its members.',
		({ member, subject }) => subject.visibility === 'public' || !!member || 'Not found'
	),
	'workspace.readMembersOnly': reading<WorkspaceSubject>(
		'Members (any role) read drafts, comments and other members-only content.',
		({ member }) => !!member || 'Only members of this workspace can see this.'
	),
	'workspace.seeEmails': reading<WorkspaceSubject>(
		'Facilitators see members’ email addresses and the workspace’s invitations.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'workspace.seeVoteHistory': reading<WorkspaceSubject>(
		'Members (any role) see the changes that bear on votes: delegates, organisations acted for, partners, chambers, equity flags, vote rules, votes opened and closed.',
		({ member }) => !!member || 'Only members of this workspace can see this.'
	),
	'workspace.seeHistory': reading<WorkspaceSubject>(
		'Facilitators see the whole governance history: every change to who may act, roles included.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	),
	'workspace.manage': changing<WorkspaceSubject>(
		'Facilitators change the workspace’s settings, members, partners and invitations.',
		({ member }) => atLeast(member, 'facilitator') || needs('facilitator')
	)
};
