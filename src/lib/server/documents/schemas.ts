// What a document request may hold, and the words the pages use for kinds and statuses.
import { z } from 'zod';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../db/schema/index.ts';
import { isoTime } from '../fields.ts';
import { isTemplateKey, TEMPLATES, type TemplateKey } from '../../domain/templates/index.ts';

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
			.meta({ enum: [...Object.keys(TEMPLATES), null], description: 'A draft to start from; null: blank' })
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

/** How GET /documents/{id} answers: JSON with the content, Markdown or HTML. */
export const documentFormat = z
	.enum(['json', 'md', 'html'], { error: 'format: use json, md or html.' })
	.default('json');

export const versionInput = z
	.object({
		name: z
			.string({ error: 'Name the version.' })
			.trim()
			.min(1, 'Name the version.')
			.max(120, 'Use at most 120 characters.')
	})
	.strict();

// ── What the API answers ──

const sha256 = z.string().meta({ description: 'Lowercase hex SHA-256 of the rendered HTML' });

export const documentJson = z
	.strictObject({
		id: z.string(),
		workspaceId: z.string(),
		title: z.string(),
		kind: z.enum(DOCUMENT_KINDS),
		status: z.enum(DOCUMENT_STATUSES).meta({
			description:
				'Moved by events only: `consultation` when a consultation opens, `decided` when an approved decision adopts a version (read-only until a revision starts), `under_review` when a facilitator starts a revision'
		}),
		adoptedVersionId: z
			.string()
			.nullable()
			.meta({ description: 'The version the latest approved decision adopted' }),
		createdAt: isoTime,
		updatedAt: isoTime
	})
	.meta({ id: 'Document' });
export type DocumentJson = z.output<typeof documentJson>;

/** A document with its current content, as GET /documents/{id} answers in JSON. */
export const documentContentJson = documentJson
	.extend({
		content: z.strictObject({
			html: z.string(),
			text: z.string(),
			markdown: z.string(),
			hash: sha256
		})
	})
	.meta({ id: 'DocumentContent' });

export const versionJson = z
	.strictObject({
		id: z.string(),
		documentId: z.string(),
		name: z.string(),
		hash: sha256,
		createdBy: z.string().nullable(),
		authorName: z.string().nullable(),
		createdAt: isoTime
	})
	.meta({ id: 'DocumentVersion' });
export type VersionJson = z.output<typeof versionJson>;

/** A version with its text, as GET /documents/{id}/versions/{versionId} answers. */
export const versionTextJson = versionJson
	.extend({ html: z.string(), text: z.string() })
	.meta({ id: 'DocumentVersionText' });
