// Rules about meetings: who sees one and what of it, and who runs it. A visitor of a public workspace sees a
// meeting's title, time, place and agenda (with its published papers), never who was invited or came; a guest
// (invited, with no role in the workspace) sees the meetings they are invited to.
import { atLeast, changing, needs, reading } from './rules.ts';

/** A meeting, as the rules need it: its workspace's visibility and whether the actor is invited. */
export type MeetingSubject = { visibility: 'public' | 'private'; invited: boolean };

const facilitators = ({ member }: { member: Parameters<typeof atLeast>[0] }) =>
	atLeast(member, 'facilitator') || needs('facilitator');

export const meetingRules = {
	'meeting.see': reading<MeetingSubject>(
		'Members (any role) and invited guests see a meeting; in a public workspace anyone sees its title, time, place and agenda with its published papers.',
		({ member, subject }) => !!member || subject.invited || subject.visibility === 'public' || 'Not found'
	),
	'meeting.seePeople': reading<MeetingSubject>(
		'Members (any role) see who is invited to a meeting and who attended; visitors and guests do not.',
		({ member }) => !!member || 'Only members of this workspace can see this.'
	),
	'meeting.schedule': changing<MeetingSubject>('Facilitators schedule a meeting.', facilitators),
	'meeting.edit': changing<MeetingSubject>(
		'Facilitators change a meeting’s title, time and place, and cancel it (invitees’ calendars are updated).',
		facilitators
	),
	'meeting.agenda': changing<MeetingSubject>(
		'Facilitators add, move and remove agenda items, each linking a document version, a vote or a consultation.',
		facilitators
	),
	'meeting.invite': changing<MeetingSubject>(
		'Facilitators invite members and guests (people with no role in the workspace) to a meeting.',
		facilitators
	),
	'meeting.recordAttendance': changing<MeetingSubject>(
		'Facilitators record who was present, sent apologies or was absent, and for which organisation.',
		facilitators
	),
	'meeting.minutes': changing<MeetingSubject>(
		'Facilitators start a meeting’s minutes: a document made from the minutes template and linked to the meeting.',
		facilitators
	)
};
