/**
 * What the decision register's commands accept: a decision record to publish (with its attendees, declared
 * conflicts and actions), a dissenting statement, an action and an update to one. The form doors read their
 * fields into these shapes (forms.ts); the API validates its JSON bodies with them.
 */
import { z } from 'zod';
import { ACTION_STATUSES, OUTCOMES } from '../../domain/register-record.ts';
import { hex64, payloadJson } from '../register/schemas.ts';
import { calendarDate, isoInstant, isoTime } from '../fields.ts';

export const MAX_TITLE = 200;
export const MAX_TEXT = 10_000;
export const MAX_DISSENT_DAYS = 90;

const trimmed = (max: number, label: string) =>
	z.string().trim().max(max, `${label} may be at most ${max} characters.`);
const required = (max: number, label: string) => trimmed(max, label).min(1, `${label} is required.`);

/** An id that may be left out or null, but not blank. */
const optionalId = z.string().trim().min(1, 'Give an id, or leave the field out.').nullish();

/** A time given as RFC 3339, as milliseconds, or (forms) as the workspace's local "YYYY-MM-DDTHH:mm". */
const instant = z.union([z.string().trim().min(1), z.number().int()]);

export const newActionFields = z
	.object({
		ownerOrganisationId: z.string().trim().min(1, 'Choose the organisation that owns the action.'),
		description: z
			.string()
			.trim()
			.min(1, 'Describe the action.')
			.max(2000, 'The description may be at most 2000 characters.'),
		dueDate: calendarDate('The due date').meta({
			description: 'Today or later, in the workspace’s time zone'
		})
	})
	.strict();
export type NewActionFields = z.infer<typeof newActionFields>;

export const actionInput = newActionFields
	.extend({ decisionId: z.string().trim().min(1, 'Name the decision, or leave decisionId out.').nullish() })
	.strict();
export type ActionInput = z.infer<typeof actionInput>;

export const actionUpdate = z
	.object({
		status: z.enum(ACTION_STATUSES).optional(),
		dueDate: calendarDate('The due date').optional(),
		note: z.string().trim().max(4000, 'The note may be at most 4000 characters.').optional()
	})
	.strict();
export type ActionUpdate = z.infer<typeof actionUpdate>;

export const publishInput = z
	.object({
		method: z.enum(['vote', 'consensus']),
		voteId: z.string().trim().optional(),
		title: required(MAX_TITLE, 'The title'),
		question: trimmed(2000, 'The question').optional(),
		outcome: z.enum(OUTCOMES).optional(),
		rationale: trimmed(MAX_TEXT, 'The rationale'),
		decidedAt: instant.optional().meta({ description: 'RFC 3339, or milliseconds since 1970' }),
		decidedWhere: required(300, 'Where it was decided'),
		meetingId: optionalId.meta({
			description:
				'The meeting it was made at; with no attendees given, those recorded present there are the attendees'
		}),
		organisations: z
			.array(z.string().trim().min(1))
			.max(500)
			.optional()
			.meta({ description: 'Partner organisations present (ids)' }),
		attendees: z
			.array(
				z.object({
					name: required(200, 'A name'),
					organisationId: optionalId,
					userId: optionalId
				})
			)
			.max(500)
			.optional()
			.meta({ description: 'Personal data: kept beside the chain, removable on request' }),
		conflicts: z
			.array(
				z.object({
					name: required(200, 'A name'),
					organisationId: optionalId,
					userId: optionalId,
					declaration: required(2000, 'The declared interest')
				})
			)
			.max(200)
			.optional(),
		documentId: z.string().trim().nullish(),
		documentVersionId: z.string().trim().max(100).nullish(),
		documentVersionHash: z
			.string()
			.trim()
			.regex(/^[0-9a-f]{64}$/, 'The version hash is 64 lower-case hex digits (SHA-256).')
			.nullish()
			.meta({ description: 'Optional check: must equal the saved version’s hash' }),
		dissentDays: z.number().int().min(0).max(MAX_DISSENT_DAYS).default(14),
		actions: z.array(newActionFields).max(100).optional(),
		supersedes: z.string().trim().nullish().meta({ description: 'Id of the record this one corrects' }),
		supersedeReason: trimmed(2000, 'The reason for the correction').optional()
	})
	.strict()
	.meta({
		description:
			'From a closed vote (`method: "vote"`, `voteId`; outcome, question, time and organisations come from the vote) ' +
			'or by consensus (`outcome`, `question`, `decidedAt`, `organisations` required). A vote still open gives 409.'
	});
