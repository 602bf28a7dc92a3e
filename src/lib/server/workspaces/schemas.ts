// What the workspace forms and API calls may send (the workspace, its partners and members), and what the API
// answers about them.
import { z } from 'zod';
import { ROLES, SECTORS, SIZE_BANDS, STANDINGS } from '../db/schema/index.ts';
import { isoTime } from '../fields.ts';
import { emailSchema } from '../users.ts';

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export const timeZoneSchema = z
	.string()
	.trim()
	.refine((z) => zones.has(z), 'Choose a time zone from the list, such as Europe/London.')
	.meta({ description: 'IANA time zone in which times are typed and shown', example: 'Europe/London' });

const visibility = z
	.enum(['private', 'public'], { error: 'Choose private or public.' })
	.meta({ description: 'private: invisible (404) to non-members' });

const workspaceFields = {
	name: z
		.string({ error: 'Enter a name.' })
		.trim()
		.min(3, 'Use at least 3 characters for the name.')
		.max(120, 'Use at most 120 characters.'),
	description: z.string().trim().max(2000, 'Use at most 2,000 characters.'),
	visibility,
	timeZone: timeZoneSchema,
	requireTwoFactor: z.boolean().meta({
		description:
			'Voting delegates must sign in with two factors (an authenticator app) too; facilitators always must'
	})
};

export const workspaceInput = z
	.object({
		...workspaceFields,
		description: workspaceFields.description.default(''),
		visibility: workspaceFields.visibility.default('private'),
		timeZone: workspaceFields.timeZone.default('Europe/London'),
		requireTwoFactor: workspaceFields.requireTwoFactor.default(false)
	})
	.strict();

// Built from the fields without defaults: zod applies a default inside .partial(), so a patch naming one
// field would reset the others.
export const workspacePatch = z.object(workspaceFields).partial().strict();

const equityFlag = z.boolean().meta({ description: 'Confirmed by the facilitators (VCSE partners only)' });

export const partnerInput = z
	.object({
		organisationId: z.string({ error: 'Choose an organisation.' }).min(1, 'Choose an organisation.').meta({
			description:
				'A verified organisation, or one created for this workspace (its chamber and size band are copied)'
		}),
		grassroots: equityFlag.default(false),
		byAndFor: equityFlag.default(false)
	})
	.strict();

/**
 * A facilitator's change to the workspace's record of a partner: chamber, size band, equity flags; or
 * `confirm` (take the organisation's own details shown as different, and confirm a record copied on upgrade)
 * or `dismiss` (keep this workspace's record and stop showing the organisation's current differences).
 */
export const partnerPatch = z
	.object({
		grassroots: equityFlag.optional(),
		byAndFor: equityFlag.optional(),
		sector: z
			.enum(SECTORS, { error: 'Choose the VCSE or statutory chamber.' })
			.optional()
			.meta({ description: 'The chamber it votes in here; the statutory chamber clears the equity flags' }),
		sizeBand: z.enum(SIZE_BANDS, { error: 'Choose a size band.' }).optional(),
		confirm: z.literal(true).optional().meta({
			description:
				'Take the differences the organisation’s own details show (`pending`) and confirm a record copied on upgrade'
		}),
		dismiss: z.literal(true).optional().meta({
			description: 'Keep this workspace’s record and stop showing the organisation’s current differences'
		})
	})
	.strict()
	.refine((p) => !(p.confirm && p.dismiss), { message: 'Confirm or dismiss, not both.' })
	.refine((p) => !((p.confirm || p.dismiss) && (p.sector || p.sizeBand)), {
		message: 'Set the chamber and size band, or confirm or dismiss the organisation’s details, not both.'
	});

/** A member's place in the workspace, as members and invitations give it. */
export const membershipFields = {
	role: z.enum(ROLES, { error: 'Choose a role.' }),
	organisationId: z.string().min(1).nullable().meta({
		description: 'The partner organisation the member acts for (required for every role but facilitator)'
	}),
	standing: z.enum(STANDINGS, { error: 'Choose representative or participant.' }).meta({
		description:
			'representative: mandated to speak for a sector or network; participant: taking part for their own organisation. Never changes a weight.'
	}),
	votingDelegate: z.boolean().meta({
		description: 'Casts the organisation’s ballot in votes; needs an organisation; not for observers'
	})
};

export const memberPatch = z
	.object(membershipFields)
	.partial()
	.strict()
	.meta({ description: 'A workspace keeps at least one facilitator (422 otherwise)' });

