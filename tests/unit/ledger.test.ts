import { describe, expect, it } from 'vitest';
import {
	formatPence,
	parsePounds,
	penceToPounds,
	perHour,
	perMile,
	roundPence
} from '../../src/lib/domain/money.ts';
import {
	costRecoveryLines,
	expenseTotals,
	involvementLines,
	quarterFigures,
	termsInForce,
	waiting,
	zonedDay,
	type Level,
	type PaidClaimFact,
	type PolicyTerms
} from '../../src/lib/domain/ledger.ts';

const session: Level = {
	key: 'l3',
	name: 'Level 3: working group',
	description: '',
	hourlyPence: 1385,
	halfDayPence: 7500,
	dayPence: 15000
};
const hourly: Level = { ...session, key: 'l2', name: 'Level 2', halfDayPence: null, dayPence: null };
const terms = (over: Partial<PolicyTerms> = {}): PolicyTerms => ({
	effectiveFrom: '2027-01-01',
	levels: [session, hourly],
	preparationMinutes: 60,
	halfDayUpToMinutes: 240,
	backfillHourlyPence: 2500,
	expenseCategories: [
		{ key: 'travel', name: 'Public transport', basis: 'at_cost', ratePence: null, capPence: null },
		{ key: 'mileage', name: 'Mileage', basis: 'per_mile', ratePence: 45, capPence: 5000 },
		{ key: 'care', name: 'Carer and childcare', basis: 'at_cost', ratePence: null, capPence: 6000 }
	],
	timescaleDays: 14,
	advancePayment: false,
	...over
});

describe('pence', () => {
	it('reads pounds with at most two decimals and refuses anything else', () => {
		expect(parsePounds('12')).toBe(1200);
		expect(parsePounds('12.5')).toBe(1250);
		expect(parsePounds('£1,234.56')).toBe(123456);
		expect(parsePounds('0.07')).toBe(7);
		for (const bad of ['12.345', '-1', '1e3', '', 'abc', '12.'] as const) expect(parsePounds(bad)).toBeNull();
	});
	it('writes pence as pounds', () => {
		expect(penceToPounds(7)).toBe('0.07');
		expect(penceToPounds(123456)).toBe('1234.56');
		expect(formatPence(123456)).toBe('£1,234.56');
	});
	it('rounds once, half a penny up', () => {
		expect(roundPence(5, 2)).toBe(3); // 2.5p → 3p
		expect(roundPence(7, 3)).toBe(2); // 2.33p → 2p
		expect(roundPence(8, 3)).toBe(3); // 2.67p → 3p
		// £13.85 an hour for 50 minutes: 1154.1666…p → £11.54
		expect(perHour(1385, 50)).toBe(1154);
		// £13.85 an hour for 90 minutes: 2077.5p → £20.78 (half up)
		expect(perHour(1385, 90)).toBe(2078);
		// 45p a mile for 12.3 miles: 553.5p → £5.54
		expect(perMile(45, 123)).toBe(554);
		expect(() => roundPence(1.5, 2)).toThrow();
	});
});

describe('rate history', () => {
	const versions = [
		{ effectiveFrom: '2027-01-01', id: 'a' },
		{ effectiveFrom: '2027-04-06', id: 'b' },
		{ effectiveFrom: '2027-04-06', id: 'c' }
	];
	it('uses the version in force on the meeting’s day', () => {
		expect(termsInForce(versions, '2026-12-31')).toBeNull();
		expect(termsInForce(versions, '2027-01-01')?.id).toBe('a');
		expect(termsInForce(versions, '2027-04-05')?.id).toBe('a');
		// Two versions from the same day: the one recorded last.
		expect(termsInForce(versions, '2027-04-06')?.id).toBe('c');
		expect(termsInForce(versions, '2030-01-01')?.id).toBe('c');
	});
	it('takes the meeting’s day in the workspace’s zone', () => {
		// 23:30 on 5 April in London (BST) is 22:30 UTC, still the 5th: the older rates.
		const ms = Date.UTC(2027, 3, 5, 22, 30);
		expect(zonedDay(ms, 'Europe/London')).toBe('2027-04-05');
		expect(zonedDay(Date.UTC(2027, 3, 5, 23, 30), 'Europe/London')).toBe('2027-04-06');
	});
});

