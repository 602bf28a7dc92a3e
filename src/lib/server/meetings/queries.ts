// Reads of meetings for pages and the API, each with its visibility check: members see everything of a
// meeting, invited guests see their meeting, and visitors of a public workspace see its title, time, place and
// agenda with the papers that are published (never who was invited or came).
import { getDb, type DB } from '../db/index.ts';
import { tokenReaches } from '../auth/tokens.ts';
import { findWorkspace, getMembership } from '../workspaces/repository.ts';
import { loadWorkspace, type Actor, type Membership, type Workspace } from '../access.ts';
import { authorize, may } from '../policy/index.ts';
import type { MeetingSubject } from '../policy/meetings.ts';
import { NotFound } from '../errors.ts';
import { utcToZonedInput } from '../../domain/time.ts';
import * as repo from './repository.ts';
import * as invites from './invitations.ts';
import { levelsOnDay } from '../claims/repository.ts';
import type { AgendaItem, AgendaLinks, Meeting } from './repository.ts';

export type MeetingAccess = {
	meeting: Meeting;
	workspace: Workspace;
	member: Membership | null;
	subject: MeetingSubject;
};

/**
 * A meeting for someone who may see it: a member, an invited guest, or anyone in a public workspace. Anyone
 * else finds nothing (404). With `workspaceParam` (the workspace in a page's address), a meeting of another
 * workspace is NotFound.
 */
export async function meetingFor(
	actor: Actor,
	meetingId: string,
	workspaceParam?: string
): Promise<MeetingAccess> {
	const db = getDb();
	const meeting = await repo.findMeeting(db, meetingId);
	if (!meeting) throw new NotFound();
	const workspace = await findWorkspace(db, meeting.workspaceId);
	if (!workspace || !tokenReaches(actor.token, workspace.id)) throw new NotFound();
	if (workspaceParam !== undefined && workspace.slug !== workspaceParam && workspace.id !== workspaceParam)
		throw new NotFound();
	const member = actor.user ? await getMembership(db, workspace.id, actor.user.id) : null;
	const invited = !member && actor.user ? await invites.isInvited(db, meeting.id, actor.user.id) : false;
	const subject = { visibility: workspace.visibility, invited };
	if (!may(actor, 'meeting.see', member, subject)) throw new NotFound();
	return { meeting, workspace, member, subject };
}

/** A workspace's meetings: upcoming (soonest first) and past (latest first), with what the actor may do. */
export async function workspaceMeetings(actor: Actor, workspaceIdOrSlug: string, now = Date.now()) {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor, workspaceIdOrSlug);
	const subject = { visibility: workspace.visibility, invited: false };
	const all = (await repo.listMeetings(db, workspace.id)).map((m) =>
		shownTo(m, { member: !!member, invited: false })
	);
	return {
		workspace,
		member,
		maySchedule: may(actor, 'meeting.schedule', member, subject),
		meetings: all,
		upcoming: all.filter((m) => m.endsAt > now).reverse(),
		past: all.filter((m) => m.endsAt <= now)
	};
}

/** One agenda item as a page shows it, with its links' titles; visitors get only published papers. */
export type AgendaRow = ReturnType<typeof agendaRows>[number];

/**
 * The agenda with what each item links. `visitor`: the reader is not a member, so a paper is linked only when
 * its pinned version is the adopted one or the document is in an open public consultation, a consultation only
 * when it is public, and votes not at all.
 */
export function agendaRows(items: AgendaItem[], links: AgendaLinks, visitor: boolean) {
	return items.map((item) => {
		const doc = item.documentId ? links.documents.get(item.documentId) : undefined;
		const version = item.documentVersionId ? links.versions.get(item.documentVersionId) : undefined;
		const vote = item.voteId ? links.votes.get(item.voteId) : undefined;
		const consultation = item.consultationId ? links.consultations.get(item.consultationId) : undefined;
		const paperPublished =
			!!doc && ((!!version && doc.adoptedVersionId === version.id) || links.inPublicConsultation.has(doc.id));
		const showPaper = !!doc && (!visitor || paperPublished);
		const showConsultation = !!consultation && (!visitor || consultation.audience === 'public');
		return {
			id: item.id,
			position: item.position,
			title: item.title,
			presenter: item.presenter,
			minutes: item.minutes,
			document: showPaper
				? {
						id: doc.id,
						title: doc.title,
						version: version ? { id: version.id, name: version.name, createdAt: version.createdAt } : null,
						adopted: paperPublished && !!version && doc.adoptedVersionId === version.id
					}
				: null,
			vote: vote && !visitor ? { id: vote.id, question: vote.question, status: vote.status } : null,
			consultation: showConsultation
				? { id: consultation.id, title: consultation.title, documentId: consultation.documentId }
				: null
		};
	});
}

