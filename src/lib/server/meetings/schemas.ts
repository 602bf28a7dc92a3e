// What a meeting command accepts: a meeting to schedule or change, an agenda item and its move, an invitation
// (a member, or a guest by name and email) and the attendance recorded. The API sends times as RFC 3339 or
// milliseconds; the forms send them as typed in the workspace's zone, and `localTimes` turns those into
// instants before the fields are checked. Below, what the API answers.
import { z } from 'zod';
import { ATTENDANCE, MEETING_STATUSES } from '../db/schema/index.ts';
import { instant, isoTime, readLocalTimes } from '../fields.ts';

export const MAX_TITLE = 200;
/** The longest meeting: two days. */
export const MAX_LENGTH_MS = 48 * 3600_000;

const trimmed = (max: number, label: string) =>
	z.string().trim().max(max, `${label} may be at most ${max} characters.`);

/** An id that may be left out or null, but not blank. */
const optionalId = (what: string) =>
	z.string().trim().min(1, `Choose ${what}, or leave the field out.`).max(100).nullish();

const onlineLink = z
	.string()
	.trim()
	.max(2000, 'The online link may be at most 2000 characters.')
	.refine(
		(s) => s === '' || /^https:\/\/[^\s]+$/i.test(s),
		'The online link must be an https:// address (or left empty).'
	);

const fields = {
	title: trimmed(MAX_TITLE, 'The title').min(1, 'Give the meeting a title.'),
	description: trimmed(5000, 'The description'),
	startsAt: instant,
	endsAt: instant,
	place: trimmed(300, 'The place'),
	onlineLink
};

function checkTimes(m: { startsAt?: number; endsAt?: number }, ctx: z.core.$RefinementCtx) {
	if (m.startsAt === undefined || m.endsAt === undefined) return;
	if (m.endsAt <= m.startsAt)
		ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The meeting must end after it starts.' });
	else if (m.endsAt - m.startsAt > MAX_LENGTH_MS)
		ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'A meeting lasts at most two days.' });
}

export const meetingInput = z
	.object({
		...fields,
		description: fields.description.default(''),
		place: fields.place.default(''),
		onlineLink: fields.onlineLink.default('')
	})
	.strict()
	.superRefine(checkTimes);
export type MeetingInput = z.infer<typeof meetingInput>;

export const meetingPatch = z
	.object({
		title: fields.title.optional(),
		description: fields.description.optional(),
		startsAt: fields.startsAt.optional(),
		endsAt: fields.endsAt.optional(),
		place: fields.place.optional(),
		onlineLink: fields.onlineLink.optional()
	})
	.strict();
export type MeetingPatch = z.infer<typeof meetingPatch>;

export const agendaItemInput = z
	.object({
		title: trimmed(MAX_TITLE, 'The item’s title').min(1, 'Give the item a title.'),
		presenter: trimmed(200, 'The presenter').default(''),
		minutes: z
			.number({ error: 'Give the minutes allotted as a whole number.' })
			.int('Give the minutes allotted as a whole number.')
			.min(1, 'Allot at least one minute, or leave it out.')
			.max(600, 'Allot at most 600 minutes.')
			.nullish(),
		documentId: optionalId('a document'),
		documentVersionId: optionalId('a version').meta({
			description: 'The version the board reads; left out, the document’s latest named version'
		}),
		voteId: optionalId('a vote'),
		consultationId: optionalId('a consultation')
	})
	.strict()
	.superRefine((item, ctx) => {
		const links = [item.documentId, item.voteId, item.consultationId].filter((x) => x);
		if (links.length > 1)
			ctx.addIssue({
				code: 'custom',
				path: ['documentId'],
				message: 'Link one paper, vote or consultation per item.'
			});
		if (item.documentVersionId && !item.documentId)
			ctx.addIssue({ code: 'custom', path: ['documentId'], message: 'Name the document of the version.' });
	});
export type AgendaItemInput = z.infer<typeof agendaItemInput>;

export const moveInput = z
	.object({
		position: z
			.number({ error: 'Give the new position as a whole number.' })
			.int('Give the new position as a whole number.')
			.min(1, 'Positions start at 1.')
			.max(1000)
			.meta({ description: '1 for the first item; past the end means last' })
	})
	.strict();

