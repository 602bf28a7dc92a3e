/**
 * A vote's rule and result in plain English, for people (docs/voting.md, "The result in plain words").
 * Pure functions of the tally result or the rule. Every comparison uses the exact fractions; numbers are
 * written as a person would say them: "one half", "two thirds", "three quarters", otherwise a percentage
 * rounded like every other percentage on the pages (toPercent).
 */
import {
	ONE,
	add,
	compare,
	div,
	parseFraction,
	rational,
	sum,
	toPercent,
	toShortDecimal,
	type Figure,
	type Rational
} from './rational.ts';
import type { ChamberResult, TallyResult } from './tally.ts';
import { CHAMBERS, CHAMBER_NAMES, ruleNumbers, type Chamber, type VoteRule } from './vote-rule.ts';

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const PARTS: Record<string, [one: string, many: string]> = {
	'2': ['half', 'halves'],
	'3': ['third', 'thirds'],
	'4': ['quarter', 'quarters']
};

function value(f: Figure): Rational {
	const r = parseFraction(f.fraction);
	if (!r) throw new TypeError(`Not a fraction: ${f.fraction}`);
	return r;
}

/** A turnout or any other share as people read it on every page: "67%" (see toPercent). */
export function figurePercent(f: Figure): string {
	return toPercent(value(f));
}

/** "one half", "two thirds", "three quarters"; anything else as a percentage ("55%", "100%"). */
export function amount(a: Rational): string {
	const part = PARTS[a.den.toString()];
	if (part && a.num > 0n && a.num < a.den)
		return `${SMALL[Number(a.num)]} ${a.num === 1n ? part[0] : part[1]}`;
	return toPercent(a);
}

/** How much an uplifted organisation counts: "one and a half", "2", "1.25". */
function times(a: Rational): string {
	if (a.num === 3n && a.den === 2n) return 'one and a half';
	return toShortDecimal(a);
}

