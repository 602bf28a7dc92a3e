import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	TallyInputError,
	freezeElectorate,
	tally,
	type Choice,
	type ElectorateEntry,
	type TallyBallot
} from '../../src/lib/domain/tally.ts';
import { DEFAULT_RULE, validateRule, type VoteRule } from '../../src/lib/domain/vote-rule.ts';
import { compare, parseFraction, rational, toFractionString } from '../../src/lib/domain/rational.ts';

function org(
	id: string,
	sector: 'vcse' | 'statutory',
	flags: { grassroots?: boolean; byAndFor?: boolean } = {}
) {
	return {
		organisationId: id,
		name: `Organisation ${id}`,
		sector,
		grassroots: false,
		byAndFor: false,
		...flags
	};
}
const ballot = (organisationId: string, choice: Choice): TallyBallot => ({ organisationId, choice });
const rule = (over: Partial<VoteRule> = {}): VoteRule => ({ ...DEFAULT_RULE, ...over });
const frac = (text: string) => parseFraction(text)!;

/** shared/DESIGN.md's worked example. */
function workedExample() {
	const electorate: ElectorateEntry[] = [
		org('s1', 'statutory'),
		org('s2', 'statutory'),
		org('s3', 'statutory'),
		org('g1', 'vcse', { grassroots: true }),
		org('g2', 'vcse', { grassroots: true }),
		org('b1', 'vcse', { byAndFor: true }),
		org('v1', 'vcse'),
		org('v2', 'vcse'),
		org('v3', 'vcse')
	];
	const ballots = [
		ballot('s1', 'for'),
		ballot('s2', 'for'),
		ballot('s3', 'for'),
		ballot('g1', 'against'),
		ballot('g2', 'against'),
		ballot('b1', 'for'),
		ballot('v1', 'for'),
		ballot('v2', 'against'),
		ballot('v3', 'against')
	];
	return { electorate, ballots };
}

describe('tally: the worked example', () => {
	it('gives VCSE 1/3, statutory 1, overall 2/3 and passes', () => {
		const { electorate, ballots } = workedExample();
		const r = tally(electorate, ballots, DEFAULT_RULE);
		const [vcse, statutory] = r.chambers;
		expect(vcse.chamber).toBe('vcse');
		expect(vcse.weights.for.fraction).toBe('5/2');
		expect(vcse.weights.against.fraction).toBe('5/1');
		expect(vcse.support).toEqual({ fraction: '1/3', display: '0.333' });
		expect(statutory.support).toEqual({ fraction: '1/1', display: '1.000' });
		expect(r.overall).toEqual({ fraction: '2/3', display: '0.667' });
		expect(r.passes).toBe(true);
		expect(r.reasons.at(-1)).toBe('Outcome: the vote passes.');
	});

	it('has a plain headcount of 5 for and 4 against', () => {
		const { electorate, ballots } = workedExample();
		const r = tally(electorate, ballots, DEFAULT_RULE);
		expect(r.headcount).toEqual({ for: 5, against: 4, abstain: 0, cast: 9, eligible: 9, notVoted: 0 });
	});

	it('fails when a dual majority is required', () => {
		const { electorate, ballots } = workedExample();
		const r = tally(electorate, ballots, rule({ dualMajority: true }));
		expect(r.overall?.fraction).toBe('2/3');
		expect(r.passes).toBe(false);
		expect(r.reasons.join(' ')).toMatch(
			/dual majority is required and is not met: the VCSE chamber's support 1\/3/
		);
	});

	it('writes the frozen weights into the electorate', () => {
		const frozen = freezeElectorate(workedExample().electorate, DEFAULT_RULE);
		expect(frozen.map((e) => e.weight)).toEqual([
			'1/1',
			'1/1',
			'1/1',
			'3/2',
			'3/2',
			'3/2',
			'1/1',
			'1/1',
			'1/1'
		]);
	});
});

