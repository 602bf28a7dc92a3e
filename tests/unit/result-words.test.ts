import { describe, expect, it } from 'vitest';
import { tally, type Choice, type ElectorateEntry } from '../../src/lib/domain/tally.ts';
import { DEFAULT_RULE, type VoteRule } from '../../src/lib/domain/vote-rule.ts';
import { describeRule, explainResult } from '../../src/lib/domain/result-words.ts';
import { rational, toPercent } from '../../src/lib/domain/rational.ts';

type Org = [id: string, sector: 'vcse' | 'statutory', flag?: 'grassroots' | 'byAndFor'];

function explain(orgs: Org[], ballots: Record<string, Choice>, over: Partial<VoteRule> = {}): string {
	const electorate: ElectorateEntry[] = orgs.map(([id, sector, flag]) => ({
		organisationId: id,
		name: `Organisation ${id}`,
		sector,
		grassroots: flag === 'grassroots',
		byAndFor: flag === 'byAndFor'
	}));
	const list = Object.entries(ballots).map(([organisationId, choice]) => ({ organisationId, choice }));
	return explainResult(tally(electorate, list, { ...DEFAULT_RULE, ...over }));
}

/** shared/DESIGN.md's worked example. */
const worked: Org[] = [
	['s1', 'statutory'],
	['s2', 'statutory'],
	['s3', 'statutory'],
	['g1', 'vcse', 'grassroots'],
	['g2', 'vcse', 'grassroots'],
	['b1', 'vcse', 'byAndFor'],
	['v1', 'vcse'],
	['v2', 'vcse'],
	['v3', 'vcse']
];
const workedBallots: Record<string, Choice> = {
	s1: 'for',
	s2: 'for',
	s3: 'for',
	g1: 'against',
	g2: 'against',
	b1: 'for',
	v1: 'for',
	v2: 'against',
	v3: 'against'
};
const workedChambers =
	'In the VCSE chamber all 6 organisations voted: 2 for and 4 against. ' +
	'Of those for or against, 3 are grassroots or by-and-for organisations, which count one and a half each: 1 voted for and 2 against. ' +
	'So the ballots for weighed 2.5 and those against 5: the chamber’s support was 2.5 out of 7.5, one third. ' +
	'In the statutory chamber all 3 organisations voted: 3 for and 0 against. So its support was 100%. ' +
	'The two chambers count equally in overall support, so overall support was the average of one third and 100%: two thirds';

describe('the result in plain words', () => {
	it('explains the worked example, which passes at one half', () => {
		expect(explain(worked, workedBallots)).toBe(
			'The vote passed: overall support was two thirds, more than the threshold of one half, and each chamber reached its quorum (at least one half of its organisations voted). ' +
				workedChambers +
				'. Counted one per organisation, 5 voted for and 4 against.'
		);
	});

	it('explains the worked example failing when a dual majority is required', () => {
		expect(explain(worked, workedBallots, { dualMajority: true })).toBe(
			'The vote failed because a majority in each chamber was required, and the VCSE chamber did not have one: its support was one third. ' +
				workedChambers +
				', more than the threshold of one half. ' +
				'Counted one per organisation, 5 voted for and 4 against, but a headcount does not decide the vote: the weighted support of each chamber does, as above.'
		);
	});

	it('explains a 4–4 headcount that passes at 11/20', () => {
		const orgs: Org[] = [
			['g1', 'vcse', 'grassroots'],
			['b1', 'vcse', 'byAndFor'],
			['v1', 'vcse'],
			['v2', 'vcse'],
			['s1', 'statutory'],
			['s2', 'statutory'],
			['s3', 'statutory'],
			['s4', 'statutory']
		];
		const ballots: Record<string, Choice> = {
			g1: 'for',
			b1: 'for',
			v1: 'against',
			v2: 'against',
			s1: 'for',
			s2: 'for',
			s3: 'against',
			s4: 'against'
		};
		expect(explain(orgs, ballots)).toBe(
			'The vote passed: overall support was 55%, more than the threshold of one half, and each chamber reached its quorum (at least one half of its organisations voted). ' +
				'In the VCSE chamber all 4 organisations voted: 2 for and 2 against. ' +
				'Of those for or against, 2 are grassroots or by-and-for organisations, which count one and a half each: both voted for. ' +
				'So the ballots for weighed 3 and those against 2: the chamber’s support was 3 out of 5, 60%. ' +
				'In the statutory chamber all 4 organisations voted: 2 for and 2 against. So its support was one half. ' +
				'The two chambers count equally in overall support, so overall support was the average of 60% and one half: 55%. ' +
				'Counted one per organisation, 4 voted for and 4 against, but a headcount does not decide the vote: the weighted support of each chamber does, as above.'
		);
	});

	it('explains a quorum failure, naming the chamber and its turnout', () => {
		const ballots: Record<string, Choice> = { s1: 'for', s2: 'for', s3: 'for', g1: 'for', v1: 'abstain' };
		expect(explain(worked, ballots)).toBe(
			'The vote failed because the VCSE chamber did not reach its quorum: 2 of its 6 organisations voted (33%), and at least one half of its organisations had to. ' +
				'In the VCSE chamber 2 of 6 organisations voted (33%): 1 for, 0 against and 1 abstention (abstentions count only towards the quorum). ' +
				'Of those for or against, 1 is a grassroots or by-and-for organisation, which counts one and a half: it voted for. ' +
				'So the ballots for weighed 1.5 and those against 0: the chamber’s support was 100%. ' +
				'In the statutory chamber all 3 organisations voted: 3 for and 0 against. So its support was 100%. ' +
				'The two chambers count equally in overall support, so overall support was the average of 100% and 100%: 100%, more than the threshold of one half. ' +
				'Counted one per organisation, 4 voted for and 0 against, and 1 abstained.'
		);
	});

	it('explains a result exactly at the threshold, which fails', () => {
		const orgs: Org[] = [
			['v1', 'vcse'],
			['s1', 'statutory']
		];
		expect(explain(orgs, { v1: 'for', s1: 'against' })).toBe(
			'The vote failed because overall support was exactly one half, and it had to be more than one half to pass. ' +
				'In the VCSE chamber its only organisation voted: 1 for and 0 against. ' +
				'So its support was 100%. ' +
				'In the statutory chamber its only organisation voted: 0 for and 1 against. So its support was 0%. ' +
				'The two chambers count equally in overall support, so overall support was the average of 100% and 0%: one half. ' +
				'Counted one per organisation, 1 voted for and 1 against.'
		);
	});

	it('explains a one-chamber vote', () => {
		const orgs: Org[] = [
			['g1', 'vcse', 'grassroots'],
			['v1', 'vcse'],
			['v2', 'vcse']
		];
		expect(explain(orgs, { g1: 'for', v1: 'against', v2: 'for' })).toBe(
			'The vote passed: overall support was 71%, more than the threshold of one half, and the VCSE chamber reached its quorum (at least one half of its organisations voted). ' +
				'The statutory chamber had no eligible organisations, so only the VCSE chamber counted. ' +
				'In the VCSE chamber all 3 organisations voted: 2 for and 1 against. ' +
				'Of those for or against, 1 is a grassroots or by-and-for organisation, which counts one and a half: it voted for. ' +
				'So the ballots for weighed 2.5 and those against 1: the chamber’s support was 2.5 out of 3.5, 71%. ' +
				'Only the VCSE chamber had a support figure, so overall support was its support: 71%. ' +
				'Counted one per organisation, 2 voted for and 1 against.'
		);
	});

	it('explains a vote with no ballot for or against', () => {
		const orgs: Org[] = [
			['v1', 'vcse'],
			['s1', 'statutory'],
			['s2', 'statutory']
		];
		expect(explain(orgs, { v1: 'abstain', s1: 'abstain' })).toBe(
			'The vote failed because no organisation voted for or against, so there was no support figure to count. ' +
				'In the VCSE chamber its only organisation voted, all abstaining, so it had no support figure and did not count in the overall figure. ' +
				'In the statutory chamber 1 of 2 organisations voted (50%), all abstaining, so it had no support figure and did not count in the overall figure. ' +
				'Counted one per organisation, 0 voted for and 0 against, and 2 abstained.'
		);
	});
});

