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

/** A Markdown section with a row per quarter. */
export function paymentsMarkdown(quarters: readonly QuarterFigures[]): string {
	const lines = ['', '## Involvement payments and cost recovery', ''];
	if (!quarters.length) return [...lines, 'No claims were paid in this period.', ''].join('\n');
	lines.push(`| Quarter | ${MEASURES.map(([l]) => l).join(' | ')} |`);
	lines.push(`| --- | ${MEASURES.map(() => '---').join(' | ')} |`);
	for (const q of quarters) lines.push(`| ${q.quarter} | ${MEASURES.map(([, v]) => v(q)).join(' | ')} |`);
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
