/**
 * The one CSV writer for every download (RFC 4180: comma-separated, CRLF line ends, a field quoted when it
 * holds a comma, quote or line break, quotes doubled).
 *
 * Spreadsheets change some text as they open a file, so a text cell gets a leading `'` when
 * - it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a spreadsheet would run it as a formula
 *   (OWASP's rule against CSV injection);
 * - it is a fraction such as `2/3` (tally figures, weights): a spreadsheet would turn it into a date
 *   (`="2/3"` would keep it text, but is itself a formula, which the rule above exists to prevent);
 * - it already starts with `'`, so that the rule can be undone: a reader who removes one leading `'` from any
 *   cell that has one gets exactly the value that was written.
 * Numbers, booleans and empty values are written as they are.
 */
export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let s = String(value);
	if (typeof value === 'string' && /^(?:[=+\-@\t\r']|\d+\/\d+$)/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: the header row, then one line per row, each ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
	return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
