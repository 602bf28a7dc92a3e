import { describe, expect, it } from 'vitest';
import { marginOffsets } from '../../src/lib/margin-layout.ts';

describe('threads in the margin', () => {
	it('moves each thread down to its passage when there is room', () => {
		// Passages at 100 and 400; threads 50 high.
		expect(marginOffsets([100, 400], [50, 50])).toEqual([100, 250]);
	});

	it('stacks threads whose passages are close, keeping a gap, without overlapping', () => {
		// Both passages at 100: the second thread goes just below the first.
		expect(marginOffsets([100, 100, 130], [80, 40, 40], 8)).toEqual([100, 8, 8]);
		const m = marginOffsets([0, 10, 20, 500], [100, 100, 100, 10], 8);
		let y = 0;
		const tops = m.map((margin, i) => {
			const top = y + margin;
			y = top + [100, 100, 100, 10][i];
			return top;
		});
		expect(tops).toEqual([0, 108, 216, 500]);
	});

	it('keeps a thread whose passage is not shown in the flow, right after the one above', () => {
		expect(marginOffsets([200, null, 350], [50, 50, 50], 8)).toEqual([200, 8, 42]);
	});

	it('never moves a thread above the top of the column', () => {
		expect(marginOffsets([-40], [50])).toEqual([0]);
	});
});
