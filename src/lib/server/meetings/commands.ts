// One function per thing a facilitator does to a meeting: schedule, change or cancel it, add, move or remove an
// agenda item, invite a member or a guest, record attendance. Each checks the policy, checks the input, refuses
// with a domain error and returns plain data; the page actions and the API call the same function.
import { getDb, transaction, type DB } from '../db/index.ts';
import { loadWorkspace, requireUser, type Actor } from '../access.ts';
import { authorize } from '../policy/index.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { asRecord, readInput } from '../fields.ts';
import { getMembership } from '../workspaces/repository.ts';
import { findUserByEmail, getUser } from '../users.ts';
import { createDocument } from '../documents/create.ts';
import { deleteDocument } from '../documents/repository.ts';
import * as registry from '../collab/registry.ts';
import { minutesContent } from '../../domain/templates/minutes.ts';
import { formatDateTime } from '../../domain/time.ts';
import { sendMeetingMail, type MeetingChange } from '../mail/meetings.ts';
import type { Workspace } from '../access.ts';
import { meetingFor, readAgenda } from './queries.ts';
import { guestLinkPath, newGuestLink } from './guests.ts';
import * as repo from './repository.ts';
import * as invites from './invitations.ts';
import { levelsOnDay } from '../claims/repository.ts';
import { refreshDrafts } from '../claims/commands.ts';
import type { Meeting } from './repository.ts';
import {
	agendaItemInput,
	attendanceInput,
	invitationInput,
	localTimes,
	MAX_LENGTH_MS,
	meetingInput,
	meetingPatch,
	moveInput
} from './schemas.ts';

/** How a door sends its input: the meeting forms type times in the workspace's zone, to the minute. */
export type InputOptions = { localTimes?: boolean };

export const CANCELLED = 'This meeting has been cancelled.';

/** Schedules a meeting in a workspace (facilitators). */
export async function scheduleMeeting(
	actor: Actor,
	workspaceIdOrSlug: string,
	input: unknown,
	options: InputOptions = {}
): Promise<{ meeting: Meeting; workspaceSlug: string }> {
	const db = getDb();
	const { workspace, member } = await loadWorkspace(db, actor, workspaceIdOrSlug);
	authorize(actor, 'meeting.schedule', member, { visibility: workspace.visibility, invited: false });
	const fields = readInput(
		meetingInput,
		options.localTimes ? localTimes(asRecord(input), workspace.timeZone) : input
	);
	const now = Date.now();
	const meeting = await repo.insertMeeting(db, {
		workspaceId: workspace.id,
		...fields,
		createdBy: requireUser(actor).id,
		createdAt: now,
		updatedAt: now
	});
	return { meeting, workspaceSlug: workspace.slug };
}

/**
 * Emails invitees (all, or those given) the meeting as it now is, with its calendar object; `link`, a guest's
 * personal link, goes in their invitation.
 */
async function tellInvitees(
	db: DB,
	change: MeetingChange,
	meeting: Meeting,
	workspace: Workspace,
	invitations?: invites.Invitation[],
	link?: string
): Promise<void> {
	for (const invitation of invitations ?? (await invites.listInvitees(db, meeting)))
		await sendMeetingMail(db, { change, meeting, workspace, invitation, link });
}

/** The meeting for a facilitator's change: refused once it is cancelled. */
async function meetingToChange(
	actor: Actor,
	meetingId: string,
	action: 'meeting.edit' | 'meeting.agenda' | 'meeting.invite',
	workspace?: string
) {
	const access = await meetingFor(actor, meetingId, workspace);
	authorize(actor, action, access.member, access.subject);
	if (access.meeting.status === 'cancelled') throw new Conflict(CANCELLED);
	return access;
}

/**
 * Changes a meeting's title, time, place or link (facilitators). A change of what an invitee's calendar shows
 * raises the iCalendar sequence, so their invitation is updated.
 */
