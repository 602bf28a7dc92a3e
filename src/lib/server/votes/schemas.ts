// What a vote command accepts: the draft of a vote, an edit, a ballot and the reason for closing early. The API
// and the vote form send the same fields; the form sends its times as typed in the workspace's zone, and
// `localTimes` turns those into instants before the fields are checked.
import { z } from 'zod';
import { BALLOT_CHOICES, SECTORS, VOTE_STATUSES } from '../db/schema/index.ts';
import { instant, isoTime, readLocalTimes } from '../fields.ts';

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
	.strict()
	.meta({
		description:
			'Defaults: uplift 1.5 (1–100), shares 0.5 each (> 0), quorum 0.5 and threshold 0.5 (0–1), dualMajority false'
	});

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
	electorate: z
		.array(z.string().min(1))
		.max(10_000)
		.nullable()
		.meta({ description: 'Organisation ids; null (the default) means every eligible partner at the opening' })
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
			.default('')
			.meta({ description: 'Optional public statement of reasons' }),
		assisted: z
			.boolean()
			.default(false)
			.meta({ description: 'A facilitator recording the choice an organisation gave by phone or in person' })
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

/** Which organisations to remind of an open vote (API body). */
export const reminderInput = z
	.object({
		organisationIds: z
			.array(
				z.string().trim().min(1, 'An organisation id is empty.').max(100, 'That is not an organisation id.')
			)
			.min(
				1,
				'Name at least one organisation, or leave organisationIds out to remind every one that has not voted.'
			)
			.max(1000, 'At most 1000 organisations at once.')
			.optional()
			.meta({
				description:
					'Organisations of the electorate to remind; left out, every organisation that has not voted'
			})
	})
	.strict();
export type ReminderInput = z.infer<typeof reminderInput>;
const TIME_LABELS = { opensAt: 'opening time', closesAt: 'closing time' };

/** The form's times, typed in the workspace's zone, as instants (`readLocalTimes`). */
export const localTimes = <T extends Record<string, unknown>>(input: T, timeZone: string): T =>
	readLocalTimes(input, timeZone, TIME_LABELS);

// ── What the API answers (the serializers are typed by these, and the OpenAPI document shows them) ──

const id = z.string();
const sector = z.enum(SECTORS);
const choice = z.enum(BALLOT_CHOICES);
const count = z.number().int().min(0);
const perChoice = <S extends z.ZodType>(s: S) => z.strictObject({ for: s, against: s, abstain: s });

export const figureJson = z
	.strictObject({
		fraction: z
			.string()
			.meta({ example: '2/3', description: 'Exact reduced fraction; decisions compare these' }),
		display: z.string().meta({ example: '0.667', description: 'Rounded to 3 places, for reading' })
	})
	.meta({ id: 'Figure' });

const storedDecimal = z
	.string()
	.regex(/^\d+(\.\d{1,4})?$/)
	.meta({
		description: 'A decimal with at most 4 places (numbers are accepted on input and stored as strings)'
	});

export const voteRuleJson = z
	.strictObject({
		uplift: storedDecimal,
		shares: z.strictObject({ vcse: storedDecimal, statutory: storedDecimal }),
		quorum: storedDecimal,
		threshold: storedDecimal,
		dualMajority: z.boolean()
	})
	.meta({ id: 'VoteRule' });

export const electorateEntryJson = z
	.strictObject({
		organisationId: id,
		name: z.string(),
		sector,
		grassroots: z.boolean(),
		byAndFor: z.boolean(),
		weight: z.string().meta({ example: '3/2', description: 'The weight as a fraction' })
	})
	.meta({ id: 'ElectorateEntry' });

export const tallyResultJson = z
	.strictObject({
		chambers: z.array(
			z
				.strictObject({
					chamber: sector,
					share: figureJson,
					eligible: count,
					cast: count,
					headcount: perChoice(count),
					weights: perChoice(figureJson),
					support: figureJson.nullable(),
					turnout: figureJson.nullable(),
					quorumMet: z.boolean().nullable(),
					inOverall: z.boolean()
				})
				.meta({ id: 'ChamberResult' })
		),
		overall: figureJson.nullable(),
		threshold: figureJson,
		quorum: figureJson,
		dualMajority: z.boolean(),
		passes: z.boolean(),
		reasons: z.array(z.string()).meta({ description: 'Every step of the decision in plain words, in order' }),
		headcount: perChoice(count).extend({ cast: count, eligible: count, notVoted: count }),
		organisations: z.array(
			z.strictObject({
				organisationId: id,
				name: z.string(),
				chamber: sector,
				weight: figureJson,
				uplifted: z.boolean(),
				choice: choice.nullable()
			})
		)
	})
	.meta({ id: 'TallyResult' });

