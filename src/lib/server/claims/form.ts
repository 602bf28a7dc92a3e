// The ledger's forms (with or without JavaScript) as the input its commands take: amounts typed in pounds
// become pence by the one rule of src/lib/domain/money.ts (text that is not an amount stays text, so the
// schema says what is wrong), miles become tenths of a mile, the policy's rows become its levels and
// categories.
import { Invalid } from '../errors.ts';
import { parsePounds } from '../../domain/money.ts';
import type { PolicyRow } from './repository.ts';
import { penceToPounds } from '../../domain/money.ts';

function text(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v.trim() : '';
}

/** Pounds typed in a field as pence; null when blank; refused (Invalid, naming the field) when not an amount. */
function pounds(data: FormData, name: string, label: string): number | null {
	const raw = text(data, name);
	if (!raw) return null;
	const p = parsePounds(raw);
	if (p === null) {
		const message = `${label}: give pounds and pence, such as 12.50 (at most two decimals).`;
		throw new Invalid(message, { [name]: message });
	}
	return p;
}

function miles(data: FormData, name: string): number | null {
	const raw = text(data, name);
	if (!raw) return null;
	if (!/^\d{1,5}(\.\d)?$/.test(raw)) {
		const message = 'Give the distance in miles, such as 12.3 (at most one decimal).';
		throw new Invalid(message, { [name]: message });
	}
	return Math.round(Number(raw) * 10);
}

function whole(data: FormData, name: string, label: string): number {
	const raw = text(data, name);
	if (!/^\d{1,6}$/.test(raw)) {
		const message = `${label}: give a whole number.`;
		throw new Invalid(message, { [name]: message });
	}
	return Number(raw);
}

/** The expense form; the receipt is read apart (a file). */
export function readExpenseForm(data: FormData) {
	return {
		category: text(data, 'category'),
		description: text(data, 'description'),
		amountPence: pounds(data, 'amount', 'Amount'),
		tenthsOfMile: miles(data, 'miles')
	};
}

/** The receipt file of the expense form, or null when none was chosen. */
export async function readReceipt(data: FormData): Promise<{ name: string; bytes: Uint8Array } | null> {
	const f = data.get('receipt');
	if (!f || typeof f === 'string' || f.size === 0) return null;
	return { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
}

export function readTakeForm(data: FormData) {
	return { take: text(data, 'take'), amountPence: pounds(data, 'amount', 'Amount') };
}

/** How many rows the policy form offers for levels and for expense categories. */
export const LEVEL_ROWS = 5;
export const CATEGORY_ROWS = 7;

/** The policy form: fixed rows of levels and categories (a row with no name is left out). */
export function readPolicyForm(data: FormData) {
	const levels = [];
	for (let i = 0; i < LEVEL_ROWS; i++) {
		const name = text(data, `level-${i}-name`);
		if (!name) continue;
		levels.push({
			key: text(data, `level-${i}-key`) || `level-${i + 1}`,
			name,
			description: text(data, `level-${i}-description`),
			hourlyPence: pounds(data, `level-${i}-hourly`, `${name}, hourly rate`) ?? 0,
			halfDayPence: pounds(data, `level-${i}-halfday`, `${name}, half-day rate`),
			dayPence: pounds(data, `level-${i}-day`, `${name}, day rate`)
		});
	}
	const expenseCategories = [];
	for (let i = 0; i < CATEGORY_ROWS; i++) {
		const name = text(data, `cat-${i}-name`);
		if (!name) continue;
		expenseCategories.push({
			key: text(data, `cat-${i}-key`) || `category-${i + 1}`,
			name,
			basis: text(data, `cat-${i}-basis`) || 'at_cost',
			ratePence: pounds(data, `cat-${i}-rate`, `${name}, rate per mile`),
			capPence: pounds(data, `cat-${i}-cap`, `${name}, cap`)
		});
	}
	return {
		effectiveFrom: text(data, 'effectiveFrom'),
		levels,
		preparationMinutes: whole(data, 'preparationMinutes', 'Preparation time'),
		halfDayUpToMinutes: Math.round(Number(text(data, 'halfDayUpToHours').replace(',', '.') || 'NaN') * 60),
		backfillHourlyPence: pounds(data, 'backfill', 'Backfill rate') ?? 0,
		expenseCategories,
		timescaleDays: whole(data, 'timescaleDays', 'Payment timescale'),
		advancePayment: data.get('advancePayment') === 'on',
		retentionYears: whole(data, 'retentionYears', 'Years kept'),
		decisionId: text(data, 'decisionId') || null,
		documentVersionId: text(data, 'documentVersionId') || null,
		note: text(data, 'note')
	};
}

/** The policy form's fields filled from a version (the latest, to change from). */
export function policyFormValues(v: PolicyRow | undefined): Record<string, string> {
	const out: Record<string, string> = {
		preparationMinutes: String(v?.terms.preparationMinutes ?? 60),
		halfDayUpToHours: String((v?.terms.halfDayUpToMinutes ?? 240) / 60),
		backfill: v ? penceToPounds(v.terms.backfillHourlyPence) : '',
		timescaleDays: String(v?.terms.timescaleDays ?? 14),
		retentionYears: String(v?.retentionYears ?? 6),
		advancePayment: v?.terms.advancePayment ? 'on' : ''
	};
	const money = (p: number | null) => (p === null ? '' : penceToPounds(p));
	v?.terms.levels.forEach((l, i) => {
		Object.assign(out, {
			[`level-${i}-key`]: l.key,
			[`level-${i}-name`]: l.name,
			[`level-${i}-description`]: l.description,
			[`level-${i}-hourly`]: money(l.hourlyPence),
			[`level-${i}-halfday`]: money(l.halfDayPence),
			[`level-${i}-day`]: money(l.dayPence)
		});
	});
	const cats = v?.terms.expenseCategories ?? [
		{ key: 'travel', name: 'Public transport (at cost)', basis: 'at_cost', ratePence: null, capPence: null },
		{ key: 'mileage', name: 'Mileage', basis: 'per_mile', ratePence: 45, capPence: null },
		{ key: 'care', name: 'Carer and childcare', basis: 'at_cost', ratePence: null, capPence: null },
		{ key: 'subsistence', name: 'Subsistence', basis: 'at_cost', ratePence: null, capPence: 1000 },
		{ key: 'phone', name: 'Phone or data', basis: 'at_cost', ratePence: null, capPence: 500 }
	];
	cats.forEach((c, i) => {
		Object.assign(out, {
			[`cat-${i}-key`]: c.key,
			[`cat-${i}-name`]: c.name,
			[`cat-${i}-basis`]: c.basis,
			[`cat-${i}-rate`]: money(c.ratePence),
			[`cat-${i}-cap`]: money(c.capPence)
		});
	});
	return out;
}