describe('what attending earns', () => {
	it('pays a half-day up to the threshold and a day above it, with preparation by the hour', () => {
		const t = terms();
		expect(involvementLines(t, session, 240).map((l) => l.pence)).toEqual([7500, 1385]);
		expect(involvementLines(t, session, 241).map((l) => l.pence)).toEqual([15000, 1385]);
		expect(involvementLines(t, session, 240)[0].what).toBe('Half-day rate');
	});
	it('pays a level without session rates by the hour', () => {
		const lines = involvementLines(terms({ preparationMinutes: 0 }), hourly, 90);
		expect(lines).toEqual([{ what: '1 hour 30 minutes at the hourly rate', pence: 2078 }]);
	});
	it('pays a VCSE organisation for each of its staff present, meeting and preparation', () => {
		expect(costRecoveryLines(terms(), 2, 120)[0].pence).toBe(2 * 7500);
	});
	it('caps each expense category per claim and pays mileage per mile', () => {
		const t = terms();
		const { byCategory, totalPence } = expenseTotals(t.expenseCategories, [
			{ category: 'travel', amountPence: 420 },
			{ category: 'travel', amountPence: 380 },
			{ category: 'mileage', tenthsOfMile: 123 },
			{ category: 'care', amountPence: 9000 }
		]);
		expect(byCategory).toEqual({ travel: 800, mileage: 554, care: 6000 });
		expect(totalPence).toBe(7354);
	});
});

describe('overdue, in calendar days of the workspace’s zone', () => {
	const zone = 'Europe/London';
	it('counts calendar days across the October clock change', () => {
		// Submitted 23:30 on Saturday 24 October 2026 (BST, 22:30 UTC); timescale one day.
		const submitted = Date.UTC(2026, 9, 24, 22, 30);
		// 00:30 on Monday 26 October (GMT): only 26 hours later, but two calendar days.
		const now = Date.UTC(2026, 9, 26, 0, 30);
		const w = waiting({ firstSubmittedAt: submitted, paidOn: null }, 1, now, zone);
		expect(w).toMatchObject({ days: 2, dueOn: '2026-10-25', overdue: true });
		// 23:59 on Sunday 25th (GMT): one calendar day, due today, not overdue.
		const sunday = Date.UTC(2026, 9, 25, 23, 59);
		expect(waiting({ firstSubmittedAt: submitted, paidOn: null }, 1, sunday, zone).overdue).toBe(false);
	});
	it('counts across the March change and judges a paid claim by its payment date', () => {
		const submitted = Date.UTC(2027, 2, 27, 23, 30); // 23:30 GMT Saturday 27 March
		const paid = waiting({ firstSubmittedAt: submitted, paidOn: '2027-04-10' }, 14, Date.now(), zone);
		expect(paid).toMatchObject({ days: 14, overdue: false, paidOnTime: true });
		const late = waiting({ firstSubmittedAt: submitted, paidOn: '2027-04-11' }, 14, Date.now(), zone);
		expect(late).toMatchObject({ days: 15, paidOnTime: false, overdue: false });
	});
});

describe('quarterly figures', () => {
	const fact = (paidOn: string, over: Partial<PaidClaimFact> = {}): PaidClaimFact => ({
		kind: 'individual',
		amountPence: 10000,
		expensesPence: 500,
		paidOn,
		daysToPay: 10,
		onTime: true,
		...over
	});
	it('shows "fewer than 5" for a quarter of fewer than five claims', () => {
		const figures = quarterFigures([
			fact('2027-01-10'),
			fact('2027-02-10'),
			fact('2027-03-31'),
			fact('2027-03-01')
		]);
		expect(figures).toEqual([
			{
				quarter: '2027-Q1',
				claims: 'fewer than 5',
				involvementPence: 'fewer than 5',
				costRecoveryPence: 'fewer than 5',
				expensesPence: 'fewer than 5',
				paidOnTimePercent: 'fewer than 5',
				medianDaysToPay: 'fewer than 5'
			}
		]);
	});
	it('totals five or more, with the share on time and the median days to pay', () => {
		const figures = quarterFigures([
			fact('2027-04-01', { daysToPay: 3 }),
			fact('2027-05-01', { daysToPay: 20, onTime: false }),
			fact('2027-05-02', { daysToPay: 7 }),
			fact('2027-06-30', { kind: 'organisation', amountPence: 5000, daysToPay: 12 }),
			fact('2027-06-01', { daysToPay: 14 }),
			fact('2027-07-01')
		]);
		expect(figures.map((f) => f.quarter)).toEqual(['2027-Q3', '2027-Q2']);
		expect(figures[1]).toEqual({
			quarter: '2027-Q2',
			claims: 5,
			involvementPence: 40000,
			costRecoveryPence: 5000,
			expensesPence: 2500,
			paidOnTimePercent: 80,
			medianDaysToPay: 12
		});
	});
});
