// Meetings as the API shows them: times in RFC 3339 UTC (with the workspace's zone named beside them).
import { isoUtc } from '../../domain/time.ts';
import type { AgendaRow } from './queries.ts';
import type { Meeting } from './repository.ts';
import type { Invitee } from './invitations.ts';
import type { AgendaItemJson, InvitationJson, MeetingJson } from './schemas.ts';

export function serializeAgendaItem(row: AgendaRow): AgendaItemJson {
	return {
		id: row.id,
		position: row.position,
		title: row.title,
		presenter: row.presenter,
		minutes: row.minutes,
		documentId: row.document?.id ?? null,
		documentVersionId: row.document?.version?.id ?? null,
		voteId: row.vote?.id ?? null,
		consultationId: row.consultation?.id ?? null
	};
}

export function serializeMeeting(m: Meeting, agenda: AgendaRow[], timeZone: string): MeetingJson {
	return {
		id: m.id,
		workspaceId: m.workspaceId,
		title: m.title,
		description: m.description,
		startsAt: isoUtc(m.startsAt),
		endsAt: isoUtc(m.endsAt),
		timeZone,
		place: m.place,
		onlineLink: m.onlineLink,
		status: m.status,
		sequence: m.sequence,
		minutesDocumentId: m.minutesDocumentId,
		agenda: agenda.map(serializeAgendaItem)
	};
}

/** What a meeting's page shows of it: title, description, times (epoch ms), place, link and status. */
export function meetingFacts(m: Meeting) {
	return {
		id: m.id,
		title: m.title,
		description: m.description,
		startsAt: m.startsAt,
		endsAt: m.endsAt,
		place: m.place,
		onlineLink: m.onlineLink,
		status: m.status
	};
}

export function serializeInvitee(i: Invitee): InvitationJson {
	return {
		id: i.id,
		userId: i.userId,
		guest: i.guest,
		name: i.name,
		email: i.email,
		organisationId: i.memberOrganisationId,
		attendance: i.attendance
			? {
					status: i.attendance.status,
					organisationId: i.attendance.organisationId,
					level: i.attendance.level,
					recordedAt: isoUtc(i.attendance.recordedAt)
				}
			: null
	};
}
