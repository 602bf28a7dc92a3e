// What the workspace forms and API calls may send: the workspace, its partners and members.
import { z } from 'zod';
import { ROLES, SECTORS, SIZE_BANDS, STANDINGS } from '../db/schema/index.ts';
import { emailSchema } from '../users.ts';

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export const timeZoneSchema = z
	.string()
	.trim()
	.refine((z) => zones.has(z), 'Choose a time zone from the list, such as Europe/London.');

const workspaceFields = {
	name: z
		.string({ error: 'Enter a name.' })
		.trim()
		.min(3, 'Use at least 3 characters for the name.')
		.max(120, 'Use at most 120 characters.'),
	description: z.string().trim().max(2000, 'Use at most 2,000 characters.'),
	visibility: z.enum(['private', 'public'], { error: 'Choose private or public.' }),
	timeZone: timeZoneSchema
};

export const workspaceInput = z
	.object({
		...workspaceFields,
		description: workspaceFields.description.default(''),
		visibility: workspaceFields.visibility.default('private'),
		timeZone: workspaceFields.timeZone.default('Europe/London')
	})
	.strict();

// Built from the fields without defaults: zod applies a default inside .partial(), so a patch naming one
// field would reset the others.
export const workspacePatch = z.object(workspaceFields).partial().strict();

export const partnerInput = z
	.object({
		organisationId: z.string({ error: 'Choose an organisation.' }).min(1, 'Choose an organisation.'),
		grassroots: z.boolean().default(false),
		byAndFor: z.boolean().default(false)
	})
	.strict();

/**
 * A facilitator's change to the workspace's record of a partner: chamber, size band, equity flags; or
 * `confirm` (take the organisation's own details shown as different, and confirm a record copied on upgrade)
 * or `dismiss` (keep this workspace's record and stop showing the organisation's current differences).
 */
export const partnerPatch = z
	.object({
		grassroots: z.boolean().optional(),
		byAndFor: z.boolean().optional(),
		sector: z.enum(SECTORS, { error: 'Choose the VCSE or statutory chamber.' }).optional(),
		sizeBand: z.enum(SIZE_BANDS, { error: 'Choose a size band.' }).optional(),
		confirm: z.literal(true).optional(),
		dismiss: z.literal(true).optional()
	})
	.strict()
	.refine((p) => !(p.confirm && p.dismiss), { message: 'Confirm or dismiss, not both.' })
	.refine((p) => !((p.confirm || p.dismiss) && (p.sector || p.sizeBand)), {
		message: 'Set the chamber and size band, or confirm or dismiss the organisation’s details, not both.'
	});

export const memberPatch = z
	.object({
		role: z.enum(ROLES, { error: 'Choose a role.' }).optional(),
		organisationId: z.string().min(1).nullable().optional(),
		standing: z.enum(STANDINGS, { error: 'Choose representative or participant.' }).optional(),
		votingDelegate: z.boolean().optional()
	})
	.strict();

export const memberInput = z
	.object({
		email: emailSchema.optional(),
		userId: z.string().min(1).optional(),
		role: z.enum(ROLES, { error: 'Choose a role.' }),
		organisationId: z.string().min(1).nullable().default(null),
		standing: z.enum(STANDINGS, { error: 'Choose representative or participant.' }).default('participant'),
		votingDelegate: z.boolean().default(false)
	})
	.strict()
	.refine((m) => (m.email === undefined) !== (m.userId === undefined), {
		message: 'Give either email or userId of the person to add.'
	});
