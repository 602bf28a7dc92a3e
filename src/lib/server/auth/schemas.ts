// What the API takes to make a personal access token, and what it answers about the caller and their tokens.
import { z } from 'zod';
import { ROLES, SECTORS } from '../db/schema/index.ts';
import { isoInstant, isoTime } from '../fields.ts';

const scope = z.enum(['read', 'write']);

/** A new personal access token (API body). */
export const tokenInput = z
	.object({
		name: z.string().trim().min(1, 'Give the token a name.').max(80),
		scope,
		// An empty list would read as "every workspace": ask for null to mean that, so nobody widens a token by accident.
		workspaceIds: z
			.array(z.string())
			.min(1, 'name at least one workspace, or send null for all of yours.')
			.max(100)
			.nullable()
			.default(null)
			.meta({
				description:
					'Limit the token to these workspaces (ones you belong to); null or left out: all of yours'
			}),
		expiresAt: isoInstant
			.nullable()
			.default(null)
			.meta({ description: 'In the future; null or left out: it never expires' })
	})
	.strict();

// ── What the API answers ──

const workspaceIds = z
	.array(z.string())
	.nullable()
	.meta({ description: 'null: every workspace of the user' });

const tokenFields = {
	id: z.string(),
	name: z.string(),
	scope,
	workspaceIds,
	expiresAt: isoTime.nullable()
};

export const tokenJson = z
	.strictObject({ ...tokenFields, lastUsedAt: isoTime.nullable(), createdAt: isoTime })
	.meta({ id: 'Token' });

export const newTokenJson = z
	.strictObject({
		...tokenFields,
		token: z
			.string()
			.meta({ example: 'parity_pat_…', description: 'The secret, shown this once only (stored as SHA-256)' })
	})
	.meta({ id: 'NewToken' });

export const meJson = z
	.strictObject({
		id: z.string(),
		email: z.string(),
		name: z.string(),
		isAdmin: z.boolean(),
		token: z
			.strictObject({ id: z.string(), name: z.string(), scope, workspaceIds })
			.nullable()
			.meta({ description: 'The access token in use, or null with a session cookie' }),
		organisations: z.array(z.strictObject({ id: z.string(), name: z.string(), sector: z.enum(SECTORS) })),
		workspaces: z.array(
			z.strictObject({ id: z.string(), slug: z.string(), name: z.string(), role: z.enum(ROLES) })
		)
	})
	.meta({ id: 'Me' });

/** An administrator's reset of someone's two-factor sign-in: why (recorded in the governance history). */
export const twoFactorResetInput = z
	.object({
		reason: z
			.string({ error: 'Say why it is reset.' })
			.trim()
			.min(3, 'Say why it is reset, such as “lost phone, identity checked by video call”.')
			.max(500, 'Use at most 500 characters.')
	})
	.strict();

export const twoFactorJson = z
	.strictObject({
		enabled: z.boolean().meta({ description: 'Signing in asks for a code from an authenticator app' }),
		enabledAt: isoTime.nullable(),
		required: z.boolean().meta({
			description:
				'You must use it: an administrator, a facilitator, or a voting delegate of a workspace that asks it'
		}),
		reason: z.string().nullable().meta({ description: 'Why it is required, in words' }),
		recoveryCodesLeft: z.number().int().meta({ description: 'Recovery codes not yet used' })
	})
	.meta({ id: 'TwoFactorStatus' });