describe('tally: edge cases', () => {
	it('fails when one chamber misses its quorum', () => {
		const electorate = [
			org('s1', 'statutory'),
			org('s2', 'statutory'),
			org('s3', 'statutory'),
			org('v1', 'vcse'),
			org('v2', 'vcse')
		];
		const r = tally(
			electorate,
			[ballot('s1', 'for'), ballot('v1', 'for'), ballot('v2', 'for')],
			DEFAULT_RULE
		);
		const statutory = r.chambers.find((c) => c.chamber === 'statutory')!;
		expect(statutory.turnout?.fraction).toBe('1/3');
		expect(statutory.quorumMet).toBe(false);
		expect(r.overall?.fraction).toBe('1/1');
		expect(r.passes).toBe(false);
		expect(r.reasons.at(-1)).toMatch(/did not reach its quorum/);
	});

	it('meets quorum exactly at the quorum fraction, abstentions included', () => {
		const electorate = [org('s1', 'statutory'), org('s2', 'statutory'), org('v1', 'vcse'), org('v2', 'vcse')];
		const r = tally(
			electorate,
			[ballot('s1', 'for'), ballot('v1', 'abstain'), ballot('v2', 'for')],
			DEFAULT_RULE
		);
		expect(r.chambers.every((c) => c.quorumMet)).toBe(true);
		expect(r.passes).toBe(true);
	});

	it('leaves a chamber with only abstentions out of the overall figure', () => {
		const electorate = [org('s1', 'statutory'), org('s2', 'statutory'), org('v1', 'vcse'), org('v2', 'vcse')];
		const ballots = [
			ballot('s1', 'abstain'),
			ballot('s2', 'abstain'),
			ballot('v1', 'for'),
			ballot('v2', 'against')
		];
		const r = tally(electorate, ballots, DEFAULT_RULE);
		const statutory = r.chambers.find((c) => c.chamber === 'statutory')!;
		expect(statutory.support).toBeNull();
		expect(statutory.quorumMet).toBe(true);
		expect(statutory.inOverall).toBe(false);
		expect(r.overall?.fraction).toBe('1/2');
		expect(r.passes).toBe(false); // 1/2 is not above 1/2
		const withFor = tally(electorate, [...ballots.slice(0, 3), ballot('v2', 'for')], DEFAULT_RULE);
		expect(withFor.overall?.fraction).toBe('1/1');
		expect(withFor.passes).toBe(true);
		expect(tally(electorate, ballots, rule({ dualMajority: true })).reasons.join(' ')).toMatch(
			/no support figure/
		);
	});

	it('has no overall figure and fails when everyone abstains', () => {
		const electorate = [org('s1', 'statutory'), org('v1', 'vcse', { grassroots: true })];
		const r = tally(electorate, [ballot('s1', 'abstain'), ballot('v1', 'abstain')], DEFAULT_RULE);
		expect(r.overall).toBeNull();
		expect(r.chambers.every((c) => c.support === null && c.quorumMet)).toBe(true);
		expect(r.passes).toBe(false);
		expect(r.reasons.at(-1)).toMatch(/no overall figure/);
		expect(r.chambers[0].weights.abstain.fraction).toBe('3/2');
	});

	it('leaves out a chamber with no eligible organisation', () => {
		const electorate = [org('v1', 'vcse'), org('v2', 'vcse', { byAndFor: true })];
		const ballots = [ballot('v1', 'against'), ballot('v2', 'for')];
		for (const dualMajority of [false, true]) {
			const r = tally(electorate, ballots, rule({ dualMajority, shares: { vcse: '0.3', statutory: '0.7' } }));
			const statutory = r.chambers.find((c) => c.chamber === 'statutory')!;
			expect(statutory).toMatchObject({ eligible: 0, turnout: null, quorumMet: null, support: null });
			expect(r.overall?.fraction).toBe('3/5'); // 1.5 / 2.5, share 0.3 over 0.3
			expect(r.passes).toBe(true);
		}
	});

	it('fails with an empty electorate', () => {
		const r = tally([], [], DEFAULT_RULE);
		expect(r.overall).toBeNull();
		expect(r.passes).toBe(false);
	});

	it('fails exactly at the threshold', () => {
		const electorate = [org('s1', 'statutory'), org('s2', 'statutory'), org('v1', 'vcse'), org('v2', 'vcse')];
		const ballots = [
			ballot('s1', 'for'),
			ballot('s2', 'against'),
			ballot('v1', 'for'),
			ballot('v2', 'against')
		];
		const r = tally(electorate, ballots, DEFAULT_RULE);
		expect(r.overall?.fraction).toBe('1/2');
		expect(r.passes).toBe(false);
		expect(r.reasons.join(' ')).toMatch(/exactly equal, which is not enough/);
		expect(tally(electorate, ballots, rule({ threshold: '0.4999' })).passes).toBe(true);
	});

	it('does not fall into the floating-point trap at threshold 0.6', () => {
		// VCSE: 3 for (two uplifted), 4.5 against (three uplifted) → 0.4; statutory 4 for, 1 against → 0.8.
		const electorate: ElectorateEntry[] = [
			org('vf1', 'vcse', { grassroots: true }),
			org('vf2', 'vcse', { byAndFor: true }),
			org('va1', 'vcse', { grassroots: true }),
			org('va2', 'vcse', { grassroots: true, byAndFor: true }),
			org('va3', 'vcse', { byAndFor: true }),
			...['s1', 's2', 's3', 's4', 's5'].map((id) => org(id, 'statutory'))
		];
		const ballots = [
			ballot('vf1', 'for'),
			ballot('vf2', 'for'),
			ballot('va1', 'against'),
			ballot('va2', 'against'),
			ballot('va3', 'against'),
			ballot('s1', 'for'),
			ballot('s2', 'for'),
			ballot('s3', 'for'),
			ballot('s4', 'for'),
			ballot('s5', 'against')
		];
		const r = tally(electorate, ballots, rule({ threshold: '0.6' }));
		expect(r.chambers[0].weights.for.fraction).toBe('3/1');
		expect(r.chambers[0].weights.against.fraction).toBe('9/2');
		expect(r.chambers[0].support?.fraction).toBe('2/5');
		expect(r.chambers[1].support?.fraction).toBe('4/5');
		expect(r.overall?.fraction).toBe('3/5');
		expect(0.5 * 0.4 + 0.5 * 0.8 > 0.6).toBe(true); // what a float tally would have decided
		expect(r.passes).toBe(false);
	});

	it('does not give statutory partners or combined flags any extra weight', () => {
		const electorate = [
			org('s1', 'statutory', { grassroots: true, byAndFor: true }),
			org('v1', 'vcse', { grassroots: true, byAndFor: true })
		];
		const r = tally(electorate, [ballot('s1', 'for'), ballot('v1', 'for')], rule({ uplift: '2' }));
		expect(r.organisations.map((o) => o.weight.fraction)).toEqual(['1/1', '2/1']);
	});

	it('refuses impossible input', () => {
		const electorate = [org('v1', 'vcse')];
		expect(() => tally(electorate, [ballot('x', 'for')], DEFAULT_RULE)).toThrow(TallyInputError);
		expect(() => tally(electorate, [ballot('v1', 'for'), ballot('v1', 'against')], DEFAULT_RULE)).toThrow(
			TallyInputError
		);
		expect(() => tally([...electorate, ...electorate], [], DEFAULT_RULE)).toThrow(TallyInputError);
		expect(() => tally(electorate, [], rule({ quorum: '2' }))).toThrow(/quorum/);
	});
});