describe('the rule in plain words', () => {
	it('describes the default rule', () => {
		expect(describeRule(DEFAULT_RULE)).toBe(
			'Each partner organisation has one ballot: for, against or abstain. ' +
				'VCSE organisations confirmed as grassroots or by-and-for count one and a half; every other organisation counts once. ' +
				'Each chamber’s support is the weight of its ballots for, divided by the weight of its ballots for and against; abstentions count only towards the quorum. ' +
				'The two chambers count equally in overall support. ' +
				'The vote passes when overall support is more than one half and at least one half of each chamber’s organisations vote. ' +
				'A chamber with no eligible organisations is left out.'
		);
	});

	it('describes a rule with other parameters from those parameters', () => {
		const rule: VoteRule = {
			uplift: '2',
			shares: { vcse: '0.6', statutory: '0.4' },
			quorum: '0.75',
			threshold: '0.6',
			dualMajority: true
		};
		expect(describeRule(rule)).toBe(
			'Each partner organisation has one ballot: for, against or abstain. ' +
				'VCSE organisations confirmed as grassroots or by-and-for count 2; every other organisation counts once. ' +
				'Each chamber’s support is the weight of its ballots for, divided by the weight of its ballots for and against; abstentions count only towards the quorum. ' +
				'The VCSE chamber counts for 60% of overall support and the statutory chamber for 40%. ' +
				'The vote passes when overall support is more than 60%, each chamber’s support is more than one half and at least three quarters of each chamber’s organisations vote. ' +
				'A chamber with no eligible organisations is left out.'
		);
		expect(
			describeRule({ ...rule, uplift: '1', quorum: '0', shares: { vcse: '2', statutory: '1' } })
		).toContain(
			'Every organisation counts once (there is no equity uplift). Each chamber’s support is the weight of its ballots for, divided by the weight of its ballots for and against; abstentions count only towards the quorum. The VCSE chamber counts for two thirds of overall support and the statutory chamber for one third. The vote passes when overall support is more than 60% and each chamber’s support is more than one half.'
		);
	});
});

describe('percentages for people', () => {
	it('rounds to whole percent, and never shows a share that is not all or nothing as 0% or 100%', () => {
		expect(toPercent(rational(2n, 3n))).toBe('67%');
		expect(toPercent(rational(1n, 3n))).toBe('33%');
		expect(toPercent(rational(1n, 2n))).toBe('50%');
		expect(toPercent(rational(1n))).toBe('100%');
		expect(toPercent(rational(0n))).toBe('0%');
		expect(toPercent(rational(199n, 200n))).toBe('99.5%');
		expect(toPercent(rational(1n, 1000n))).toBe('0.1%');
		expect(toPercent(rational(1n, 200n))).toBe('1%'); // 0.5 rounds away from zero
	});
});
