// Rules about votes: who runs them, and who casts an organisation's ballot.
import { atLeast, changing, reading, type Context } from './rules.ts';

/** A vote, as the rules need it (its workspace's membership is passed beside it). */
type VoteSubject = { id: string };
/** The workspace a vote is created in. */
type WorkspaceSubject = { id: string };
/** A ballot someone wants to cast: for which organisation, and whether a facilitator records it for them. */
type BallotSubject = { organisationId: string; assisted: boolean };

const facilitatorOnly =
	(what: string) =>
	({ member }: Context<unknown>) =>
		atLeast(member, 'facilitator') || `Only facilitators can ${what}.`;

export const voteRules = {
	'vote.see': reading<VoteSubject>(
		'Members (any role) see a vote, its turnout and, once closed, its result.',
		({ member }) => !!member || 'Only members of this workspace can see this.'
	),
	'vote.create': changing<WorkspaceSubject>('Facilitators create votes.', ({ member }) =>
		!member
			? 'You are not a member of this workspace.'
			: atLeast(member, 'facilitator') || 'This needs the facilitator role or higher.'
	),
	'vote.edit': changing<VoteSubject>(
		'Facilitators edit a vote before it opens.',
		facilitatorOnly('edit a vote')
	),
	'vote.delete': changing<VoteSubject>(
		'Facilitators delete a vote that has not opened.',
		facilitatorOnly('delete a vote')
	),
	'vote.open': changing<VoteSubject>(
		'Facilitators open a vote before its opening time.',
		facilitatorOnly('open a vote')
	),
	'vote.close': changing<VoteSubject>(
		'Facilitators close an open vote early, with a reason.',
		facilitatorOnly('close a vote')
	),
	'vote.remind': changing<VoteSubject>(
		'Facilitators email a reminder to the voting delegates of organisations that have not voted (at most once a day per organisation).',
		facilitatorOnly('see who has not voted and send reminders')
	),
	'vote.seeWhoVoted': reading<VoteSubject>(
		'Facilitators see which organisations have voted while the vote runs.',
		facilitatorOnly('see which organisations have voted')
	),
	'vote.cast': changing<BallotSubject>(
		'A voting delegate of an organisation (any role but observer) casts its ballot; a facilitator records an assisted ballot for any organisation of the electorate. Only an organisation in the vote’s electorate has a ballot.',
		({ member, subject }) => {
			if (!member) return 'Only members of this workspace can see this.';
			if (subject.assisted)
				return atLeast(member, 'facilitator') || 'Only facilitators can record an assisted ballot.';
			if (!atLeast(member, 'commenter')) return 'Observers cannot vote.';
			if (!member.votingDelegate || member.organisationId !== subject.organisationId)
				return 'Only a voting delegate of this organisation can cast its ballot.';
			return true;
		}
	)
};