export const voteJson = z
	.strictObject({
		id,
		workspaceId: id,
		question: z.string(),
		explanation: z.string(),
		documentId: id.nullable(),
		documentVersionId: id.nullable().meta({
			description:
				'The version put to the vote: the one named, or, from the opening, the document’s text pinned as a version'
		}),
		status: z.enum(VOTE_STATUSES),
		opensAt: isoTime.nullable(),
		closesAt: isoTime.nullable(),
		openedAt: isoTime.nullable(),
		closedAt: isoTime.nullable(),
		closedReason: z.string().nullable().meta({ description: '"scheduled" or the facilitator’s reason' }),
		rule: voteRuleJson,
		showRunningTotals: z.boolean(),
		electorateChoice: z.array(id).nullable(),
		electorate: z.array(electorateEntryJson).nullable().meta({ description: 'Frozen at the opening' }),
		result: tallyResultJson.nullable()
	})
	.meta({ id: 'Vote' });
export type VoteJson = z.output<typeof voteJson>;

const ballotFields = {
	organisationId: id,
	choice,
	statement: z.string(),
	assisted: z.boolean(),
	castAt: isoTime
};

export const ballotJson = z
	.strictObject({ ...ballotFields, castBy: z.string().nullable().meta({ description: 'Who cast it' }) })
	.meta({ id: 'Ballot' });
export type BallotJson = z.output<typeof ballotJson>;

export const castJson = z
	.strictObject({
		...ballotFields,
		replaced: z
			.boolean()
			.meta({ description: 'Whether it took the place of the organisation’s earlier ballot' })
	})
	.meta({ id: 'BallotCast' });
export type CastJson = z.output<typeof castJson>;

const turnoutJson = z.strictObject({
	chamber: sector,
	cast: count,
	eligible: count,
	turnout: figureJson.nullable()
});

const tallyFields = {
	vote: voteJson,
	rule: voteRuleJson,
	result: tallyResultJson.nullable(),
	turnout: z.array(turnoutJson)
};
export const tallyJson = z.discriminatedUnion('final', [
	z.strictObject({
		...tallyFields,
		status: z.literal('closed'),
		final: z.literal(true),
		electorate: z.array(electorateEntryJson),
		ballots: z.array(
			z
				.strictObject({ ...ballotFields, organisationName: z.string() })
				.meta({ id: 'TalliedBallot', description: 'A ballot as the closed vote counted it' })
		)
	}),
	z.strictObject({
		...tallyFields,
		status: z.enum(['draft', 'open']),
		final: z.literal(false),
		electorate: z.array(electorateEntryJson).nullable()
	})
]);
export type TallyJson = z.output<typeof tallyJson>;

/** Why an organisation was not reminded: it has voted, was reminded less than a day ago, or has nobody to email. */
export const SKIP_REASONS = ['voted', 'reminded_recently', 'no_delegate'] as const;
const reminderTime = isoTime.nullable().meta({ description: 'Null when a reminder may be sent now' });

export const waitingJson = z
	.strictObject({
		organisationId: id,
		name: z.string(),
		sector,
		delegates: count.meta({
			description: 'Its voting delegates who can be emailed (not observers, not those who chose no email)'
		}),
		lastReminder: z
			.strictObject({
				at: isoTime,
				by: z.string().nullable().meta({ description: 'The facilitator who sent it' }),
				times: count.meta({ description: 'Reminders about this vote so far' }),
				recipients: count
			})
			.nullable(),
		nextReminderAt: reminderTime
	})
	.meta({ id: 'WaitingOrganisation' });
export type WaitingJson = z.output<typeof waitingJson>;

export const reminderOutcomeJson = z
	.strictObject({
		reminded: z.array(
			z.strictObject({
				organisationId: id,
				name: z.string(),
				recipients: count.meta({ description: 'Voting delegates emailed' })
			})
		),
		skipped: z.array(
			z.strictObject({
				organisationId: id,
				name: z.string(),
				reason: z.enum(SKIP_REASONS),
				nextReminderAt: reminderTime
			})
		)
	})
	.meta({ id: 'ReminderOutcome' });
export type ReminderOutcomeJson = z.output<typeof reminderOutcomeJson>;
