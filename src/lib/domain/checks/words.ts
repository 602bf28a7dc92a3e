// How a set of check results is said on votes, decisions and the register.

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "0 must-fix findings and 2 to consider (3 dismissed, with reasons)". Findings "for information" are said
 * only when there are some.
 */
export function checksSentence(counts: { E: number; W: number; I: number; dismissed: number }): string {
	let s = `${plural(counts.E, 'must-fix finding', 'must-fix findings')} and ${counts.W} to consider`;
	if (counts.I) s += `, ${counts.I} for information`;
	if (counts.dismissed) s += ` (${counts.dismissed} dismissed, with reasons)`;
	return s;
}