function count(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function chamberName(c: Chamber): string {
	return `the ${CHAMBER_NAMES[c]} chamber`;
}

/** "a", "a and b", "a, b and c". */
function list(items: string[]): string {
	return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** How the chambers' shares combine, for the chambers that count: null when only one counts. */
function sharesInWords(chambers: { chamber: Chamber; share: Rational }[]): string | null {
	if (chambers.length < 2) return null;
	const total = sum(chambers.map((c) => c.share));
	const [first, ...rest] = chambers;
	if (rest.every((c) => compare(c.share, first.share) === 0))
		return 'the two chambers count equally in overall support';
	return (
		`${chamberName(first.chamber)} counts for ${amount(div(first.share, total))} of overall support and ` +
		list(rest.map((c) => `${chamberName(c.chamber)} for ${amount(div(c.share, total))}`))
	);
}

/**
 * The rule of a vote in a few sentences, from its actual parameters: "Each partner organisation has one
 * ballot. … The vote passes when more than one half …".
 */
export function describeRule(rule: VoteRule): string {
	const n = ruleNumbers(rule);
	const sentences = ['Each partner organisation has one ballot: for, against or abstain.'];
	if (compare(n.uplift, ONE) > 0)
		sentences.push(
			`VCSE organisations confirmed as grassroots or by-and-for count ${times(n.uplift)}; every other organisation counts once.`
		);
	else sentences.push('Every organisation counts once (there is no equity uplift).');
	sentences.push(
		'Each chamber’s support is the weight of its ballots for, divided by the weight of its ballots for and against; abstentions count only towards the quorum.'
	);
	const shares = sharesInWords(CHAMBERS.map((c) => ({ chamber: c, share: n.shares[c] })));
	if (shares) sentences.push(`${capitalise(shares)}.`);
	const conditions = [`overall support is more than ${amount(n.threshold)}`];
	if (n.dualMajority) conditions.push('each chamber’s support is more than one half');
	if (n.quorum.num > 0n) conditions.push(`at least ${amount(n.quorum)} of each chamber’s organisations vote`);
	sentences.push(`The vote passes when ${list(conditions)}.`);
	sentences.push('A chamber with no eligible organisations is left out.');
	return sentences.join(' ');
}

type Side = { for: number; against: number };

/** How one chamber voted and what its support was, in one or more sentences. */
function chamberSentences(c: ChamberResult, result: TallyResult, uplift: Rational | null): string[] {
	const name = chamberName(c.chamber);
	const h = c.headcount;
	if (c.cast === 0)
		return [
			`In ${name} none of its ${count(c.eligible, 'organisation')} voted, so it had no support figure.`
		];
	const turnout =
		c.cast === c.eligible
			? `${c.eligible === 1 ? 'its only organisation' : `all ${c.eligible} organisations`} voted`
			: `${c.cast} of ${count(c.eligible, 'organisation')} voted (${figurePercent(c.turnout!)})`;
	const ballots = list(
		[`${h.for} for`, `${h.against} against`, h.abstain ? count(h.abstain, 'abstention') : ''].filter(Boolean)
	);
	if (c.support === null)
		return [
			`In ${name} ${turnout}, all abstaining, so it had no support figure and did not count in the overall figure.`
		];
	const out = [
		`In ${name} ${turnout}: ${ballots}${h.abstain ? ' (abstentions count only towards the quorum)' : ''}.`
	];
	const support = amount(value(c.support));
	const up: Side = { for: 0, against: 0 };
	for (const o of result.organisations)
		if (o.chamber === c.chamber && o.uplifted && (o.choice === 'for' || o.choice === 'against'))
			up[o.choice]++;
	const upliftCounts = uplift !== null && compare(uplift, ONE) > 0 && c.chamber === 'vcse';
	if (upliftCounts && up.for + up.against > 0) {
		const k = up.for + up.against;
		const how =
			k === 1
				? `it voted ${up.for ? 'for' : 'against'}`
				: up.against === 0
					? `${k === 2 ? 'both' : 'all'} voted for`
					: up.for === 0
						? `${k === 2 ? 'both' : 'all'} voted against`
						: `${up.for} voted for and ${up.against} against`;
		out.push(
			k === 1
				? `Of those for or against, 1 is a grassroots or by-and-for organisation, which counts ${times(uplift)}: ${how}.`
				: `Of those for or against, ${k} are grassroots or by-and-for organisations, which count ${times(uplift)} each: ${how}.`
		);
		const wFor = toShortDecimal(value(c.weights.for));
		const wAgainst = toShortDecimal(value(c.weights.against));
		const wBoth = toShortDecimal(add(value(c.weights.for), value(c.weights.against)));
		const outOf = h.for && h.against ? `${wFor} out of ${wBoth}, ` : '';
		out.push(
			`So the ballots for weighed ${wFor} and those against ${wAgainst}: the chamber’s support was ${outOf}${support}.`
		);
	} else if (upliftCounts) {
		out.push(
			`None of those for or against is a grassroots or by-and-for organisation, so each counts once and the chamber’s support was ${support}.`
		);
	} else out.push(`So its support was ${support}.`);
	return out;
}

/**
 * One paragraph in plain English saying why a closed vote passed or failed: the decisive facts first,
 * then how each chamber voted and its support, how the chambers combine, and the plain headcount.
 */
export function explainResult(result: TallyResult): string {
	const threshold = value(result.threshold);
	const quorum = value(result.quorum);
	const overall = result.overall ? value(result.overall) : null;
	const upliftedOrg = result.organisations.find((o) => o.uplifted);
	const uplift = upliftedOrg ? value(upliftedOrg.weight) : null;
	const eligible = result.chambers.filter((c) => c.eligible > 0);
	const each = eligible.length === 1 ? chamberName(eligible[0].chamber) : 'each chamber';
	const quorumText = quorum.num > 0n ? `at least ${amount(quorum)} of its organisations` : null;

	const why: string[] = [];
	let overallStated = false;
	for (const c of eligible)
		if (c.quorumMet === false)
			why.push(
				`${chamberName(c.chamber)} did not reach its quorum: ${c.cast} of its ${count(c.eligible, 'organisation')} voted (${figurePercent(c.turnout!)}), and ${quorumText} had to`
			);
	if (overall === null) {
		why.push('no organisation voted for or against, so there was no support figure to count');
		overallStated = true;
	} else {
		const cmp = compare(overall, threshold);
		if (cmp === 0)
			why.push(
				`overall support was exactly ${amount(overall)}, and it had to be more than ${amount(threshold)} to pass`
			);
		else if (cmp < 0)
			why.push(`overall support was ${amount(overall)}, not more than the threshold of ${amount(threshold)}`);
		overallStated = cmp <= 0;
	}
	if (result.dualMajority)
		for (const c of eligible) {
			if (c.support === null)
				why.push(
					`a majority in each chamber was required, and ${chamberName(c.chamber)} had no ballot for or against`
				);
			else if (compare(value(c.support), rational(1n, 2n)) <= 0)
				why.push(
					`a majority in each chamber was required, and ${chamberName(c.chamber)} did not have one: its support was ${compare(value(c.support), rational(1n, 2n)) === 0 ? 'exactly ' : ''}${amount(value(c.support))}`
				);
		}

	const sentences: string[] = [];
	if (result.passes) {
		const facts = [
			`overall support was ${amount(overall!)}, more than the threshold of ${amount(threshold)}`
		];
		if (result.dualMajority) facts.push(`${each} had a majority for`);
		if (quorumText) facts.push(`${each} reached its quorum (${quorumText} voted)`);
		overallStated = true;
		sentences.push(`The vote passed: ${facts.join(', ').replace(/, ([^,]*)$/, ', and $1')}.`);
	} else sentences.push(`The vote failed because ${why.join('; and ')}.`);

	for (const c of result.chambers)
		if (c.eligible === 0) {
			const other = result.chambers.find((o) => o.eligible > 0);
			sentences.push(
				capitalise(
					`${chamberName(c.chamber)} had no eligible organisations, so ${other ? `only ${chamberName(other.chamber)} counted` : 'nobody could vote'}.`
				)
			);
		}
	for (const c of eligible) sentences.push(...chamberSentences(c, result, uplift).map(capitalise));

	if (overall !== null) {
		const counting = result.chambers
			.filter((c) => c.support !== null)
			.map((c) => ({ chamber: c.chamber, share: value(c.share), support: value(c.support!) }));
		const shares = sharesInWords(counting);
		const figure =
			amount(overall) + (overallStated ? '' : `, more than the threshold of ${amount(threshold)}`);
		if (!shares)
			sentences.push(
				`Only ${chamberName(counting[0].chamber)} had a support figure, so overall support was its support: ${figure}.`
			);
		else if (counting.every((c) => compare(c.share, counting[0].share) === 0))
			sentences.push(
				`${capitalise(shares)}, so overall support was the average of ${list(counting.map((c) => amount(c.support)))}: ${figure}.`
			);
		else sentences.push(`${capitalise(shares)}, so overall support was ${figure}.`);
	}

	const hc = result.headcount;
	const headcount = `Counted one per organisation, ${hc.for} voted for and ${hc.against} against${hc.abstain ? `, and ${hc.abstain} abstained` : ''}`;
	const quorumOk = eligible.every((c) => c.quorumMet !== false);
	const misleading = result.passes ? hc.for <= hc.against : quorumOk && hc.for > hc.against;
	sentences.push(
		misleading
			? `${headcount}, but a headcount does not decide the vote: the weighted support of each chamber does, as above.`
			: `${headcount}.`
	);
	return sentences.join(' ');
}
