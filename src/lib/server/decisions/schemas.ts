/**
 * What the decision register's commands accept: a decision record to publish (with its attendees, declared
 * conflicts and actions), a dissenting statement, an action and an update to one. The form doors read their
 * fields into these shapes (forms.ts); the API validates its JSON bodies with them.
 */
import { z } from 'zod';
import { ACTION_STATUSES, OUTCOMES } from '../../domain/register-record.ts';
import { calendarDate } from '../fields.ts';

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
		dueDate: calendarDate('The due date')
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
		decidedAt: instant.optional(),
		decidedWhere: required(300, 'Where it was decided'),
		organisations: z.array(z.string().trim().min(1)).max(500).optional(),
		attendees: z
			.array(
				z.object({
					name: required(200, 'A name'),
					organisationId: optionalId,
					userId: optionalId
				})
			)
			.max(500)
			.optional(),
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
			.nullish(),
		dissentDays: z.number().int().min(0).max(MAX_DISSENT_DAYS).default(14),
		actions: z.array(newActionFields).max(100).optional(),
		supersedes: z.string().trim().nullish(),
		supersedeReason: trimmed(2000, 'The reason for the correction').optional()
	})
	.strict();
export type PublishInput = z.input<typeof publishInput>;
export type PublishFields = z.infer<typeof publishInput>;

export const dissentInput = z
	.object({
		statement: required(4000, 'The statement'),
		organisationId: z.string().trim().optional()
	})
	.strict();
export type DissentInput = z.infer<typeof dissentInput>;
