/**
 * Placing comment threads in the margin beside the passages they are about. Threads stay in the normal flow
 * (in document order, so reading and keyboard order match what is seen); each gets a top margin that moves it
 * down to its passage when there is room, and none when the thread above already reaches further. Pure code.
 */

/**
 * Top margins for a column of items. `wanted[i]` is where item i would like its top edge (relative to the
 * column's top; null when its passage is not shown), `heights[i]` its height; items keep at least `gap`
 * between them.
 */
export function marginOffsets(wanted: (number | null)[], heights: number[], gap = 8): number[] {
	const out: number[] = [];
	let y = 0;
	wanted.forEach((want, i) => {
		const min = i === 0 ? 0 : gap;
		const margin = want === null ? min : Math.max(min, Math.round(want - y));
		out.push(margin);
		y += margin + (heights[i] ?? 0);
	});
	return out;
}
