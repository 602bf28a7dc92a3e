// What a consultation command accepts: opening one, extending or closing it early, joining through a public link, answering its questions.
// The API and the pages send the same fields (the closing time as typed in the workspace's zone). Below, what
// the API answers.
import { z } from 'zod';
import { CONSULTATION_AUDIENCES, CONSULTATION_CHANGES, SECTORS, SIZE_BANDS } from '../db/schema/index.ts';
import { isoTime } from '../fields.ts';

export const MAX_ANSWER = 10_000;

export const openInput = z
	.object({
		title: z.string().trim().max(200).optional(),
		closesAt: z
			.string()
			.trim()
			.min(1, 'Give a closing date and time.')
			.meta({ example: '2026-12-01T17:00', description: "Local date and time in the workspace's time zone" }),
		audience: z.enum(CONSULTATION_AUDIENCES, { error: 'Choose the audience: members, or public.' }),
		questions: z
			.array(z.string().trim().max(1000, 'A question is at most 1000 characters.'))
			.transform((qs) => qs.filter((q) => q.length > 0))
			.refine((qs) => qs.length >= 1 && qs.length <= 2, 'Ask one or two questions.')
			.meta({ description: 'One or two questions (blank ones are left out)' })
	})
	.strict();
export type OpenInput = z.infer<typeof openInput>;

const reason = z
	.string()
	.trim()
	.min(1, 'Give the reason (it is shown with the consultation).')
	.max(1000, 'The reason is at most 1000 characters.');

export const extendInput = z
	.object({
		closesAt: openInput.shape.closesAt.meta({
			example: '2026-12-15T17:00',
			description: "The new closing time, later than the current one, in the workspace's time zone"
		}),
		reason
	})
	.strict();

export const closeInput = z.object({ reason }).strict();

export const joinInput = z
	.object({
		name: z.string().trim().min(1, 'Give your name.').max(200, 'The name is too long.'),
		email: z.email({ error: 'Give a valid email address.' }).max(320),
		organisation: z
			.string()
			.trim()
			.min(1, 'Give the name of your organisation (or "individual").')
			.max(200, 'The organisation name is too long.'),
		sector: z.enum(SECTORS, { error: 'Choose VCSE or statutory.' }),
		sizeBand: z.enum(SIZE_BANDS).default('micro')
	})
	.strict();
export type JoinInput = z.infer<typeof joinInput>;

/** A one-time email confirmation code: `<guestId>.<secret>`. */
export const confirmCode = z.string().regex(/^[\w-]{1,64}\.[a-z2-7]{20,64}$/);

export const responseInput = z
	.object({
		answers: z
			.array(z.string().trim().max(MAX_ANSWER, 'An answer is at most 10 000 characters.'))
			.min(1)
			.max(2)
	})
	.strict();

/** How GET /consultations/{id}/summary answers: JSON, Markdown or CSV. */
export const summaryFormat = z.enum(['json', 'md', 'csv']).default('json');

// ── What the API answers ──

const count = z.number().int().min(0);

export const respondedJson = z.strictObject({ vcse: count, statutory: count, none: count }).meta({
	id: 'RespondedCounts',
	description: 'Organisations (or people without one) that took part, per sector'
});

export const linkJson = z
	.strictObject({
		id: z.string(),
		uses: count.meta({ description: 'People who joined through it' }),
		createdAt: isoTime,
		revokedAt: isoTime.nullable().meta({ description: 'When it was withdrawn; null while it is valid' })
	})
	.meta({ id: 'ConsultationLink', description: 'A public link (its secret is shown only when it is made)' });
export type LinkJson = z.output<typeof linkJson>;

export const consultationJson = z
	.strictObject({
		id: z.string(),
		workspaceId: z.string(),
		documentId: z.string(),
		title: z.string(),
		audience: z.enum(CONSULTATION_AUDIENCES),
		questions: z.array(z.string()),
		contentHash: z.string().meta({ description: 'SHA-256 of the document text at the opening' }),
		versionId: z.string().nullable().meta({ description: 'The version saved at the opening' }),
		openedAt: isoTime,
		closesAt: isoTime,
		open: z.boolean()
	})
	.meta({ id: 'Consultation' });

export const changeJson = z
	.strictObject({
		kind: z.enum(CONSULTATION_CHANGES),
		fromClosesAt: isoTime,
		toClosesAt: isoTime,
		reason: z.string(),
		at: isoTime
	})
	.meta({ id: 'ConsultationChange', description: 'A facilitator extended it or closed it early' });
export type ChangeJson = z.output<typeof changeJson>;
export type ConsultationJson = z.output<typeof consultationJson>;

/** A consultation as listed and read, with how many have responded. */
export const consultationCountsJson = consultationJson
	.extend({ responded: respondedJson })
	.meta({ id: 'ConsultationWithCounts' });
export type ConsultationCountsJson = z.output<typeof consultationCountsJson>;

/** GET /consultations/{id}: also its changes of closing time, and its public links for those who may see them. */
export const consultationViewJson = consultationCountsJson.extend({
	changes: z.array(changeJson).meta({ description: 'Oldest first' }),
	links: z.array(linkJson).optional().meta({ description: 'Facilitators only' })
});
export type ConsultationViewJson = z.output<typeof consultationViewJson>;

/** The answer that opens a consultation: its public link, shown this once. */
export const openedJson = consultationJson
	.extend({
		publicLink: z.string().nullable().meta({ description: 'Path of the public link; null for members only' })
	})
	.meta({ id: 'OpenedConsultation' });
export type OpenedJson = z.output<typeof openedJson>;

export const contributionJson = z
	.strictObject({
		kind: z.enum(['answer', 'comment', 'suggestion']),
		person: z.string(),
		organisationId: z.string().nullable(),
		organisation: z.string(),
		sector: z.enum(SECTORS).nullable(),
		verified: z.boolean().meta({ description: 'Whether the organisation is verified' }),
		confirmed: z.boolean().meta({
			description:
				'False for a person from a public link who has not yet confirmed their email (members: always true)'
		}),
		question: z.string().nullable().meta({ description: 'The question answered' }),
		passage: z.string().nullable().meta({ description: 'The passage a comment or suggestion refers to' }),
		text: z.string(),
		at: isoTime
	})
	.meta({ id: 'Contribution' });
export type ContributionJson = z.output<typeof contributionJson>;

export const contributionsJson = z.strictObject({
	responded: respondedJson,
	contributions: z.array(contributionJson).meta({ description: 'Oldest first' })
});
export type ContributionsJson = z.output<typeof contributionsJson>;

export const summaryJson = z
	.strictObject({
		consultation: consultationJson,
		groups: z.array(
			z.strictObject({
				sector: z.enum(SECTORS).nullable(),
				organisations: z.array(
					z.strictObject({
						id: z.string().nullable(),
						name: z.string(),
						verified: z.boolean(),
						items: z.array(contributionJson)
					})
				)
			})
		)
	})
	.meta({ id: 'ConsultationSummary', description: 'Contributions by sector, then organisation' });
export type SummaryJson = z.output<typeof summaryJson>;

export const responseJson = z
	.strictObject({
		id: z.string(),
		replaced: z.boolean().meta({ description: 'Whether it took the place of your earlier answers' })
	})
	.meta({ id: 'ConsultationResponse' });
export type ResponseJson = z.output<typeof responseJson>;

export const newLinkJson = z.strictObject({
	url: z.string().meta({ description: 'Path of the public link, with its secret' })
});
export type NewLinkJson = z.output<typeof newLinkJson>;
