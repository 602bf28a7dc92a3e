// The drafting checks' answers, as the API returns them (and the source of their OpenAPI description).
import { z } from 'zod';
import { FAMILIES } from '../../domain/checks/catalogue.ts';

const severity = z.enum(['E', 'W', 'I']).meta({
	description: 'E "must fix", W "should consider", I "for information"'
});

export const findingJson = z
	.strictObject({
		key: z.string().meta({
			description:
				'The check and a fingerprint of the passage (or, for a missing clause, of its section): a dismissal holds while it is the same'
		}),
		check: z.string().meta({ description: 'The check’s id, as in docs/checks.md (SV1 … G3)' }),
		severity,
		name: z.string(),
		message: z.string().meta({ description: 'One sentence on what is missing or wrong' }),
		why: z.string(),
		sources: z.array(z.strictObject({ title: z.string(), url: z.string() })),
		unverified: z.string().nullable().meta({
			description:
				'Set when the check rests on a fact that could not be confirmed (it is then "for information")'
		}),
		passage: z
			.strictObject({ from: z.number().int(), to: z.number().int(), text: z.string() })
			.nullable()
			.meta({
				description: 'The passage, as offsets into the document’s plain text; null for a missing clause'
			}),
		section: z
			.strictObject({
				title: z.string(),
				path: z.array(z.string()),
				from: z.number().int(),
				to: z.number().int()
			})
			.nullable()
			.meta({
				description: 'The section it is in, or where a missing clause belongs; null: the whole document'
			}),
		dismissed: z.strictObject({ reason: z.string() }).nullable().meta({
			description: 'Dismissed by an editor or facilitator, with the reason (while its text is unchanged)'
		})
	})
	.meta({ id: 'CheckFinding' });

export const checksJson = z
	.strictObject({
		documentId: z.string(),
		versionId: z.string().nullable(),
		kind: z.string(),
		families: z.array(z.enum(FAMILIES)).nullable().meta({
			description:
				'For a document of kind `other`, the check families a facilitator picked (empty: no checks); null for the other kinds, whose checks follow their kind'
		}),
		checksVersion: z
			.string()
			.meta({ description: 'The version of the check set that produced the findings' }),
		checks: z
			.array(z.string())
			.meta({ description: 'The checks that ran (the kind’s set, less those turned off)' }),
		off: z
			.array(z.strictObject({ check: z.string(), reason: z.string() }))
			.meta({ description: 'Checks the workspace turned off, with the reason' }),
		findings: z.array(findingJson),
		counts: z
			.strictObject({
				E: z.number().int(),
				W: z.number().int(),
				I: z.number().int(),
				dismissed: z.number().int()
			})
			.meta({ description: 'Open findings by severity, and how many were dismissed' })
	})
	.meta({
		id: 'DocumentChecks',
		description: 'Drafting checks on a document or a version. Not legal advice.'
	});

export type ChecksJson = z.output<typeof checksJson>;

export const dismissalInput = z
	.strictObject({
		key: z.string().regex(/^[A-Z]+\d+:[0-9a-f]{8}$/, 'A finding’s key, such as PR4:1a2b3c4d'),
		reason: z.string().trim().min(1, 'Give the reason: members see it.').max(1000)
	})
	.meta({ id: 'CheckDismissalInput' });

export const settingInput = z
	.strictObject({
		check: z.string().regex(/^[A-Z]+\d+$/, 'A check’s id, such as SV1'),
		off: z.boolean().default(false),
		reason: z.string().trim().max(1000).optional(),
		value: z.number().finite().nullable().optional()
	})
	.meta({ id: 'CheckSettingInput' });

export const settingsJson = z
	.strictObject({
		config: z.strictObject({
			minWeighting: z.number(),
			maxPaymentDays: z.number(),
			minStandstillDays: z.number()
		}),
		off: z.array(z.strictObject({ check: z.string(), reason: z.string() }))
	})
	.meta({ id: 'CheckSettings' });

export const checkSetInput = z
	.strictObject({
		families: z.array(z.enum(FAMILIES)).max(FAMILIES.length).meta({
			description:
				'The families to run: SV social value, INV involvement and reimbursement, PR procurement principles, G every policy; empty for none'
		})
	})
	.meta({ id: 'CheckSetInput' });

export const checkSetJson = z
	.strictObject({ documentId: z.string(), families: z.array(z.enum(FAMILIES)) })
	.meta({ id: 'DocumentCheckSet', description: 'The check families picked for a document of kind `other`' });