describe('vote rule validation', () => {
	it('fills in the defaults', () => {
		const check = validateRule({});
		expect(check).toMatchObject({ ok: true, rule: DEFAULT_RULE });
	});

	it('normalises numbers and decimal strings', () => {
		const check = validateRule({ uplift: 2, shares: { vcse: '0.60', statutory: 0.4 }, quorum: '00.5' });
		expect(check.ok && check.rule).toEqual({
			...DEFAULT_RULE,
			uplift: '2',
			shares: { vcse: '0.6', statutory: '0.4' }
		});
	});

	it.each([
		[{ uplift: '-1' }, 'uplift', /cannot be negative/],
		[{ uplift: '0.5' }, 'uplift', /at least 1/],
		[{ uplift: '1.23456' }, 'uplift', /at most 4 decimal places/],
		[{ shares: { vcse: '0' } }, 'shares.vcse', /must be greater than 0/],
		[{ shares: { statutory: '-0.5' } }, 'shares.statutory', /must be greater than 0/],
		[{ quorum: '1.5' }, 'quorum', /between 0 and 1/],
		[{ threshold: '-0.1' }, 'threshold', /between 0 and 1/],
		[{ threshold: 'half' }, 'threshold', /plain decimal number/],
		[{ quorum: 1e-7 }, 'quorum', /plain decimal number/]
	])('rejects %j with a clear message', (input, field, message) => {
		const check = validateRule(input);
		expect(check.ok).toBe(false);
		if (check.ok) return;
		expect(check.problems).toContainEqual({ field, message: expect.stringMatching(message) });
	});
});

