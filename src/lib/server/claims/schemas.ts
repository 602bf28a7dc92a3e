// What the ledger's doors accept: a version of the payment policy, a claim's expenses and choices, an
// approver's decisions. Money is integer pence in the API; the forms type pounds (forms.ts turns them into
// pence with the one rule of src/lib/domain/money.ts). Below, what the API answers.
import { z } from 'zod';
import { calendarDate, isoTime } from '../fields.ts';
import { CLAIM_KINDS, CLAIM_STATUSES } from '../db/schema/index.ts';
import { EXPENSE_BASES } from '../../domain/ledger.ts';

/** The most any single amount or rate may be: £100,000. */
export const MAX_PENCE = 10_000_000;
/** The largest receipt accepted (a photo over this is scaled down in the browser first). */
export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;

const pence = (label: string) =>
	z
		.number({ error: `${label} must be a whole number of pence.` })
		.int(`${label} must be a whole number of pence.`)
		.min(0, `${label} cannot be negative.`)
		.max(MAX_PENCE, `${label} may be at most £100,000.`);

const key = z
	.string()
	.trim()
	.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'A key is up to 40 lowercase letters, digits and hyphens.');
const text = (max: number, label: string) =>
	z.string().trim().max(max, `${label} may be at most ${max} characters.`);
const name = (label: string) => text(200, label).min(1, `Give the ${label.toLowerCase()}.`);

export const levelInput = z
	.strictObject({
		key,
		name: name('Name'),
		description: text(2000, 'The description').default(''),
		hourlyPence: pence('The hourly rate'),
		halfDayPence: pence('The half-day rate').nullable().default(null),
		dayPence: pence('The day rate').nullable().default(null)
	})
	.refine((l) => (l.halfDayPence === null) === (l.dayPence === null), {
		message: 'Give both a half-day and a day rate, or neither (paid by the hour).'
	});

export const categoryInput = z
	.strictObject({
		key,
		name: name('Name'),
		basis: z.enum(EXPENSE_BASES, { error: 'Choose at cost or per mile.' }),
		ratePence: pence('The rate per mile').nullable().default(null),
		capPence: pence('The cap').nullable().default(null)
	})
	.refine((c) => c.basis !== 'per_mile' || c.ratePence !== null, {
		message: 'Mileage needs a rate per mile.'
	});

const unique = <T extends { key: string }>(items: T[]) =>
	new Set(items.map((i) => i.key)).size === items.length;

export const policyInput = z
	.strictObject({
		effectiveFrom: calendarDate('The day it takes effect'),
		levels: z
			.array(levelInput)
			.min(1, 'Give at least one involvement level.')
			.max(20)
			.refine(unique, 'Each level needs its own key.'),
		preparationMinutes: z.number().int().min(0).max(1440).default(0),
		halfDayUpToMinutes: z.number().int().min(1).max(1440).default(240),
		backfillHourlyPence: pence('The backfill rate'),
		expenseCategories: z
			.array(categoryInput)
			.max(20)
			.refine(unique, 'Each expense category needs its own key.')
			.default([]),
		timescaleDays: z
			.number({ error: 'Give the payment timescale in days.' })
			.int()
			.min(1, 'The timescale is at least one day.')
			.max(365, 'The timescale is at most 365 days.'),
		advancePayment: z.boolean().default(false),
		retentionYears: z.number().int().min(1).max(20).default(6),
		decisionId: z.string().trim().min(1).max(100).nullish(),
		documentVersionId: z.string().trim().min(1).max(100).nullish(),
		note: text(2000, 'The note').default('')
	})
	.meta({ id: 'PaymentPolicyInput' });
export type PolicyInput = z.output<typeof policyInput>;

export const approverInput = z.strictObject({
	userId: z.string().trim().min(1, 'Choose a member.').max(100),
	approves: z.boolean()
});

export const expenseInput = z
	.strictObject({
		category: z.string().trim().min(1, 'Choose a category.').max(40),
		description: text(500, 'The description').default(''),
		amountPence: pence('The amount').nullish(),
		tenthsOfMile: z.number().int().min(0).max(100_000).nullish()
	})
	.meta({ id: 'ExpenseInput' });

