// What a document request may hold, and the words the pages use for kinds and statuses.
import { z } from 'zod';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../db/schema/index.ts';
import { isTemplateKey, type TemplateKey } from '../../domain/templates/index.ts';

export const KIND_LABELS: Record<(typeof DOCUMENT_KINDS)[number], string> = {
	social_value: 'Social value policy',
	reimbursement: 'Involvement and reimbursement policy',
	procurement_principles: 'Procurement principles',
	commissioning_review: 'Commissioning review',
	other: 'Other'
};
export const STATUS_LABELS: Record<(typeof DOCUMENT_STATUSES)[number], string> = {
	drafting: 'Drafting',
	consultation: 'In consultation',
	decided: 'Decided',
	under_review: 'Under review'
};

export const documentInput = z
	.object({
		title: z
			.string({ error: 'Enter a title.' })
			.trim()
			.min(3, 'Use at least 3 characters for the title.')
			.max(200, 'Use at most 200 characters.'),
		kind: z.enum(DOCUMENT_KINDS, { error: 'Choose what kind of document this is.' }),
		template: z
			.string()
			.nullable()
			.default(null)
			.refine((t) => t === null || t === '' || isTemplateKey(t), 'Choose one of the templates, or none.')
			.transform((t) => (t ? (t as TemplateKey) : null))
	})
	.strict();
export type DocumentInput = z.infer<typeof documentInput>;

export const documentPatch = z
	.object({
		title: documentInput.shape.title.optional(),
		/** Refused with a message: the status moves by events only (see adoption.ts). */
		status: z
			.never({
				error:
					'status is not set by hand: opening a consultation, an approved decision and a facilitator starting a revision move it.'
			})
			.optional()
	})
	.strict();
export type DocumentPatch = z.infer<typeof documentPatch>;

export const versionInput = z
	.object({
		name: z
			.string({ error: 'Name the version.' })
			.trim()
			.min(1, 'Name the version.')
			.max(120, 'Use at most 120 characters.')
	})
	.strict();
