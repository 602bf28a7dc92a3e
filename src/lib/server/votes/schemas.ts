// What a vote command accepts: the draft of a vote, an edit, a ballot and the reason for closing early. The API
// and the vote form send the same fields; the form sends its times as typed in the workspace's zone, and
// `localTimes` turns those into instants before the fields are checked.
import { z } from 'zod';
import { BALLOT_CHOICES } from '../db/schema/index.ts';
import { instant } from '../fields.ts';
import { Invalid } from '../errors.ts';
import { inTimeRange, TIME_RANGE } from '../../domain/input.ts';
import { zonedToUtc } from '../../domain/time.ts';

export const MAX_QUESTION = 500;
export const MAX_EXPLANATION = 10_000;
export const MAX_STATEMENT = 2_000;

const decimal = z.union([z.string(), z.number()], { error: 'Give a decimal number such as "0.5".' });
export const ruleInputSchema = z
	.object({
		uplift: decimal.optional(),
		shares: z.object({ vcse: decimal.optional(), statutory: decimal.optional() }).strict().optional(),
		quorum: decimal.optional(),
		threshold: decimal.optional(),
		dualMajority: z.boolean({ error: 'dualMajority must be true or false.' }).optional()
	})
	.strict();

const fields = {
	question: z
		.string({ error: 'Enter the question.' })
		.trim()
		.min(3, 'Write the question in at least 3 characters.')
		.max(MAX_QUESTION, `Keep the question under ${MAX_QUESTION} characters.`),
	explanation: z
		.string()
		.trim()
		.max(MAX_EXPLANATION, `Keep the explanation under ${MAX_EXPLANATION} characters.`),
	documentId: z.string().min(1).nullable(),
	documentVersionId: z.string().min(1).nullable(),
	opensAt: instant,
	closesAt: instant,
	rule: ruleInputSchema,
	showRunningTotals: z.boolean(),
	/** Organisation ids; null (the default) means every partner at the opening. */
	electorate: z.array(z.string().min(1)).max(10_000).nullable()
};

export const voteInput = z
	.object({
		...fields,
		explanation: fields.explanation.default(''),
		documentId: fields.documentId.default(null),
		documentVersionId: fields.documentVersionId.default(null),
		rule: fields.rule.default({}),
		showRunningTotals: fields.showRunningTotals.default(false),
		electorate: fields.electorate.default(null)
	})
	.strict();
export type VoteInput = z.input<typeof voteInput>;
export type VoteDraft = z.infer<typeof voteInput>;

export const votePatch = z
	.object({
		question: fields.question.optional(),
		explanation: fields.explanation.optional(),
		documentId: fields.documentId.optional(),
		documentVersionId: fields.documentVersionId.optional(),
		opensAt: fields.opensAt.optional(),
		closesAt: fields.closesAt.optional(),
		rule: fields.rule.optional(),
		showRunningTotals: fields.showRunningTotals.optional(),
		electorate: fields.electorate.optional()
	})
	.strict();
export type VotePatch = z.infer<typeof votePatch>;

export const ballotInput = z
	.object({
		organisationId: z
			.string({ error: 'Name the organisation the ballot is for.' })
			.min(1, 'Name the organisation the ballot is for.'),
		choice: z.enum(BALLOT_CHOICES, { error: 'Choose for, against or abstain.' }),
		statement: z
			.string()
			.trim()
			.max(MAX_STATEMENT, `Keep the statement under ${MAX_STATEMENT} characters.`)
			.default(''),
		/** A facilitator recording the choice an organisation gave by phone or in person. */
		assisted: z.boolean().default(false)
	})
	.strict();
export type BallotInput = z.infer<typeof ballotInput>;

export const closeInput = z
	.object({
		reason: z
			.string({ error: 'Give the reason for closing early.' })
			.trim()
			.min(3, 'Give the reason for closing early (at least 3 characters).')
			.max(1000, 'Keep the reason under 1,000 characters.')
	})
	.strict();

const TIME_LABELS = { opensAt: 'opening time', closesAt: 'closing time' } as const;

/**
 * The form's times (`YYYY-MM-DDTHH:mm`, typed in the workspace's zone) as instants. Refuses (Invalid) a
 * missing or impossible time with a message about that field.
 */
export function localTimes<T extends Record<string, unknown>>(input: T, timeZone: string): T {
	const out: Record<string, unknown> = { ...input };
	for (const [name, label] of Object.entries(TIME_LABELS)) {
		if (!(name in input)) continue;
		const raw = typeof input[name] === 'string' ? (input[name] as string).trim() : '';
		const fail = (message: string) => {
			throw new Invalid(message, { [name]: message });
		};
		if (!raw) fail(`Enter the ${label}.`);
		const at = zonedToUtc(raw, timeZone);
		if (at === null) fail(`The ${label} is not a valid date and time.`);
		if (!inTimeRange(at)) fail(`The ${label} must be ${TIME_RANGE}.`);
		out[name] = at;
	}
	return out as T;
}
