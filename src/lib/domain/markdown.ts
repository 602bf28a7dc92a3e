/**
 * The one escaping function for user text written into a Markdown file (document downloads, consultation
 * summaries, the 12-month review). A Markdown file is usually turned into HTML by someone else's renderer, and
 * CommonMark passes inline HTML through unchanged, so:
 * - `&`, `<` and `>` become entity references: every renderer shows them as the characters, none as markup
 *   (a backslash before `<` is honoured by CommonMark but not by every renderer);
 * - characters that would start emphasis, code, links, tables or strikethrough anywhere in a line are escaped
 *   with a backslash, and so are those that would start a heading, list, block quote or thematic break at the
 *   start of a line, so the text keeps the structure of the file it is put in.
 * Line breaks are kept; use markdownLine for a heading, a table cell or a list item's first line.
 */
export function markdownText(s: string): string {
	return s
		.replace(/\r\n?/g, '\n')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/[\\`*_[\]|~#]/g, '\\$&')
		.replace(/^([ \t]*)([-+=])/gm, '$1\\$2')
		.replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}

/** markdownText on one line: line breaks become spaces. */
export function markdownLine(s: string): string {
	return markdownText(s.replace(/\s*[\r\n]+\s*/g, ' '));
}

/** A code fence longer than any run of backticks in the code, so the code cannot close it early. */
export function codeFence(code: string): string {
	const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length));
	return '`'.repeat(Math.max(3, longest + 1));
}
