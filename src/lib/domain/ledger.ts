// The involvement ledger's rules, as pure functions (docs/claims.md): which version of a workspace's payment
// policy a meeting uses, what attending earns, how expenses are capped, how long a claim has waited in the
// workspace's calendar days, and the quarterly figures published without personal data.
import { perHour, perMile, sumPence } from './money.ts';

/** An involvement level of the policy: a rate per hour, and optionally a half-day and a day rate. */
export type Level = {
	key: string;
	name: string;
	description: string;
	hourlyPence: number;
	halfDayPence: number | null;
	dayPence: number | null;
};

export const EXPENSE_BASES = ['at_cost', 'per_mile'] as const;
export type ExpenseBasis = (typeof EXPENSE_BASES)[number];

/** An expense category: paid at cost (receipts) or per mile, with a cap per claim (null: none). */
export type ExpenseCategory = {
	key: string;
	name: string;
	basis: ExpenseBasis;
	/** For `per_mile`: pence per mile. */
	ratePence: number | null;
	capPence: number | null;
};

/** One dated version of a workspace's payment policy: the terms in force from `effectiveFrom` on. */
export type PolicyTerms = {
	/** `YYYY-MM-DD`, a day in the workspace's zone. */
	effectiveFrom: string;
	levels: Level[];
	/** Preparation time per meeting, paid at the level's hourly rate (and at the backfill rate for VCSE staff). */
	preparationMinutes: number;
	/**
	 * Meeting time up to this is paid at the half-day rate, above it at the day rate (for levels that have
	 * both); levels without them are paid by the hour.
	 */
	halfDayUpToMinutes: number;
	/** VCSE cost recovery: pence per staff hour. */
	backfillHourlyPence: number;
	expenseCategories: ExpenseCategory[];
	/** Claims are paid within this many calendar days of their first submission. */
	timescaleDays: number;
	advancePayment: boolean;
};

/**
 * The version in force on a day: the one with the latest `effectiveFrom` on or before it (of two on the same
 * day, the later in the list, i.e. the one recorded last). Null when none had begun.
 */
export function termsInForce<T extends { effectiveFrom: string }>(
	versions: readonly T[],
	day: string
): T | null {
	let found: T | null = null;
	for (const v of versions)
		if (v.effectiveFrom <= day && (!found || v.effectiveFrom >= found.effectiveFrom)) found = v;
	return found;
}

/** A line of a claim's involvement payment. */
export type PayLine = { what: string; pence: number };

/** What a person attending at a level earns for a meeting of `minutes`, with preparation: the lines. */
export function involvementLines(terms: PolicyTerms, level: Level, minutes: number): PayLine[] {
	const lines: PayLine[] = [];
	if (level.halfDayPence !== null && level.dayPence !== null) {
		const half = minutes <= terms.halfDayUpToMinutes;
		lines.push({
			what: half ? 'Half-day rate' : 'Day rate',
			pence: half ? level.halfDayPence : level.dayPence
		});
	} else {
		lines.push({ what: `${hours(minutes)} at the hourly rate`, pence: perHour(level.hourlyPence, minutes) });
	}
	if (terms.preparationMinutes > 0)
		lines.push({
			what: `Preparation, ${hours(terms.preparationMinutes)} at the hourly rate`,
			pence: perHour(level.hourlyPence, terms.preparationMinutes)
		});
	return lines;
}

/** A VCSE organisation's cost recovery for `staff` people present at a meeting of `minutes`. */
export function costRecoveryLines(terms: PolicyTerms, staff: number, minutes: number): PayLine[] {
	const each = minutes + terms.preparationMinutes;
	return [
		{
			what: `${staff} staff × ${hours(each)} (meeting and preparation) at the backfill rate`,
			pence: staff * perHour(terms.backfillHourlyPence, each)
		}
	];
}

export function hours(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	const hs = h === 1 ? '1 hour' : `${h} hours`;
	return m === 0 ? hs : h === 0 ? `${m} minutes` : `${hs} ${m} minutes`;
}

/** An expense as claimed: an amount at cost, or a distance for mileage. */
export type ExpenseClaimed = { category: string; amountPence?: number | null; tenthsOfMile?: number | null };

/**
 * What each expense pays: mileage at the category's rate per mile, others at cost; then each category's total
 * capped per claim. Returns the allowed amounts per category (in the policy's order) and the total.
 */
export function expenseTotals(
	categories: readonly ExpenseCategory[],
	expenses: readonly ExpenseClaimed[]
): { byCategory: Record<string, number>; totalPence: number } {
	const byCategory: Record<string, number> = {};
	for (const c of categories) {
		const mine = expenses.filter((e) => e.category === c.key);
		const raw = sumPence(mine.map((e) => expenseAmount(c, e)));
		byCategory[c.key] = c.capPence === null ? raw : Math.min(raw, c.capPence);
	}
	return { byCategory, totalPence: sumPence(Object.values(byCategory)) };
}

