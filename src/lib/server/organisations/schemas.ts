// What an organisation's forms and API calls may send, and what the API answers about organisations.
import { z } from 'zod';
import { SECTORS, SIZE_BANDS } from '../db/schema/index.ts';
import { isoTime } from '../fields.ts';
import { emailSchema } from '../users.ts';

export const organisationInput = z
	.object({
		name: z
			.string({ error: 'Enter the organisation’s name.' })
			.trim()
			.min(2, 'Enter the organisation’s name.')
			.max(160, 'Use at most 160 characters.'),
		sector: z.enum(SECTORS, { error: 'Choose VCSE or statutory.' }),
		sizeBand: z.enum(SIZE_BANDS, { error: 'Choose a size band.' })
	})
	.strict();

export const organisationPatch = organisationInput.partial().strict();

/** A new organisation (API body); `workspaceId` names a workspace the caller facilitates. */
export const organisationCreate = organisationInput
	.extend({
		workspaceId: z.string().min(1).optional().meta({
			description:
				'A workspace you facilitate: the organisation comes from it and may be a partner (and vote) there before an administrator verifies it'
		})
	})
	.strict();

/** Someone to add to an organisation, by email address or user id (API body). */
export const organisationMemberInput = z
	.object({ email: emailSchema.optional(), userId: z.string().min(1).optional() })
	.strict()
	.refine((m) => (m.email === undefined) !== (m.userId === undefined), {
		message: 'Give either email or userId of the person to add.'
	})
	.meta({ description: 'Name the person by exactly one of email or userId; they must have an account.' });

/** Merging a duplicate into the organisation to keep (API body). */
export const mergeInput = z
	.object({
		into: z
			.string({ error: 'Name the organisation to keep (into).' })
			.min(1)
			.meta({ description: 'The organisation to keep' })
	})
	.strict();

// ── What the API answers ──

export const organisationJson = z
	.strictObject({
		id: z.string(),
		name: z.string(),
		sector: z.enum(SECTORS),
		sizeBand: z.enum(SIZE_BANDS),
		verified: z.boolean().meta({
			description:
				'Verified organisations are the directory every signed-in user sees. Organisations created by anyone but an administrator start unverified: they are seen by administrators, their members, the facilitators of the workspace they came from and the members of workspaces where they are partners.'
		}),
		originWorkspaceId: z.string().nullable().meta({
			description:
				'The workspace it came from (created there by a facilitator, or by a consultation respondent); an unverified organisation may be a partner only there'
		}),
		mergedIntoId: z
			.string()
			.nullable()
			.meta({ description: 'Set when an administrator merged this duplicate into another organisation' }),
		isDemo: z.boolean(),
		createdAt: isoTime,
		mine: z.boolean().meta({ description: 'Whether you are a member of it' })
	})
	.meta({ id: 'Organisation' });
export type OrganisationJson = z.output<typeof organisationJson>;

export const organisationMemberJson = z
	.strictObject({
		id: z.string(),
		name: z.string(),
		email: z.string().meta({ description: 'Shown to the organisation’s members and administrators only' }),
		addedAt: isoTime,
		addedByName: z.string().nullable().meta({
			description: 'Who added them; null for its creator and for memberships older than this rule'
		})
	})
	.meta({ id: 'OrganisationMember' });

export const personJson = z
	.strictObject({ id: z.string(), name: z.string(), email: z.string() })
	.meta({ id: 'Person' });