export type PublishInput = z.input<typeof publishInput>;
export type PublishFields = z.infer<typeof publishInput>;

export const dissentInput = z
	.object({
		statement: required(4000, 'The statement'),
		organisationId: z.string().trim().optional()
	})
	.strict();
export type DissentInput = z.infer<typeof dissentInput>;

/** Filters of the decision list (API query). */
export const decisionFilters = z.object({
	kind: z.string().optional().meta({ description: 'Document kind, or "none"' }),
	outcome: z.enum(OUTCOMES).optional(),
	from: isoInstant.optional(),
	to: isoInstant.optional(),
	q: z.string().max(200).optional().meta({ description: 'Text search' })
});

/** Filters of the action list (API query); `overdue` lists those past due and not done or dropped. */
export const actionFilters = z.object({
	owner: z.string().optional().meta({ description: 'The owner organisation’s id' }),
	status: z.enum([...ACTION_STATUSES, 'overdue']).optional(),
	decision: z.string().optional().meta({ description: 'A decision’s id' })
});

// ── What the API answers ──

export const decisionJson = z
	.strictObject({
		id: z.string(),
		workspaceId: z.string(),
		title: z.string(),
		question: z.string(),
		outcome: z.enum(OUTCOMES),
		method: z.enum(['vote', 'consensus']),
		voteId: z.string().nullable(),
		document: z
			.strictObject({
				id: z.string(),
				title: z.string().nullable(),
				kind: z.string().nullable(),
				versionId: z.string().nullable(),
				versionHash: hex64.nullable()
			})
			.nullable()
			.meta({ description: 'The document decided on, as recorded when it was published' }),
		rationale: z.string(),
		decidedAt: isoTime,
		decidedWhere: z.string(),
		meetingId: z.string().nullable().meta({ description: 'The meeting it was made at' }),
		dissentUntil: isoTime.nullable(),
		supersedes: z.string().nullable(),
		supersededBy: z.string().nullable(),
		registerSeq: z.number().int()
	})
	.meta({ id: 'Decision' });
export type DecisionJson = z.output<typeof decisionJson>;

export const actionJson = z
	.strictObject({
		id: z.string(),
		workspaceId: z.string(),
		decisionId: z.string().nullable(),
		owner: z.strictObject({ id: z.string(), name: z.string().nullable() }),
		description: z.string(),
		dueDate: z.iso.date(),
		status: z.enum(ACTION_STATUSES),
		overdue: z.boolean().nullable(),
		registerSeq: z.number().int(),
		createdAt: isoTime,
		updatedAt: isoTime
	})
	.meta({ id: 'Action' });
export type ActionJson = z.output<typeof actionJson>;

/** A decision with its full record as published, its dissents and its actions. */
export const decisionRecordJson = decisionJson
	.extend({
		record: payloadJson
			.nullable()
			.meta({ description: 'The register entry’s payload: the record as published' }),
		entry: z.strictObject({ seq: z.number().int(), at: isoTime, hash: hex64, prev: hex64 }).nullable(),
		dissents: z.array(
			z.strictObject({
				id: z.string(),
				organisation: z.strictObject({ id: z.string(), name: z.string() }),
				statement: z.string(),
				registerSeq: z.number().int(),
				createdAt: isoTime
			})
		),
		actions: z.array(actionJson)
	})
	.meta({ id: 'DecisionRecord' });

/** An action with its progress notes. */
export const actionNotesJson = actionJson
	.extend({
		notes: z.array(
			z.strictObject({
				id: z.string(),
				note: z.string(),
				status: z.enum(ACTION_STATUSES),
				dueDate: z.iso.date(),
				registerSeq: z.number().int(),
				createdAt: isoTime
			})
		)
	})
	.meta({ id: 'ActionWithNotes' });

export const dissentJson = z.strictObject({
	id: z.string(),
	organisation: z.strictObject({ id: z.string(), name: z.string(), sector: z.enum(['vcse', 'statutory']) }),
	statement: z.string(),
	seq: z.number().int().meta({ description: 'The register entry that records it' })
});
