/**
 * The parameters of a weighted-equity vote (shared/DESIGN.md, "The weighted-equity vote").
 * Every number is a decimal string with at most four places, so a stored rule never holds a float.
 */
import { MAX_DECIMAL_PLACES, ONE, ZERO, compare, parseDecimal, type Rational } from './rational.ts';
import { SECTOR_WORDS } from './labels.ts';

export const CHAMBERS = ['vcse', 'statutory'] as const;
export type Chamber = (typeof CHAMBERS)[number];

/** A chamber inside a sentence ("the statutory chamber"). */
export const CHAMBER_NAMES: Record<Chamber, string> = SECTOR_WORDS;

/** A rule's parameters, each number written as `N`. */
type RuleOf<N> = {
	/** Weight of a VCSE partner whose grassroots or by-and-for flag is confirmed (others weigh 1). */
	uplift: N;
	/** Each chamber's share of the overall figure. */
	shares: Record<Chamber, N>;
	/** Fraction of a chamber's eligible organisations that must cast a ballot (abstentions count). */
	quorum: N;
	/** The overall figure must be strictly greater than this. */
	threshold: N;
	/** Also require support above one half in every chamber that has eligible organisations. */
	dualMajority: boolean;
};

/** A rule as it is stored and shown: decimal strings. */
export type VoteRule = RuleOf<string>;

export const DEFAULT_RULE: VoteRule = Object.freeze({
	uplift: '1.5',
	shares: Object.freeze({ vcse: '0.5', statutory: '0.5' }),
	quorum: '0.5',
	threshold: '0.5',
	dualMajority: false
}) as VoteRule;

/** The largest uplift accepted: enough for any partnership, small enough to stay meaningful. */
export const MAX_UPLIFT = '100';

/** A rule as the tally computes with it: exact fractions. */
export type RuleNumbers = RuleOf<Rational>;

export type RuleProblem = { field: string; message: string };

export type RuleCheck =
	{ ok: true; rule: VoteRule; numbers: RuleNumbers } | { ok: false; problems: RuleProblem[] };

/** What a person or an integration may send: numbers are accepted and turned into decimal strings. */
export type RuleInput = {
	uplift?: string | number;
	shares?: Partial<Record<Chamber, string | number>>;
	quorum?: string | number;
	threshold?: string | number;
	dualMajority?: boolean;
};

function asText(value: string | number): string {
	return typeof value === 'number' ? String(value) : value.trim();
}

function readDecimal(
	field: string,
	label: string,
	value: string | number,
	problems: RuleProblem[]
): { text: string; value: Rational } | null {
	const text = asText(value);
	if (typeof value === 'number' && !Number.isFinite(value)) {
		problems.push({ field, message: `${label} must be a number.` });
		return null;
	}
	const loose = parseDecimal(text, Number.MAX_SAFE_INTEGER);
	if (!loose) {
		problems.push({ field, message: `${label} must be a plain decimal number such as 0.5 (got "${text}").` });
		return null;
	}
	const exact = parseDecimal(text);
	if (!exact) {
		problems.push({
			field,
			message: `${label} may have at most ${MAX_DECIMAL_PLACES} decimal places (got "${text}").`
		});
		return null;
	}
	return { text: normaliseDecimal(text), value: exact };
}

/** "01.50" → "1.5", "-0" → "0": one spelling per value, so stored rules compare as text. */
function normaliseDecimal(text: string): string {
	const negative = text.startsWith('-');
	const body = negative ? text.slice(1) : text;
	let [whole, fraction = ''] = body.split('.');
	whole = whole.replace(/^0+(?=\d)/, '');
	fraction = fraction.replace(/0+$/, '');
	const out = fraction ? `${whole}.${fraction}` : whole;
	return negative && out !== '0' ? `-${out}` : out;
}

/**
 * Checks a rule and fills in defaults for anything missing. Problems are written for the person who
 * typed the value, naming the field and what is allowed.
 */
export function validateRule(input: RuleInput = {}): RuleCheck {
	const problems: RuleProblem[] = [];
	const uplift = readDecimal('uplift', 'The equity uplift', input.uplift ?? DEFAULT_RULE.uplift, problems);
	if (uplift) {
		if (compare(uplift.value, ZERO) < 0)
			problems.push({ field: 'uplift', message: 'The equity uplift cannot be negative.' });
		else if (compare(uplift.value, ONE) < 0)
			problems.push({
				field: 'uplift',
				message: 'The equity uplift must be at least 1, so no organisation counts for less than one.'
			});
		else if (compare(uplift.value, parseDecimal(MAX_UPLIFT)!) > 0)
			problems.push({ field: 'uplift', message: `The equity uplift may be at most ${MAX_UPLIFT}.` });
	}
	const shares = {} as Record<Chamber, { text: string; value: Rational } | null>;
	for (const chamber of CHAMBERS) {
		const field = `shares.${chamber}`;
		const label = `The ${CHAMBER_NAMES[chamber]} chamber's share`;
		const share = readDecimal(
			field,
			label,
			input.shares?.[chamber] ?? DEFAULT_RULE.shares[chamber],
			problems
		);
		if (share && compare(share.value, ZERO) <= 0) {
			problems.push({ field, message: `${label} must be greater than 0.` });
			shares[chamber] = null;
		} else shares[chamber] = share;
	}
	const between = (field: string, label: string, value: string | number) => {
		const d = readDecimal(field, label, value, problems);
		if (d && (compare(d.value, ZERO) < 0 || compare(d.value, ONE) > 0)) {
			problems.push({ field, message: `${label} must be between 0 and 1 (for example 0.5 for a half).` });
			return null;
		}
		return d;
	};
	const quorum = between('quorum', 'The quorum', input.quorum ?? DEFAULT_RULE.quorum);
	const threshold = between('threshold', 'The threshold', input.threshold ?? DEFAULT_RULE.threshold);
	const dualMajority = input.dualMajority ?? DEFAULT_RULE.dualMajority;
	if (typeof dualMajority !== 'boolean')
		problems.push({ field: 'dualMajority', message: 'Dual majority must be true or false.' });

	if (problems.length || !uplift || !shares.vcse || !shares.statutory || !quorum || !threshold)
		return { ok: false, problems };
	return {
		ok: true,
		rule: {
			uplift: uplift.text,
			shares: { vcse: shares.vcse.text, statutory: shares.statutory.text },
			quorum: quorum.text,
			threshold: threshold.text,
			dualMajority
		},
		numbers: {
			uplift: uplift.value,
			shares: { vcse: shares.vcse.value, statutory: shares.statutory.value },
			quorum: quorum.value,
			threshold: threshold.value,
			dualMajority
		}
	};
}

/** The exact numbers of a rule that is already known to be valid (a stored or frozen rule). Throws otherwise. */
export function ruleNumbers(rule: VoteRule): RuleNumbers {
	const check = validateRule(rule);
	if (!check.ok) throw new TypeError(`Invalid vote rule: ${check.problems.map((p) => p.message).join(' ')}`);
	return check.numbers;
}

/** One sentence per problem, for an error message. */
export function describeProblems(problems: RuleProblem[]): string {
	return problems.map((p) => p.message).join(' ');
}