/** The agenda of a meeting as the reader may see it. */
export async function readAgenda(db: DB, meeting: Meeting, visitor: boolean) {
	const items = await repo.listAgenda(db, meeting.id);
	return agendaRows(items, await repo.agendaLinks(db, items), visitor);
}

/**
 * A meeting as someone outside the workspace sees it: a visitor of a public workspace has no online link, notes
 * for invitees or minutes (a draft document); an invited guest has the link and the notes.
 */
export function shownTo(meeting: Meeting, reader: { member: boolean; invited: boolean }): Meeting {
	if (reader.member) return meeting;
	const invited = reader.invited;
	return {
		...meeting,
		onlineLink: invited ? meeting.onlineLink : '',
		description: invited ? meeting.description : '',
		minutesDocumentId: null
	};
}

/** A meeting with its agenda as the reader may see it (the API's answer). */
export async function readMeeting(actor: Actor, meetingId: string) {
	const { meeting, workspace, member, subject } = await meetingFor(actor, meetingId);
	return {
		meeting: shownTo(meeting, { member: !!member, invited: subject.invited }),
		workspace,
		agenda: await readAgenda(getDb(), meeting, !member)
	};
}

/** The agendas of several meetings as the reader may see them, by meeting id. */
export async function readAgendas(db: DB, meetings: Meeting[], visitor: boolean) {
	const byMeeting = await repo.agendasOf(
		db,
		meetings.map((m) => m.id)
	);
	const links = await repo.agendaLinks(db, [...byMeeting.values()].flat());
	return new Map([...byMeeting].map(([id, items]) => [id, agendaRows(items, links, visitor)]));
}

/** The invitees of a meeting and their attendance, for those who may see them. */
export async function meetingInvitees(actor: Actor, meetingId: string) {
	const { meeting, member, subject } = await meetingFor(actor, meetingId);
	authorize(actor, 'meeting.seePeople', member, subject);
	return await invites.listInvitees(getDb(), meeting);
}

/** The meeting page: the meeting, its agenda, and for members the invitees and their attendance. */
export async function meetingPage(actor: Actor, workspaceParam: string, meetingId: string) {
	const db = getDb();
	const { meeting, workspace, member, subject } = await meetingFor(actor, meetingId, workspaceParam);
	const seePeople = may(actor, 'meeting.seePeople', member, subject);
	const manage = may(actor, 'meeting.edit', member, subject);
	const invitees = seePeople ? await invites.listInvitees(db, meeting) : [];
	const partners = seePeople ? await repo.partnerChoices(db, workspace.id) : [];
	const invited = new Set(invitees.flatMap((i) => (i.userId ? [i.userId] : [])));
	return {
		meeting: shownTo(meeting, { member: !!member, invited: subject.invited }),
		agenda: await readAgenda(db, meeting, !member),
		invitees,
		partners,
		seePeople,
		decisions: await repo.decisionsAt(db, meeting.id),
		can: {
			recordDecision: may(actor, 'decision.publish', member, workspace) && meeting.status === 'scheduled',
			edit: manage && meeting.status === 'scheduled',
			agenda: may(actor, 'meeting.agenda', member, subject) && meeting.status === 'scheduled',
			invite: may(actor, 'meeting.invite', member, subject) && meeting.status === 'scheduled',
			recordAttendance: may(actor, 'meeting.recordAttendance', member, subject),
			minutes: may(actor, 'meeting.minutes', member, subject)
		},
		/** For the invitation form: members not yet invited. */
		uninvited: manage
			? (await repo.memberChoices(db, workspace.id)).filter((m) => !invited.has(m.userId))
			: [],
		/** For the agenda form: what an item may link. */
		choices: manage ? await agendaChoices(db, workspace.id) : null
	};
}

async function agendaChoices(db: DB, workspaceId: string) {
	return {
		documents: await repo.documentChoices(db, workspaceId),
		votes: await repo.voteChoices(db, workspaceId),
		consultations: await repo.consultationChoices(db, workspaceId)
	};
}

