// The ledger's quarterly figures in the 12-month review's Markdown and CSV downloads, as the review page shows
// them: no personal data, and figures from fewer than 5 claims said as such (src/lib/domain/ledger.ts).
import { csvCell } from './csv.ts';
import type { QuarterFigures } from './ledger.ts';
import { formatPence } from './money.ts';

type Measure = [label: string, value: (q: QuarterFigures) => string];

const shown = (v: number | 'fewer than 5', as: (v: number) => string): string =>
	v === 'fewer than 5' ? v : as(v);

const MEASURES: Measure[] = [
	['Claims', (q) => shown(q.claims, String)],
	['Involvement payments', (q) => shown(q.involvementPence, formatPence)],
	['VCSE cost recovery', (q) => shown(q.costRecoveryPence, formatPence)],
	['Expenses', (q) => shown(q.expensesPence, formatPence)],
	['Paid within the timescale', (q) => shown(q.paidOnTimePercent, (p) => `${p}%`)],
	['Median days to pay', (q) => shown(q.medianDaysToPay, String)]
];

export const PAYMENTS_HEADING = 'Involvement payments and cost recovery';
export const NO_PAYMENTS = 'No claims were paid in this period.';

/** The figures as a table: a row per quarter. */
export function paymentsTable(quarters: readonly QuarterFigures[]): { header: string[]; rows: string[][] } {
	return {
		header: ['Quarter', ...MEASURES.map(([label]) => label)],
		rows: quarters.map((q) => [q.quarter, ...MEASURES.map(([, value]) => value(q))])
	};
}

/** A Markdown section with a row per quarter. */
export function paymentsMarkdown(quarters: readonly QuarterFigures[]): string {
	const lines = ['', `## ${PAYMENTS_HEADING}`, ''];
	if (!quarters.length) return [...lines, NO_PAYMENTS, ''].join('\n');
	const { header, rows } = paymentsTable(quarters);
	lines.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
	for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
	return [...lines, ''].join('\n');
}

/**
 * CSV lines in the review's columns: section `payments`, the quarter as id and date, the measure as the
 * description and its value as the outcome; the rest empty but the chain head.
 */
export function paymentsCsvLines(quarters: readonly QuarterFigures[], columns: number, head: string): string {
	return quarters
		.flatMap((q) =>
			MEASURES.map(([label, value]) => {
				const cells: unknown[] = ['payments', q.quarter, label, q.quarter, value(q)];
				while (cells.length < columns - 1) cells.push('');
				return [...cells, head].map(csvCell).join(',');
			})
		)
		.map((line) => `${line}\r\n`)
		.join('');
}
