// What comment and suggestion requests may hold, and the threads and suggestions the API answers with.
import { z } from 'zod';
import { SUGGESTION_STATUSES, THREAD_STATUSES } from '../db/schema/index.ts';
import { isoTime } from '../fields.ts';

export const MAX_TEXT = 10_000;

/**
 * Comment or suggestion text: trimmed, not empty, at most 10 000 characters. Any other text is kept as typed,
 * including text that looks like markup: it is escaped wherever it is shown (page, email, downloads), which is
 * the defence, and a filter of "script-looking" text could never be complete (see docs/comments.md).
 */
export const commentText = (what = 'The comment') =>
	z
		.string({ error: `${what} must be text.` })
		.transform((s) => s.replace(/\r\n?/g, '\n').trim())
		.refine((s) => s.length > 0, `${what} is empty. Write something first.`)
		.refine(
			(s) => s.length <= MAX_TEXT,
			`${what} is too long: at most ${MAX_TEXT.toLocaleString('en-GB')} characters.`
		)
		.meta({
			description: `Plain text, 1 to ${MAX_TEXT} characters once trimmed; kept as typed and shown escaped everywhere`
		});

/** Where a new thread or suggestion sits: one of these, checked in this order. */
export const anchorSpec = z
	.object({
		anchor: z
			.object({
				start: z.string().max(200),
				end: z.string().max(200),
				quote: z.string().max(MAX_TEXT)
			})
			.meta({
				description:
					'Base64 `Y.encodeRelativePosition` values into the `default` XmlFragment (start assoc 0, end assoc −1) and the text they quote'
			}),
		range: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }).meta({
			description:
				'Offsets into the plain text (blocks joined by line breaks, see src/lib/domain/anchor.ts); from = to marks a point (suggestions only)'
		}),
		block: z
			.number()
			.int()
			.min(0)
			.meta({ description: 'A whole top-level block (paragraph, heading, list …)' }),
		quote: z.string().min(1).max(MAX_TEXT).meta({ description: 'Text to find in the document' }),
		near: z
			.number()
			.int()
			.min(0)
			.meta({ description: 'With quote: the plain-text offset to pick the nearest repeat' })
	})
	.partial();
export type AnchorSpec = z.infer<typeof anchorSpec>;

export const THREAD_FILTERS = ['all', 'open', 'resolved', 'mine', 'mentions'] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];
/** Which threads to list (API query). */
export const threadFilter = z.enum(THREAD_FILTERS).default('all');
/** Which suggestions to list (API query): all when left out. */
export const suggestionStatus = z.enum(SUGGESTION_STATUSES).optional();

export const replacementText = z
	.string()
	.max(10_000, 'The replacement is too long: at most 10,000 characters.');
export const noteText = z.string().trim().max(2000, 'The note is at most 2000 characters.');
export const reasonText = commentText('The reason');

const consultationId = z.string().max(40).nullish();

/** A new thread (API body). */
export const threadInput = anchorSpec.extend({ body: commentText(), consultationId }).strict();
/** A reply (API body). */
export const replyInput = z.object({ body: commentText('The reply') }).strict();
/** A change to a thread or a comment (API body). */
export const commentPatch = z
	.object({
		status: z.enum(['open', 'resolved']).optional(),
		body: commentText().optional()
	})
	.strict()
	.refine((p) => p.status !== undefined || p.body !== undefined, 'Send status (open or resolved) or body.');
/** A new suggestion (API body). */
export const suggestionInput = anchorSpec
	.extend({ replacement: replacementText, note: noteText.optional(), consultationId })
	.strict();
/** Rejecting a suggestion (API body). */
export const rejectInput = z.object({ reason: reasonText }).strict();

// ── What the API answers ──

const anchorJson = z.strictObject({ start: z.string(), end: z.string() });
const authorJson = z.strictObject({
	id: z.string().nullable(),
	name: z.string().nullable(),
	organisation: z.string().nullable().meta({
		description: 'The organisation they write for in the workspace, or the one given at a consultation link'
	}),
	guest: z.boolean()
});

export const threadJson = z
	.strictObject({
		id: z.string(),
		documentId: z.string(),
		consultationId: z.string().nullable(),
		status: z.enum(THREAD_STATUSES),
		quote: z.string().meta({ description: 'The text when the thread was made' }),
		anchor: anchorJson,
		position: z
			.discriminatedUnion('status', [
				z.strictObject({
					status: z.literal('ok'),
					from: z.number().int(),
					to: z.number().int(),
					text: z.string()
				}),
				z.strictObject({ status: z.literal('deleted') })
			])
			.meta({ description: 'Where the anchor sits now; `deleted` when its text is gone' }),
		block: z.number().int().nullable(),
		createdAt: isoTime,
		updatedAt: isoTime,
		resolvedAt: isoTime.nullable(),
		comments: z.array(
			z.strictObject({
				id: z.string(),
				author: authorJson,
				body: z.string(),
				deleted: z.boolean(),
				mentions: z.array(z.string()),
				createdAt: isoTime,
				editedAt: isoTime.nullable(),
				edits: z.array(z.strictObject({ body: z.string(), replacedAt: isoTime }))
			})
		)
	})
	.meta({ id: 'CommentThread' });
export type ThreadJson = z.output<typeof threadJson>;

export const suggestionJson = z
	.strictObject({
		id: z.string(),
		documentId: z.string(),
		consultationId: z.string().nullable(),
		kind: z.enum(['insert', 'delete', 'replace']),
		quote: z.string(),
		replacement: z.string(),
		note: z.string(),
		anchor: anchorJson,
		author: authorJson,
		status: z.enum(SUGGESTION_STATUSES).meta({
			description: 'An open suggestion whose text changed since shows as outdated and cannot be accepted'
		}),
		reason: z.string().nullable(),
		decidedBy: z.string().nullable(),
		decidedAt: isoTime.nullable(),
		createdAt: isoTime,
		position: z.number().int().nullable()
	})
	.meta({ id: 'Suggestion' });
export type SuggestionJson = z.output<typeof suggestionJson>;
