import { describe, expect, it } from 'vitest';
import { paymentsCsvLines, paymentsMarkdown } from '../../src/lib/domain/review-payments.ts';
import type { QuarterFigures } from '../../src/lib/domain/ledger.ts';

const small: QuarterFigures = {
	quarter: '2026-Q3',
	claims: 'fewer than 5',
	involvementPence: 'fewer than 5',
	costRecoveryPence: 'fewer than 5',
	expensesPence: 'fewer than 5',
	paidOnTimePercent: 'fewer than 5',
	medianDaysToPay: 'fewer than 5'
};
const big: QuarterFigures = {
	quarter: '2026-Q4',
	claims: 7,
	involvementPence: 123456,
	costRecoveryPence: 40000,
	expensesPence: 1250,
	paidOnTimePercent: 86,
	medianDaysToPay: 9
};

describe("the ledger's figures in the review downloads", () => {
	it('gives a Markdown row per quarter, with small quarters suppressed', () => {
		const md = paymentsMarkdown([small, big]);
		expect(md).toContain('## Involvement payments and cost recovery');
		expect(md).toContain(
			'| 2026-Q3 | fewer than 5 | fewer than 5 | fewer than 5 | fewer than 5 | fewer than 5 | fewer than 5 |'
		);
		expect(md).toContain('| 2026-Q4 | 7 | £1,234.56 | £400.00 | £12.50 | 86% | 9 |');
		expect(paymentsMarkdown([])).toContain('No claims were paid in this period.');
	});

	it('gives CSV lines in the review’s columns, a measure each', () => {
		const lines = paymentsCsvLines([big], 15, '12:abc').trimEnd().split('\r\n');
		expect(lines).toHaveLength(6);
		expect(lines[0].split(',')).toHaveLength(15);
		expect(lines[1]).toBe('payments,2026-Q4,Involvement payments,2026-Q4,"£1,234.56",,,,,,,,,,12:abc');
	});
});