export const takeInput = z
	.strictObject({
		take: z.enum(['all', 'less', 'none'], { error: 'Choose all, less or none.' }),
		amountPence: pence('The amount').nullish()
	})
	.refine((t) => t.take !== 'less' || (t.amountPence ?? null) !== null, {
		message: 'Say how much you will take.',
		path: ['amountPence']
	});

export const submitInput = z.strictObject({
	noticeRead: z.literal(true, { error: 'Read the notice about benefits and tax first, and tick the box.' })
});

export const answerInput = z.strictObject({
	answer: text(4000, 'The answer').min(1, 'Write your answer.')
});
export const queryInput = z.strictObject({
	question: text(4000, 'The question').min(1, 'Write your question.')
});
export const rejectInput = z.strictObject({
	reason: text(4000, 'The reason').min(1, 'Give the reason.')
});
export const paidInput = z.strictObject({
	paidOn: calendarDate('The payment date'),
	reference: text(100, 'The reference').min(1, 'Give the payment reference.')
});

// ── What the API answers ──

export const claimJson = z
	.strictObject({
		id: z.string(),
		workspaceId: z.string(),
		meeting: z.strictObject({ id: z.string(), title: z.string(), startsAt: isoTime }),
		kind: z.enum(CLAIM_KINDS),
		name: z.string(),
		organisationId: z.string().nullable(),
		organisationName: z.string().nullable(),
		status: z.enum(CLAIM_STATUSES),
		level: z.string().nullable(),
		minutes: z.number().int(),
		staff: z.number().int(),
		lines: z.array(z.strictObject({ what: z.string(), pence: z.number().int() })),
		duePence: z.number().int(),
		claimedPence: z.number().int(),
		declined: z.boolean(),
		expensesPence: z.number().int(),
		totalPence: z.number().int(),
		question: z.string().nullable(),
		rejectedReason: z.string().nullable(),
		firstSubmittedAt: isoTime.nullable(),
		approvedBy: z.string().nullable(),
		approvedAt: isoTime.nullable(),
		paidOn: z.string().nullable(),
		paymentReference: z.string().nullable(),
		batch: z.number().int().nullable(),
		waitingDays: z.number().int().nullable(),
		dueOn: z.string().nullable(),
		overdue: z.boolean()
	})
	.meta({ id: 'Claim' });
export type ClaimJson = z.output<typeof claimJson>;

const levelJson = z.strictObject({
	key: z.string(),
	name: z.string(),
	description: z.string(),
	hourlyPence: z.number().int(),
	halfDayPence: z.number().int().nullable(),
	dayPence: z.number().int().nullable()
});
const categoryJson = z.strictObject({
	key: z.string(),
	name: z.string(),
	basis: z.enum(EXPENSE_BASES),
	ratePence: z.number().int().nullable(),
	capPence: z.number().int().nullable()
});

export const policyJson = z
	.strictObject({
		id: z.string(),
		effectiveFrom: z.string().meta({ format: 'date' }),
		levels: z.array(levelJson),
		preparationMinutes: z.number().int(),
		halfDayUpToMinutes: z.number().int(),
		backfillHourlyPence: z.number().int(),
		expenseCategories: z.array(categoryJson),
		timescaleDays: z.number().int(),
		advancePayment: z.boolean(),
		retentionYears: z.number().int(),
		decisionId: z.string().nullable(),
		documentVersionId: z.string().nullable(),
		note: z.string(),
		createdBy: z.string().nullable(),
		createdAt: isoTime
	})
	.meta({ id: 'PaymentPolicy' });

const figure = z.union([z.number(), z.literal('fewer than 5')]);
export const figuresJson = z
	.strictObject({
		quarters: z.array(
			z.strictObject({
				quarter: z.string(),
				claims: figure,
				involvementPence: figure,
				costRecoveryPence: figure,
				expensesPence: figure,
				paidOnTimePercent: figure,
				medianDaysToPay: figure
			})
		)
	})
	.meta({ id: 'ClaimFigures' });

export const batchJson = z
	.strictObject({
		number: z.number().int(),
		claimCount: z.number().int(),
		totalPence: z.number().int(),
		createdAt: isoTime
	})
	.meta({ id: 'ClaimBatch' });
