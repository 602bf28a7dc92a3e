// The meeting pages' forms (with or without JavaScript) as the input the meeting commands take: times as typed
// in the workspace's zone (the command reads them there), minutes and positions as numbers, one attendance
// record per invitee.
import { ATTENDANCE } from '../db/schema/index.ts';

function text(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v.trim() : '';
}

/** A whole number as typed, the text itself when it is not one (the schema then says so), or null when blank. */
function whole(data: FormData, name: string): number | string | null {
	const raw = text(data, name);
	if (!raw) return null;
	return /^\d{1,6}$/.test(raw) ? Number(raw) : raw;
}

export function readMeetingForm(data: FormData) {
	return {
		title: text(data, 'title'),
		description: text(data, 'description'),
		startsAt: text(data, 'startsAt'),
		endsAt: text(data, 'endsAt'),
		place: text(data, 'place'),
		onlineLink: text(data, 'onlineLink')
	};
}

/** The agenda form: one "link" select whose value is `document:<id>`, `vote:<id>` or `consultation:<id>`. */
export function readAgendaItemForm(data: FormData) {
	const [kind, id] = text(data, 'link').split(':');
	return {
		title: text(data, 'title'),
		presenter: text(data, 'presenter'),
		minutes: whole(data, 'minutes'),
		documentId: kind === 'document' ? id || null : null,
		voteId: kind === 'vote' ? id || null : null,
		consultationId: kind === 'consultation' ? id || null : null
	};
}

/** The attendance form: for each invitee (`invitee` fields), `status-<id>`, `for-<id>` ("" = individual)
 * and `level-<id>` (the involvement level of someone attending as an individual, "" = none). */
export function readAttendanceForm(data: FormData) {
	const records = data
		.getAll('invitee')
		.filter((v): v is string => typeof v === 'string')
		.flatMap((id) => {
			const status = text(data, `status-${id}`);
			if (!status) return [];
			return [
				{
					invitationId: id,
					status: (ATTENDANCE as readonly string[]).includes(status) ? status : 'unknown',
					organisationId: text(data, `for-${id}`) || null,
					level: text(data, `level-${id}`) || null
				}
			];
		});
	return { records };
}