export const invitationInput = z.union(
	[
		z.strictObject({ userId: z.string().trim().min(1, 'Choose a member.').max(100) }),
		z.strictObject({
			name: trimmed(200, 'The name').min(1, 'Give the guest’s name.'),
			email: z.email({ error: 'Give a valid email address.' }).max(320)
		})
	],
	{ error: 'Invite a member (userId) or a guest (name and email).' }
);
export type InvitationInput = z.infer<typeof invitationInput>;

export const attendanceInput = z
	.object({
		records: z
			.array(
				z.strictObject({
					invitationId: z.string().trim().min(1, 'Name the invitation.').max(100),
					status: z.enum(ATTENDANCE, { error: 'Choose present, apologies or absent.' }),
					organisationId: z
						.string()
						.trim()
						.min(1, 'Choose an organisation, or null for an individual.')
						.max(100)
						.nullable()
						.default(null)
						.meta({ description: 'The partner organisation they attended for; null: as an individual' }),
					level: z
						.string()
						.trim()
						.max(100)
						.transform((x) => x || null)
						.nullable()
						.default(null)
						.meta({
							description:
								'The involvement level (a key of the payment policy) someone attending as an individual is paid at; null: none'
						})
				})
			)
			.min(1, 'Record at least one person.')
			.max(1000)
	})
	.strict();
export type AttendanceInput = z.infer<typeof attendanceInput>;

/** Which meetings a list shows. */
export const listQuery = z.enum(['upcoming', 'past', 'all']).default('all');

const TIME_LABELS = { startsAt: 'start time', endsAt: 'end time' };

/** The form's times, typed in the workspace's zone, as instants (`readLocalTimes`). */
export const localTimes = <T extends Record<string, unknown>>(input: T, timeZone: string): T =>
	readLocalTimes(input, timeZone, TIME_LABELS);

// ── What the API answers ──

export const agendaItemJson = z
	.strictObject({
		id: z.string(),
		position: z.number().int().min(1),
		title: z.string(),
		presenter: z.string(),
		minutes: z.number().int().nullable(),
		documentId: z.string().nullable(),
		documentVersionId: z.string().nullable().meta({ description: 'The pinned version of the paper' }),
		voteId: z.string().nullable(),
		consultationId: z.string().nullable()
	})
	.meta({
		id: 'AgendaItem',
		description: 'An agenda item. Visitors see only links to published papers (others are null).'
	});
export type AgendaItemJson = z.output<typeof agendaItemJson>;

export const meetingJson = z
	.strictObject({
		id: z.string(),
		workspaceId: z.string(),
		title: z.string(),
		description: z.string(),
		startsAt: isoTime,
		endsAt: isoTime,
		timeZone: z.string().meta({ description: 'The workspace’s zone, in which pages show the times' }),
		place: z.string(),
		onlineLink: z.string(),
		status: z.enum(MEETING_STATUSES),
		sequence: z.number().int().min(0).meta({ description: 'iCalendar SEQUENCE: goes up with each update' }),
		minutesDocumentId: z.string().nullable(),
		agenda: z.array(agendaItemJson).meta({ description: 'In order' })
	})
	.meta({ id: 'Meeting' });
export type MeetingJson = z.output<typeof meetingJson>;

export const invitationJson = z
	.strictObject({
		id: z.string(),
		userId: z.string().nullable(),
		guest: z.boolean(),
		name: z.string(),
		email: z.string(),
		organisationId: z.string().nullable().meta({ description: 'The partner organisation a member acts for' }),
		attendance: z
			.strictObject({
				status: z.enum(ATTENDANCE),
				organisationId: z.string().nullable().meta({ description: 'Attended for; null: as an individual' }),
				level: z.string().nullable().meta({ description: 'The involvement level, for an individual' }),
				recordedAt: isoTime
			})
			.nullable()
			.meta({ description: 'Null until recorded' })
	})
	.meta({ id: 'MeetingInvitation' });
export type InvitationJson = z.output<typeof invitationJson>;
