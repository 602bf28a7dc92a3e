// What comment and suggestion requests may hold.
import { z } from 'zod';

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
		);

/** Where a new thread or suggestion sits: one of these, checked in this order. */
export const anchorSpec = z
	.object({
		/** Encoded relative positions made by a client, with the text they quote. */
		anchor: z.object({
			start: z.string().max(200),
			end: z.string().max(200),
			quote: z.string().max(MAX_TEXT)
		}),
		/** Plain-text offsets (see src/lib/domain/anchor.ts). */
		range: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }),
		/** A top-level block index: the whole block. */
		block: z.number().int().min(0),
		/** Text to find in the document; `near` picks among repeats. */
		quote: z.string().min(1).max(MAX_TEXT),
		near: z.number().int().min(0)
	})
	.partial();
export type AnchorSpec = z.infer<typeof anchorSpec>;

export const THREAD_FILTERS = ['all', 'open', 'resolved', 'mine', 'mentions'] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

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
export const SUGGESTION_STATUSES = ['open', 'accepted', 'rejected', 'outdated'] as const;
/** Rejecting a suggestion (API body). */
export const rejectInput = z.object({ reason: reasonText }).strict();