export async function editMeeting(
	actor: Actor,
	meetingId: string,
	input: unknown,
	options: InputOptions & { workspace?: string } = {}
): Promise<Meeting> {
	const { meeting, workspace } = await meetingToChange(actor, meetingId, 'meeting.edit', options.workspace);
	const db = getDb();
	const patch = readInput(
		meetingPatch,
		options.localTimes ? localTimes(asRecord(input), workspace.timeZone) : input
	);
	const startsAt = patch.startsAt ?? meeting.startsAt;
	const endsAt = patch.endsAt ?? meeting.endsAt;
	if (endsAt <= startsAt)
		throw new Invalid('endsAt: The meeting must end after it starts.', {
			endsAt: 'The meeting must end after it starts.'
		});
	if (endsAt - startsAt > MAX_LENGTH_MS)
		throw new Invalid('endsAt: A meeting lasts at most two days.', {
			endsAt: 'A meeting lasts at most two days.'
		});
	const calendarFields = ['title', 'description', 'startsAt', 'endsAt', 'place', 'onlineLink'] as const;
	const changed = calendarFields.some((f) => patch[f] !== undefined && patch[f] !== meeting[f]);
	return await transaction(db, async (tx) => {
		const updated = await repo.updateMeeting(tx, meeting.id, {
			...patch,
			sequence: changed ? meeting.sequence + 1 : meeting.sequence,
			updatedAt: Date.now()
		});
		if (changed) await tellInvitees(tx, 'updated', updated, workspace);
		return updated;
	});
}

/** Cancels a meeting (facilitators); invitees' calendars are told. Conflict when it is cancelled already. */
export async function cancelMeeting(actor: Actor, meetingId: string, workspace?: string): Promise<Meeting> {
	const access = await meetingToChange(actor, meetingId, 'meeting.edit', workspace);
	const now = Date.now();
	return await transaction(getDb(), async (tx) => {
		const cancelled = await repo.updateMeeting(tx, access.meeting.id, {
			status: 'cancelled',
			cancelledAt: now,
			sequence: access.meeting.sequence + 1,
			updatedAt: now
		});
		await tellInvitees(tx, 'cancelled', cancelled, access.workspace);
		return cancelled;
	});
}

/**
 * Adds an item at the end of the agenda (facilitators). A linked document, vote or consultation must be of the
 * meeting's workspace; a document's version is pinned (left out: its latest named version).
 */
export async function addAgendaItem(actor: Actor, meetingId: string, input: unknown, workspace?: string) {
	const { meeting } = await meetingToChange(actor, meetingId, 'meeting.agenda', workspace);
	const item = readInput(agendaItemInput, input);
	const db = getDb();
	return await transaction(db, async (tx) => {
		let versionId: string | null = null;
		if (item.documentId) {
			if (!(await repo.documentInWorkspace(tx, item.documentId, meeting.workspaceId)))
				throw new Invalid('documentId: No such document in this workspace.', {
					documentId: 'Choose a document of this workspace.'
				});
			if (item.documentVersionId) {
				if (!(await repo.versionOfDocument(tx, item.documentVersionId, item.documentId)))
					throw new Invalid('documentVersionId: No such version of that document.', {
						documentVersionId: 'Choose a version of that document.'
					});
				versionId = item.documentVersionId;
			} else {
				const latest = await repo.latestVersion(tx, item.documentId);
				if (!latest)
					throw new Invalid(
						'documentId: That document has no named version yet; name one so the board reads a fixed text.',
						{ documentId: 'That document has no named version yet: name one first.' }
					);
				versionId = latest.id;
			}
		}
		if (item.voteId && !(await repo.voteInWorkspace(tx, item.voteId, meeting.workspaceId)))
			throw new Invalid('voteId: No such vote in this workspace.', {
				voteId: 'Choose a vote of this workspace.'
			});
		if (
			item.consultationId &&
			!(await repo.consultationInWorkspace(tx, item.consultationId, meeting.workspaceId))
		)
			throw new Invalid('consultationId: No such consultation in this workspace.', {
				consultationId: 'Choose a consultation of this workspace.'
			});
		const row = await repo.appendItem(tx, {
			meetingId: meeting.id,
			title: item.title,
			presenter: item.presenter,
			minutes: item.minutes ?? null,
			documentId: item.documentId ?? null,
			documentVersionId: versionId,
			voteId: item.voteId ?? null,
			consultationId: item.consultationId ?? null,
			createdAt: Date.now()
		});
		await touch(tx, meeting);
		return row;
	});
}

