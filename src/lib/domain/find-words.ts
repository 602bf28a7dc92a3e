/**
 * Finds words in a text as a reader copied them from the page: white space need not match exactly (a copy of
 * a list or a table has line breaks or tabs where the document's plain text has its own line breaks, and
 * several spaces may read as one), and white space around the words is ignored. Pure code.
 */

/** The text with each run of white space as one space, and where each of its characters came from. */
function collapse(text: string): { text: string; from: number[] } {
	let out = '';
	const from: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const space = /\s/.test(text[i]);
		if (space && out.endsWith(' ')) continue;
		out += space ? ' ' : text[i];
		from.push(i);
	}
	return { text: out, from };
}

/** The first place of `words` in `text`, as offsets into `text`; null when they are not there. */
export function findWords(text: string, words: string): { from: number; to: number } | null {
	const wanted = collapse(words.trim()).text;
	if (!wanted) return null;
	const exact = text.indexOf(wanted);
	if (exact !== -1) return { from: exact, to: exact + wanted.length };
	const hay = collapse(text);
	const at = hay.text.indexOf(wanted);
	if (at === -1) return null;
	return { from: hay.from[at], to: hay.from[at + wanted.length - 1] + 1 };
}