/** The schedule form: refused to those who may not schedule; starts a week ahead, 10:00 to 12:00. */
export async function scheduleForm(actor: Actor, workspaceParam: string, now = Date.now()) {
	const { workspace, member } = await loadWorkspace(getDb(), actor, workspaceParam);
	authorize(actor, 'meeting.schedule', member, { visibility: workspace.visibility, invited: false });
	const day = utcToZonedInput(now + 7 * 86_400_000, workspace.timeZone).slice(0, 10);
	return { values: { startsAt: `${day}T10:00`, endsAt: `${day}T12:00` } };
}

/** The edit form, filled in from the meeting (facilitators, while it is scheduled). */
export async function editForm(actor: Actor, workspaceParam: string, meetingId: string) {
	const { meeting, workspace, member, subject } = await meetingFor(actor, meetingId, workspaceParam);
	authorize(actor, 'meeting.edit', member, subject);
	return {
		meeting: { id: meeting.id, title: meeting.title, status: meeting.status },
		values: {
			title: meeting.title,
			description: meeting.description,
			place: meeting.place,
			onlineLink: meeting.onlineLink,
			...formTimes(meeting, workspace.timeZone)
		}
	};
}

/**
 * The attendance form (facilitators): each invitee with what is recorded, or else the organisation a member acts
 * for as whom they attend for.
 */
export async function attendanceForm(actor: Actor, workspaceParam: string, meetingId: string) {
	const db = getDb();
	const { meeting, workspace, member, subject } = await meetingFor(actor, meetingId, workspaceParam);
	authorize(actor, 'meeting.recordAttendance', member, subject);
	const invitees = await invites.listInvitees(db, meeting);
	return {
		meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt },
		partners: await repo.partnerChoices(db, workspace.id),
		levels: (await levelsOnDay(db, workspace.id, meeting.startsAt, workspace.timeZone)).map((l) => ({
			key: l.key,
			name: l.name
		})),
		invitees: invitees.map((i) => ({
			id: i.id,
			name: i.name,
			guest: i.guest,
			status: i.attendance?.status ?? null,
			level: i.attendance?.level ?? null,
			attendedFor: i.attendance ? i.attendance.organisationId : i.memberOrganisationId
		}))
	};
}

/** The schedule and edit forms' time fields, as typed in the workspace's zone. */
export function formTimes(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>, zone: string) {
	return { startsAt: utcToZonedInput(meeting.startsAt, zone), endsAt: utcToZonedInput(meeting.endsAt, zone) };
}

/**
 * What a decision made at a meeting takes from it (no access check: the decision's command has made it): the
 * meeting, if it is of the workspace, and those present, whom the decision proposes as its attendees.
 */
export async function meetingForDecision(db: DB, meetingId: string, workspaceId: string) {
	const meeting = await repo.findMeeting(db, meetingId);
	if (!meeting || meeting.workspaceId !== workspaceId) return undefined;
	return { meeting, present: await invites.presentAt(db, meeting.id) };
}

/**
 * The meeting's own page outside its workspace, for an invited guest (who has no role there) and anyone else
 * who may see the meeting: what the reader may see of it, and whether the workspace's page is open to them.
 */
export async function invitedMeetingPage(actor: Actor, meetingId: string) {
	const { meeting, workspace, member, subject } = await meetingFor(actor, meetingId);
	return {
		meeting: shownTo(meeting, { member: !!member, invited: subject.invited }),
		workspace: { name: workspace.name, slug: workspace.slug, timeZone: workspace.timeZone },
		agenda: await readAgenda(getDb(), meeting, !member),
		inWorkspace: !!member || workspace.visibility === 'public'
	};
}

/**
 * The meetings the person is invited to that have not ended, soonest first, in every workspace: a guest's
 * start page. Each opens at the meeting's own page, which shows what they may see.
 */
export async function invitedMeetings(actor: Actor, now = Date.now()) {
	if (!actor.user) return [];
	const rows = await invites.meetingsInvitedTo(getDb(), actor.user.id);
	return rows
		.filter(({ meeting, workspace }) => meeting.endsAt > now && tokenReaches(actor.token, workspace.id))
		.map(({ meeting, workspace }) => ({
			id: meeting.id,
			title: meeting.title,
			startsAt: meeting.startsAt,
			cancelled: meeting.status === 'cancelled',
			workspace: { name: workspace.name, timeZone: workspace.timeZone }
		}));
}
