import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/lib/domain/csv.ts';

/** What a careful reader does: parse RFC 4180, then remove one leading ' from a cell that has one. */
function readBack(csv: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const endCell = () => {
		row.push(cell.startsWith("'") ? cell.slice(1) : cell);
		cell = '';
	};
	for (let i = 0; i < csv.length; i++) {
		const c = csv[i];
		if (quoted) {
			if (c === '"' && csv[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') endCell();
		else if (c === '\r' && csv[i + 1] === '\n') {
			endCell();
			rows.push(row);
			row = [];
			i++;
		} else cell += c;
	}
	return rows;
}

describe('the CSV writer', () => {
	it('prefixes every formula starter, including tab and carriage return (OWASP)', () => {
		for (const s of ['=1+2', '+1', '-1', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://evil")'])
			expect(csvCell(s).replace(/^"/, ''), JSON.stringify(s)).toMatch(/^'/);
		expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
		expect(csvCell('\r=cmd')).toBe(`"'\r=cmd"`);
		expect(csvCell('\t=cmd')).toBe(`'\t=cmd`);
	});

	it('keeps fractions as text a spreadsheet will not turn into dates', () => {
		expect(csvCell('2/3')).toBe("'2/3");
		expect(csvCell('3/2')).toBe("'3/2");
		expect(csvCell('12/25')).toBe("'12/25");
		// Not a bare fraction: left alone.
		expect(csvCell('2/3 of members')).toBe('2/3 of members');
		expect(csvCell('2026-11-01/2026-12-01')).toBe('2026-11-01/2026-12-01');
		expect(csvCell('1')).toBe('1');
	});

	it('writes numbers, booleans and empty values as they are, and quotes what needs quoting', () => {
		expect(csvCell(-5)).toBe('-5');
		expect(csvCell(0.5)).toBe('0.5');
		expect(csvCell(true)).toBe('true');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
	});

	it('can be undone: removing one leading quote gives back exactly what was written', () => {
		const values = ['=1+2', "'already quoted", "''twice", '2/3', 'plain', '-', '@', '\t', 'a,"b"\r\nc', ''];
		const csv = toCsv(
			['value', 'other'],
			values.map((v) => [v, 'x'])
		);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(readBack(csv)).toEqual([['value', 'other'], ...values.map((v) => [v, 'x'])]);
	});
});