async function touch(db: DB, meeting: Meeting): Promise<void> {
	await repo.updateMeeting(db, meeting.id, { updatedAt: Date.now() });
}

/** Moves an agenda item to a position (1 is first; past the end is last). */
export async function moveAgendaItem(
	actor: Actor,
	meetingId: string,
	itemId: string,
	input: unknown,
	workspace?: string
) {
	const { meeting } = await meetingToChange(actor, meetingId, 'meeting.agenda', workspace);
	const { position } = readInput(moveInput, input);
	const db = getDb();
	return await transaction(db, async (tx) => {
		const items = await repo.listAgenda(tx, meeting.id);
		const item = items.find((i) => i.id === itemId);
		if (!item) throw new NotFound();
		const rest = items.filter((i) => i.id !== itemId).map((i) => i.id);
		rest.splice(Math.min(position, items.length) - 1, 0, itemId);
		await repo.renumber(tx, rest);
		await touch(tx, meeting);
		return await repo.listAgenda(tx, meeting.id);
	});
}

/** Removes an agenda item; the others close up. */
export async function removeAgendaItem(actor: Actor, meetingId: string, itemId: string, workspace?: string) {
	const { meeting } = await meetingToChange(actor, meetingId, 'meeting.agenda', workspace);
	const db = getDb();
	await transaction(db, async (tx) => {
		const items = await repo.listAgenda(tx, meeting.id);
		if (!items.some((i) => i.id === itemId)) throw new NotFound();
		await repo.deleteItem(tx, itemId);
		await repo.renumber(
			tx,
			items.filter((i) => i.id !== itemId).map((i) => i.id)
		);
		await touch(tx, meeting);
	});
}

const ALREADY = 'They are invited already.';

/**
 * Invites a member of the workspace, or a guest by name and email (facilitators). A guest whose email is a
 * member's is invited as that member; a guest with an account is linked to it. Conflict when already invited.
 */
export async function inviteToMeeting(actor: Actor, meetingId: string, input: unknown, workspace?: string) {
	const { meeting, workspace: ws } = await meetingToChange(actor, meetingId, 'meeting.invite', workspace);
	const who = readInput(invitationInput, input);
	const db = getDb();
	return await transaction(db, async (tx) => {
		let person: { userId: string | null; name: string; email: string; guest: boolean };
		if ('userId' in who) {
			const user = await getUser(tx, who.userId);
			if (!user || !(await getMembership(tx, meeting.workspaceId, user.id)))
				throw new Invalid('userId: Not a member of this workspace; invite them as a guest.', {
					userId: 'Choose a member of this workspace.'
				});
			person = { userId: user.id, name: user.name, email: user.email, guest: false };
		} else {
			const email = who.email.toLowerCase();
			const user = await findUserByEmail(tx, email);
			const isMember = !!user && !!(await getMembership(tx, meeting.workspaceId, user.id));
			person = isMember
				? { userId: user!.id, name: user!.name, email, guest: false }
				: { userId: user?.id ?? null, name: who.name, email, guest: true };
		}
		if (await invites.invitationByEmail(tx, meeting.id, person.email)) throw new Conflict(ALREADY);
		// A guest's invitation carries their personal link (docs/meetings.md); only its hash is kept.
		const link = person.guest ? newGuestLink() : null;
		const invitation = await invites.insertInvitation(tx, {
			meetingId: meeting.id,
			...person,
			linkHash: link?.hash ?? null,
			invitedBy: requireUser(actor).id,
			createdAt: Date.now()
		});
		await tellInvitees(
			tx,
			'invited',
			meeting,
			ws,
			[invitation],
			link ? guestLinkPath(link.secret) : undefined
		);
		return invitation;
	});
}

/**
 * Records attendance (facilitators): for each invitee, present, apologies or absent, and the partner
 * organisation they attended for (null: as an individual). Recording again replaces the earlier record.
 */
