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

/** What a Word import may say besides the file: a title (else the file's own) and a kind (else "Other"). */
export const importInput = z
	.object({
		title: z
			.string()
			.trim()
			.max(200, 'Use at most 200 characters.')
			.refine((t) => t === '' || t.length >= 3, 'Use at least 3 characters for the title, or leave it empty.')
			.optional()
			.meta({ description: "The document's title; without it, the Word file's title or first heading" }),
		kind: documentInput.shape.kind.default('other')
	})
	.strict();

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

/** How GET /documents/{id} answers: JSON with the content, Markdown, HTML, or a Word or PDF file. */
export const documentFormat = z
	.enum(['json', 'md', 'html', 'docx', 'pdf'], { error: 'format: use json, md, html, docx or pdf.' })
	.default('json');

/** `comments` and `suggestions` of a Word download: its open threads as Word comments, its open suggestions as tracked changes. */
export const documentFlag = z.enum(['true', 'false'], { error: 'Use true or false.' }).default('false').meta({
	description:
		'With format=docx: add the open threads as Word comments / the open suggestions as tracked changes'
});

/** How GET /documents/{id}/versions/{versionId} answers: JSON with the text, or a Word or PDF file. */
export const versionFormat = z
	.enum(['json', 'docx', 'pdf'], { error: 'format: use json, docx or pdf.' })
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

/** What a Word import answers: the new document and what the editor could not hold. */
export const importedDocumentJson = documentJson
	.extend({
		import: z.strictObject({
			dropped: z.array(z.string()).meta({
				description:
					'What the editor cannot hold and was left out, in words ("2 images", "headers and footers")'
			}),
			notes: z
				.number()
				.int()
				.meta({ description: 'Footnotes and endnotes kept as numbered notes at the end' })
		})
	})
	.meta({ id: 'ImportedDocument' });

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