describe('tally: properties', () => {
	const sectorArb = fc.constantFrom('vcse' as const, 'statutory' as const);
	const choiceArb = fc.constantFrom<Choice | null>('for', 'against', 'abstain', null);
	const voterArb = fc.record({
		sector: sectorArb,
		grassroots: fc.boolean(),
		byAndFor: fc.boolean(),
		choice: choiceArb
	});
	const decimalArb = (min: number, max: number) =>
		fc.integer({ min: min * 10000, max: max * 10000 }).map((n) => (n / 10000).toFixed(4));
	const ruleArb = fc.record({
		uplift: decimalArb(1, 5),
		shares: fc.record({ vcse: decimalArb(0.0001, 3), statutory: decimalArb(0.0001, 3) }),
		quorum: decimalArb(0, 1),
		threshold: decimalArb(0, 1),
		dualMajority: fc.boolean()
	});
	const caseArb = fc.record({ voters: fc.array(voterArb, { maxLength: 40 }), rule: ruleArb });
	function build(
		voters: { sector: 'vcse' | 'statutory'; grassroots: boolean; byAndFor: boolean; choice: Choice | null }[]
	) {
		const electorate = voters.map((v, i) => org(`o${i}`, v.sector, v));
		const ballots = voters.flatMap((v, i) => (v.choice ? [ballot(`o${i}`, v.choice)] : []));
		return { electorate, ballots };
	}

	it('permuting ballots or the electorate never changes the result', () => {
		fc.assert(
			fc.property(caseArb, fc.integer(), ({ voters, rule }, seed) => {
				const { electorate, ballots } = build(voters);
				const shuffle = <T>(xs: T[]) => {
					const out = [...xs];
					let s = seed >>> 0;
					for (let i = out.length - 1; i > 0; i--) {
						s = (s * 1103515245 + 12345) >>> 0;
						const j = s % (i + 1);
						[out[i], out[j]] = [out[j], out[i]];
					}
					return out;
				};
				const a = tally(electorate, ballots, rule);
				const b = tally(shuffle(electorate), shuffle(ballots), rule);
				expect({ ...b, organisations: undefined }).toEqual({ ...a, organisations: undefined });
				const key = (o: { organisationId: string }) => o.organisationId;
				expect([...b.organisations].sort((x, y) => key(x).localeCompare(key(y)))).toEqual(
					[...a.organisations].sort((x, y) => key(x).localeCompare(key(y)))
				);
			})
		);
	});

	it('adding a `for` ballot never lowers any support figure', () => {
		fc.assert(
			fc.property(caseArb, voterArb, ({ voters, rule }, extra) => {
				const before = build(voters);
				const after = build([...voters, { ...extra, choice: 'for' }]);
				const a = tally(before.electorate, before.ballots, rule);
				const b = tally(after.electorate, after.ballots, rule);
				for (let i = 0; i < a.chambers.length; i++) {
					const sa = a.chambers[i].support;
					const sb = b.chambers[i].support;
					if (sa) expect(compare(frac(sb!.fraction), frac(sa.fraction))).toBeGreaterThanOrEqual(0);
				}
				if (a.overall && b.overall && a.chambers.every((c, i) => c.inOverall === b.chambers[i].inOverall))
					expect(compare(frac(b.overall.fraction), frac(a.overall.fraction))).toBeGreaterThanOrEqual(0);
			})
		);
	});

	it('uplift 1 gives the unweighted per-chamber result', () => {
		fc.assert(
			fc.property(caseArb, ({ voters, rule }) => {
				const { electorate, ballots } = build(voters);
				const r = tally(electorate, ballots, { ...rule, uplift: '1' });
				for (const chamber of r.chambers) {
					const { for: f, against: a } = chamber.headcount;
					const unweighted = f + a ? toFractionString(rational(f, f + a)) : null;
					expect(chamber.support?.fraction ?? null).toBe(unweighted);
					expect(chamber.weights.for.fraction).toBe(`${f}/1`);
				}
			})
		);
	});

	it('published figures recompute from the organisations list', () => {
		fc.assert(
			fc.property(caseArb, ({ voters, rule }) => {
				const { electorate, ballots } = build(voters);
				const r = tally(electorate, ballots, rule);
				const frozen = freezeElectorate(electorate, rule);
				expect(r.organisations.map((o) => o.weight.fraction)).toEqual(frozen.map((e) => e.weight));
				expect(r.headcount.cast).toBe(ballots.length);
			})
		);
	});
});