export async function recordAttendance(actor: Actor, meetingId: string, input: unknown, workspace?: string) {
	const access = await meetingFor(actor, meetingId, workspace);
	authorize(actor, 'meeting.recordAttendance', access.member, access.subject);
	const { meeting } = access;
	if (meeting.status === 'cancelled') throw new Conflict(CANCELLED);
	const { records } = readInput(attendanceInput, input);
	const db = getDb();
	const by = requireUser(actor).id;
	await transaction(db, async (tx) => {
		const invitees = new Set((await invites.listInvitees(tx, meeting)).map((i) => i.id));
		const partners = new Set((await repo.partnerChoices(tx, meeting.workspaceId)).map((p) => p.id));
		const levels = new Set(
			(await levelsOnDay(tx, meeting.workspaceId, meeting.startsAt, access.workspace.timeZone)).map(
				(l) => l.key
			)
		);
		const now = Date.now();
		for (const [i, r] of records.entries()) {
			if (!invitees.has(r.invitationId))
				throw new Invalid(`records.${i}.invitationId: Not an invitation to this meeting.`, {
					[`status-${r.invitationId}`]: 'Not invited to this meeting.'
				});
			if (r.organisationId !== null && !partners.has(r.organisationId))
				throw new Invalid(`records.${i}.organisationId: Not a partner organisation of this workspace.`, {
					[`for-${r.invitationId}`]: 'Choose a partner organisation, or an individual.'
				});
			if (r.level !== null && r.organisationId !== null)
				throw new Invalid(`records.${i}.level: Only someone attending as an individual has a level.`, {
					[`level-${r.invitationId}`]: 'Only someone attending as an individual has a level.'
				});
			if (r.level !== null && !levels.has(r.level))
				throw new Invalid(`records.${i}.level: Not a level of the payment policy in force that day.`, {
					[`level-${r.invitationId}`]: 'Choose a level of the payment policy.'
				});
			await invites.upsertAttendance(tx, { ...r, meetingId: meeting.id, recordedBy: by, recordedAt: now });
		}
	});
	// Claims are drafted from attendance once the meeting has ended (docs/claims.md).
	await refreshDrafts(db, access.workspace);
	return await invites.listInvitees(db, meeting);
}

/**
 * Starts a meeting's minutes (facilitators): a document made from the minutes template — the agenda, who was
 * present and who sent apologies — linked to the meeting. Conflict when it has minutes already.
 */
export async function startMinutes(actor: Actor, meetingId: string, workspace?: string) {
	const access = await meetingFor(actor, meetingId, workspace);
	authorize(actor, 'meeting.minutes', access.member, access.subject);
	if (access.meeting.status === 'cancelled') throw new Conflict(CANCELLED);
	return await createMinutes(getDb(), access.meeting, access.workspace.timeZone, requireUser(actor).id);
}

/** Writes the minutes document of a meeting and links it (the command above, and the demo partnership). */
export async function createMinutes(db: DB, meeting: Meeting, zone: string, by: string) {
	if (meeting.minutesDocumentId) throw new Conflict(HAS_MINUTES);
	const invitees = await invites.listInvitees(db, meeting);
	const partners = new Map((await repo.partnerChoices(db, meeting.workspaceId)).map((p) => [p.id, p.name]));
	const named = (status: string) =>
		invitees
			.filter((i) => i.attendance?.status === status)
			.map((i) => {
				const org = i.attendance?.organisationId ? partners.get(i.attendance.organisationId) : undefined;
				return org ? `${i.name} (${org})` : i.name;
			});
	const agenda = (await readAgenda(db, meeting, false)).map((item) => ({
		title: item.title,
		paper: item.document
			? `${item.document.title}${item.document.version ? `, version “${item.document.version.name}”` : ''}`
			: null
	}));
	const content = minutesContent({
		title: meeting.title,
		when: [formatDateTime(meeting.startsAt, zone), meeting.place].filter(Boolean).join(', '),
		present: named('present'),
		apologies: named('apologies'),
		agenda
	});
	const title = `Minutes: ${meeting.title}`.slice(0, 200);
	const document = await createDocument(
		db,
		meeting.workspaceId,
		{ title, kind: 'other', template: null },
		by,
		content
	);
	if (!(await repo.linkMinutes(db, meeting.id, document.id, Date.now()))) {
		await deleteDocument(db, document.id);
		registry.notifyDocumentDeleted(document.id);
		throw new Conflict(HAS_MINUTES);
	}
	return document;
}

const HAS_MINUTES = 'This meeting has minutes already.';