export const memberInput = z
	.object({
		email: emailSchema.optional(),
		userId: z.string().min(1).optional(),
		role: membershipFields.role,
		organisationId: membershipFields.organisationId.default(null),
		standing: membershipFields.standing.default('participant'),
		votingDelegate: membershipFields.votingDelegate.default(false)
	})
	.strict()
	.refine((m) => (m.email === undefined) !== (m.userId === undefined), {
		message: 'Give either email or userId of the person to add.'
	})
	.meta({ description: 'Name the person by exactly one of email or userId; they must have an account.' });

// ── What the API answers ──

const sector = z.enum(SECTORS);
const sizeBand = z.enum(SIZE_BANDS);
const role = z.enum(ROLES);

export const workspaceJson = z
	.strictObject({
		id: z.string(),
		slug: z.string().meta({ description: 'URL name: /w/<slug>' }),
		name: z.string(),
		description: z.string(),
		visibility: z
			.enum(['private', 'public'])
			.meta({ description: 'private: invisible (404) to non-members' }),
		timeZone: z.string().meta({ description: 'IANA time zone in which times are typed and shown' }),
		requireTwoFactor: z
			.boolean()
			.meta({ description: 'Voting delegates must sign in with two factors (facilitators always must)' }),
		isDemo: z.boolean(),
		createdAt: isoTime,
		role: role.nullable().meta({ description: 'Your role; null for a visitor' })
	})
	.meta({ id: 'Workspace' });
export type WorkspaceJson = z.output<typeof workspaceJson>;

const membershipJson = z.strictObject({
	role,
	organisationId: z.string().nullable(),
	standing: z.enum(STANDINGS),
	votingDelegate: z.boolean()
});

export const workspaceDetailJson = workspaceJson
	.extend({ membership: membershipJson.nullable().meta({ description: 'Yours; null for a visitor' }) })
	.meta({ id: 'WorkspaceDetail' });

export const partnerJson = z
	.strictObject({
		organisationId: z.string(),
		name: z.string(),
		sector: sector.meta({
			description:
				'The chamber it votes in here: this workspace’s record, copied when it was added and changed only by its facilitators'
		}),
		sizeBand: sizeBand.meta({ description: 'This workspace’s record' }),
		verified: z.boolean().meta({ description: 'Whether the organisation is in the verified directory' }),
		eligible: z
			.boolean()
			.meta({ description: 'Whether it counts in votes here: verified, or created for this workspace' }),
		grassroots: equityFlag,
		byAndFor: equityFlag,
		confirmed: z.boolean().meta({
			description: 'False while the record is the copy made on upgrade and no facilitator has confirmed it'
		}),
		recordedBy: z.string().nullable().meta({ description: 'Who last set or confirmed the record' }),
		recordedByName: z.string().nullable(),
		recordedAt: isoTime,
		pending: z.strictObject({ sector: sector.optional(), sizeBand: sizeBand.optional() }).nullable().meta({
			description:
				'The organisation’s own sector or size band where they differ from this record and were not dismissed: confirm or dismiss with PATCH'
		})
	})
	.meta({ id: 'Partner' });
export type PartnerJson = z.output<typeof partnerJson>;

export const memberJson = z
	.strictObject({
		userId: z.string(),
		name: z.string(),
		email: z.string().optional().meta({ description: 'Shown to facilitators only' }),
		role,
		organisationId: z.string().nullable(),
		organisationName: z.string().nullable(),
		standing: z.enum(STANDINGS),
		votingDelegate: z.boolean(),
		isDemo: z.boolean()
	})
	.meta({ id: 'Member' });
export type MemberJson = z.output<typeof memberJson>;

export const invitationJson = z
	.strictObject({
		id: z.string(),
		workspaceId: z.string(),
		email: z.string(),
		role,
		organisationId: z.string().nullable(),
		organisationName: z.string().nullable(),
		standing: z.enum(STANDINGS),
		votingDelegate: z.boolean(),
		status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
		invitedBy: z.string().nullable(),
		createdAt: isoTime,
		expiresAt: isoTime,
		acceptedAt: isoTime.nullable(),
		acceptedBy: z.string().nullable(),
		revokedAt: isoTime.nullable()
	})
	.meta({ id: 'Invitation' });
export type InvitationJson = z.output<typeof invitationJson>;

/** A new invitation with its link, shown this once. */
export const invitedJson = z.strictObject({
	invitation: invitationJson,
	link: z.url().meta({ example: 'https://parity.example.org/invite/…' })
});