/** One expense's amount before caps. */
export function expenseAmount(category: ExpenseCategory, e: ExpenseClaimed): number {
	if (category.basis === 'per_mile') return perMile(category.ratePence ?? 0, e.tenthsOfMile ?? 0);
	return e.amountPence ?? 0;
}

// ── Calendar days in the workspace's zone ──

/** The calendar date of an instant in a zone, `YYYY-MM-DD`. */
export function zonedDay(ms: number, timeZone: string): string {
	const p = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
			.formatToParts(new Date(ms))
			.map((x) => [x.type, x.value])
	);
	return `${p.year}-${p.month}-${p.day}`;
}

function dayNumber(day: string): number {
	return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

/** Whole calendar days from one date to another (`YYYY-MM-DD`), whatever the clocks did in between. */
export function daysBetween(from: string, to: string): number {
	return dayNumber(to) - dayNumber(from);
}

/** A date plus some days. */
export function addDays(day: string, n: number): string {
	return new Date((dayNumber(day) + n) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * How long a claim has waited (or waited until paid), in calendar days of the workspace's zone from its first
 * submission; not paused while it was queried. Due by `firstSubmitted + timescale`; overdue once a day later
 * than that has begun unpaid, or when it was paid after that day.
 */
export function waiting(
	c: { firstSubmittedAt: number; paidOn: string | null },
	timescaleDays: number,
	now: number,
	timeZone: string
): { days: number; dueOn: string; overdue: boolean; paidOnTime: boolean | null } {
	const from = zonedDay(c.firstSubmittedAt, timeZone);
	const until = c.paidOn ?? zonedDay(now, timeZone);
	const days = daysBetween(from, until);
	const dueOn = addDays(from, timescaleDays);
	return {
		days,
		dueOn,
		overdue: c.paidOn === null && days > timescaleDays,
		paidOnTime: c.paidOn === null ? null : days <= timescaleDays
	};
}

// ── Figures without personal data ──

/** The quarter of a date, `2027-Q1` (calendar quarters). */
export function quarterOf(day: string): string {
	const month = Number(day.slice(5, 7));
	return `${day.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** Figures drawn from fewer claims than this are not shown: "fewer than 5". */
export const SUPPRESS_BELOW = 5;

export type PaidClaimFact = {
	kind: 'individual' | 'organisation';
	/** Involvement payment (individual) or cost recovery (organisation), and expenses, in pence. */
	amountPence: number;
	expensesPence: number;
	paidOn: string;
	daysToPay: number;
	onTime: boolean;
};

export type QuarterFigures = {
	quarter: string;
	claims: number | 'fewer than 5';
	involvementPence: number | 'fewer than 5';
	costRecoveryPence: number | 'fewer than 5';
	expensesPence: number | 'fewer than 5';
	/** Share paid within the timescale, 0–100 (whole percent, half up). */
	paidOnTimePercent: number | 'fewer than 5';
	medianDaysToPay: number | 'fewer than 5';
};

/** The median of whole numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Per quarter of payment: totals, count, share paid on time, median days to pay. A quarter drawn from fewer
 * than five claims shows "fewer than 5" in every figure, so no one person's payment can be read off it.
 * Latest quarter first.
 */
export function quarterFigures(facts: readonly PaidClaimFact[]): QuarterFigures[] {
	const groups = new Map<string, PaidClaimFact[]>();
	for (const f of facts) {
		const q = quarterOf(f.paidOn);
		groups.set(q, [...(groups.get(q) ?? []), f]);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => (a < b ? 1 : -1))
		.map(([quarter, fs]) => {
			if (fs.length < SUPPRESS_BELOW) {
				const few = 'fewer than 5' as const;
				return {
					quarter,
					claims: few,
					involvementPence: few,
					costRecoveryPence: few,
					expensesPence: few,
					paidOnTimePercent: few,
					medianDaysToPay: few
				};
			}
			const sum = (kind: PaidClaimFact['kind']) =>
				sumPence(fs.filter((f) => f.kind === kind).map((f) => f.amountPence));
			const onTime = fs.filter((f) => f.onTime).length;
			return {
				quarter,
				claims: fs.length,
				involvementPence: sum('individual'),
				costRecoveryPence: sum('organisation'),
				expensesPence: sumPence(fs.map((f) => f.expensesPence)),
				paidOnTimePercent: Math.floor((200 * onTime + fs.length) / (2 * fs.length)),
				medianDaysToPay: median(fs.map((f) => f.daysToPay))
			};
		});
}
