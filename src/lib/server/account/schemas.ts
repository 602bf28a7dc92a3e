// What "Download my data" answers (the API and the JSON download): see personal-data.ts.
import { z } from 'zod';
import {
	BALLOT_CHOICES,
	CLAIM_STATUSES,
	ROLES,
	SECTORS,
	STANDINGS,
	SUGGESTION_STATUSES
} from '../db/schema/index.ts';
import { isoTime } from '../fields.ts';

const when = isoTime.nullable();

export const personalDataJson = z
	.strictObject({
		exportedAt: isoTime,
		profile: z.strictObject({ name: z.string(), email: z.string(), administrator: z.boolean(), since: when }),
		signInProviders: z
			.array(z.strictObject({ issuer: z.string(), email: z.string(), linkedAt: when, lastUsedAt: when }))
			.meta({ description: 'Accounts at an identity provider linked for single sign-on' }),
		memberships: z.array(
			z.strictObject({
				workspace: z.string(),
				workspaceSlug: z.string(),
				role: z.enum(ROLES),
				organisation: z.string().nullable(),
				standing: z.enum(STANDINGS),
				votingDelegate: z.boolean(),
				joinedAt: when
			})
		),
		organisations: z.array(z.strictObject({ name: z.string(), sector: z.enum(SECTORS), since: when })),
		comments: z.array(
			z.strictObject({
				workspace: z.string(),
				document: z.string(),
				quote: z.string(),
				body: z.string().nullable().meta({ description: 'null when you deleted the comment' }),
				deleted: z.boolean(),
				createdAt: when,
				editedAt: when
			})
		),
		suggestions: z.array(
			z.strictObject({
				workspace: z.string(),
				document: z.string(),
				quote: z.string(),
				replacement: z.string(),
				note: z.string(),
				status: z.enum(SUGGESTION_STATUSES),
				reason: z.string().nullable(),
				createdAt: when,
				decidedAt: when
			})
		),
		ballots: z.array(
			z.strictObject({
				workspace: z.string(),
				vote: z.string(),
				organisation: z.string(),
				action: z.enum(['cast', 'changed']),
				choice: z.enum(BALLOT_CHOICES),
				statement: z.string(),
				at: when
			})
		),
		claims: z.array(
			z.strictObject({
				workspace: z.string(),
				meeting: z.string(),
				status: z.enum(CLAIM_STATUSES),
				level: z.string(),
				minutes: z.number().int(),
				duePence: z.number().int(),
				claimedPence: z.number().int(),
				declined: z.boolean(),
				expensesPence: z.number().int(),
				totalPence: z.number().int(),
				submittedAt: when,
				paidOn: z.string().nullable(),
				paymentReference: z.string().nullable()
			})
		),
		consultationResponses: z.array(
			z.strictObject({
				consultation: z.string(),
				organisation: z.string().nullable(),
				answers: z.array(z.strictObject({ question: z.string(), answer: z.string() })),
				createdAt: when,
				updatedAt: when
			})
		)
	})
	.meta({ id: 'PersonalData' });
