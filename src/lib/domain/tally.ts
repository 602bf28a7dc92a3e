/**
 * The weighted-equity tally (shared/DESIGN.md, "The weighted-equity vote"): a pure function of the
 * frozen electorate, the ballots and the rule, in exact rational arithmetic. docs/voting.md explains
 * every figure and how to recompute it by hand.
 */
import {
	HALF,
	ONE,
	add,
	atLeast,
	compare,
	div,
	greaterThan,
	mul,
	rational,
	sum,
	toDisplay,
	toFigure,
	toFractionString,
	toPercent,
	toShortDecimal,
	type Figure,
	type Rational
} from './rational.ts';
import {
	CHAMBERS,
	CHAMBER_NAMES,
	ruleNumbers,
	type Chamber,
	type RuleNumbers,
	type VoteRule
} from './vote-rule.ts';

export const CHOICES = ['for', 'against', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

/** A partner organisation as it stood when the vote opened. */
export type ElectorateEntry = {
	organisationId: string;
	name: string;
	sector: Chamber;
	grassroots: boolean;
	byAndFor: boolean;
};

/** An electorate entry with its weight written out (as the fraction "n/d"), stored when a vote opens. */
export type FrozenElectorateEntry = ElectorateEntry & { weight: string };

export type TallyBallot = { organisationId: string; choice: Choice };

export type ChamberResult = {
	chamber: Chamber;
	share: Figure;
	/** Organisations in this chamber's electorate. */
	eligible: number;
	/** Ballots cast (for, against and abstain). */
	cast: number;
	headcount: Record<Choice, number>;
	weights: Record<Choice, Figure>;
	/** Weighted for / (for + against); null when nobody in the chamber voted for or against. */
	support: Figure | null;
	/** Ballots cast / eligible organisations; null when the chamber has no eligible organisation. */
	turnout: Figure | null;
	/** Null when the chamber has no eligible organisation (it is left out of the quorum). */
	quorumMet: boolean | null;
	/** Whether the chamber's support counts in the overall figure. */
	inOverall: boolean;
};

export type OrganisationResult = {
	organisationId: string;
	name: string;
	chamber: Chamber;
	weight: Figure;
	uplifted: boolean;
	choice: Choice | null;
};

export type TallyResult = {
	chambers: ChamberResult[];
	/** Σ share·support / Σ share over chambers with a support figure; null when there is none. */
	overall: Figure | null;
	threshold: Figure;
	quorum: Figure;
	dualMajority: boolean;
	passes: boolean;
	/** Every step of the decision in plain words, in order; the last sentence gives the outcome. */
	reasons: string[];
	headcount: Record<Choice, number> & { cast: number; eligible: number; notVoted: number };
	organisations: OrganisationResult[];
};

export class TallyInputError extends Error {}

/** The weight an organisation carries under a rule: the uplift for a confirmed VCSE partner, 1 otherwise. */
export function weightOf(entry: ElectorateEntry, numbers: RuleNumbers): Rational {
	return isUplifted(entry) ? numbers.uplift : ONE;
}

export function isUplifted(entry: ElectorateEntry): boolean {
	return entry.sector === 'vcse' && (entry.grassroots || entry.byAndFor);
}

/** Writes each organisation's weight into the electorate, as stored when the vote opens. */
export function freezeElectorate(entries: ElectorateEntry[], rule: VoteRule): FrozenElectorateEntry[] {
	const numbers = ruleNumbers(rule);
	return entries.map((e) => ({
		organisationId: e.organisationId,
		name: e.name,
		sector: e.sector,
		grassroots: e.sector === 'vcse' && e.grassroots,
		byAndFor: e.sector === 'vcse' && e.byAndFor,
		weight: toFractionString(weightOf(e, numbers))
	}));
}

function chamberName(c: Chamber, start = true): string {
	return `${start ? 'The' : 'the'} ${CHAMBER_NAMES[c]} chamber`;
}

function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

function exact(a: Rational): string {
	const fraction = toFractionString(a);
	const display = toDisplay(a);
	return a.den === 1n ? `${a.num}` : `${fraction} (${display})`;
}

/**
 * Tallies a vote. Throws TallyInputError when the input cannot come from a real vote (a ballot for an
 * organisation outside the electorate, two ballots for one organisation, an unknown choice).
 */
export function tally(electorate: ElectorateEntry[], ballots: TallyBallot[], rule: VoteRule): TallyResult {
	const numbers = ruleNumbers(rule);
	// One pass over each list; `chosen[i]` is the choice of electorate[i].
	const slot = new Map<string, number>();
	for (let i = 0; i < electorate.length; i++) {
		const entry = electorate[i];
		if (slot.has(entry.organisationId))
			throw new TallyInputError(`Organisation ${entry.organisationId} appears twice in the electorate`);
		if (entry.sector !== 'vcse' && entry.sector !== 'statutory')
			throw new TallyInputError(`Organisation ${entry.organisationId} has an unknown sector`);
		slot.set(entry.organisationId, i);
	}
	const chosen: (Choice | null)[] = new Array(electorate.length).fill(null);
	for (const b of ballots) {
		const i = slot.get(b.organisationId);
		if (i === undefined)
			throw new TallyInputError(
				`A ballot names organisation ${b.organisationId}, which is not in the electorate`
			);
		if (chosen[i] !== null)
			throw new TallyInputError(`Organisation ${b.organisationId} has more than one ballot`);
		if (b.choice !== 'for' && b.choice !== 'against' && b.choice !== 'abstain')
			throw new TallyInputError(`Unknown choice "${String(b.choice)}"`);
		chosen[i] = b.choice;
	}

	// Count by (chamber, choice, uplifted) with plain integers, then weigh once: weights take two values.
	type Counts = Record<Choice | 'none', [plain: number, uplifted: number]>;
	const counts = {} as Record<Chamber, Counts>;
	for (const c of CHAMBERS) counts[c] = { for: [0, 0], against: [0, 0], abstain: [0, 0], none: [0, 0] };
	for (let i = 0; i < electorate.length; i++) {
		const entry = electorate[i];
		counts[entry.sector][chosen[i] ?? 'none'][isUplifted(entry) ? 1 : 0]++;
	}
	const weigh = ([plain, up]: [number, number]) => add(rational(plain), mul(rational(up), numbers.uplift));

	const reasons: string[] = [];
	const chambers: ChamberResult[] = [];
	const supports: { chamber: Chamber; share: Rational; support: Rational }[] = [];
	let quorumOk = true;
	let dualOk = true;
	const dualFailures: string[] = [];

	for (const c of CHAMBERS) {
		const k = counts[c];
		const headcount = {
			for: k.for[0] + k.for[1],
			against: k.against[0] + k.against[1],
			abstain: k.abstain[0] + k.abstain[1]
		};
		const cast = headcount.for + headcount.against + headcount.abstain;
		const eligible = cast + k.none[0] + k.none[1];
		const w = { for: weigh(k.for), against: weigh(k.against), abstain: weigh(k.abstain) };
		const share = numbers.shares[c];
		const result: ChamberResult = {
			chamber: c,
			share: toFigure(share),
			eligible,
			cast,
			headcount,
			weights: { for: toFigure(w.for), against: toFigure(w.against), abstain: toFigure(w.abstain) },
			support: null,
			turnout: null,
			quorumMet: null,
			inOverall: false
		};
		chambers.push(result);
		if (eligible === 0) {
			reasons.push(
				`${chamberName(c)} has no eligible organisation, so it is left out of the quorum, the overall figure and the dual-majority test.`
			);
			continue;
		}
		const turnout = rational(cast, eligible);
		result.turnout = toFigure(turnout);
		result.quorumMet = atLeast(turnout, numbers.quorum);
		if (!result.quorumMet) quorumOk = false;
		reasons.push(
			`${chamberName(c)}: ${cast} of ${plural(eligible, 'eligible organisation', 'eligible organisations')} cast a ballot (turnout ${toPercent(turnout)}); ` +
				`the quorum of ${toPercent(numbers.quorum)} ${result.quorumMet ? 'is met' : 'is not met'}.`
		);
		const decisive = add(w.for, w.against);
		if (decisive.num === 0n) {
			reasons.push(
				`${chamberName(c)} has no ballot for or against${headcount.abstain ? ' (only abstentions)' : ''}, so it has no support figure and is left out of the overall figure.`
			);
			if (numbers.dualMajority) {
				dualOk = false;
				dualFailures.push(`${chamberName(c, false)} has no support figure`);
			}
			continue;
		}
		const support = div(w.for, decisive);
		result.support = toFigure(support);
		result.inOverall = true;
		supports.push({ chamber: c, share, support });
		reasons.push(
			`${chamberName(c)}: weighted support is ${exact(support)} — weight ${toShortDecimal(w.for)} for and ${toShortDecimal(w.against)} against, so ${toShortDecimal(w.for)} ÷ ${toShortDecimal(decisive)}` +
				`${headcount.abstain ? ` (${plural(headcount.abstain, 'abstention', 'abstentions')} not counted)` : ''}.`
		);
		if (numbers.dualMajority && !greaterThan(support, HALF)) {
			dualOk = false;
			dualFailures.push(`${chamberName(c, false)}'s support ${exact(support)} is not above one half`);
		}
	}

	let overall: Rational | null = null;
	if (supports.length) {
		const shareTotal = sum(supports.map((s) => s.share));
		overall = div(sum(supports.map((s) => mul(s.share, s.support))), shareTotal);
		const formula = supports
			.map((s) => `${toShortDecimal(s.share)} × ${toFractionString(s.support)}`)
			.join(' + ');
		const cmp = compare(overall, numbers.threshold);
		reasons.push(
			`Overall weighted support is ${exact(overall)}: (${formula}) ÷ ${toShortDecimal(shareTotal)}. ` +
				`It must be greater than the threshold ${toShortDecimal(numbers.threshold)}: ` +
				(cmp > 0 ? 'it is.' : cmp === 0 ? 'it is exactly equal, which is not enough.' : 'it is below.')
		);
	} else {
		reasons.push('No chamber has a support figure, so there is no overall figure and the vote cannot pass.');
	}
	if (numbers.dualMajority) {
		reasons.push(
			dualOk
				? 'A dual majority is required: every chamber with eligible organisations has support above one half.'
				: `A dual majority is required and is not met: ${dualFailures.join('; ')}.`
		);
	}
	const overallOk = overall !== null && greaterThan(overall, numbers.threshold);
	const passes = quorumOk && overallOk && (!numbers.dualMajority || dualOk);
	const why: string[] = [];
	if (!quorumOk) why.push('a chamber did not reach its quorum');
	if (overall === null) why.push('there is no overall figure');
	else if (!overallOk) why.push('the overall figure is not above the threshold');
	if (numbers.dualMajority && !dualOk) why.push('the dual majority is not met');
	reasons.push(
		passes ? 'Outcome: the vote passes.' : `Outcome: the vote fails, because ${why.join(', and ')}.`
	);

	const headcount = { for: 0, against: 0, abstain: 0, cast: 0, eligible: electorate.length, notVoted: 0 };
	for (const ch of chambers) {
		headcount.for += ch.headcount.for;
		headcount.against += ch.headcount.against;
		headcount.abstain += ch.headcount.abstain;
		headcount.cast += ch.cast;
	}
	headcount.notVoted = headcount.eligible - headcount.cast;

	const upliftFigure = toFigure(numbers.uplift);
	const oneFigure = toFigure(ONE);
	const organisations = electorate.map((e, i) => {
		const uplifted = isUplifted(e);
		return {
			organisationId: e.organisationId,
			name: e.name,
			chamber: e.sector,
			weight: uplifted ? upliftFigure : oneFigure,
			uplifted,
			choice: chosen[i]
		};
	});

	return {
		chambers,
		overall: overall ? toFigure(overall) : null,
		threshold: toFigure(numbers.threshold),
		quorum: toFigure(numbers.quorum),
		dualMajority: numbers.dualMajority,
		passes,
		reasons,
		headcount,
		organisations
	};
}
