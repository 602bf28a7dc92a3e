import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readWordFile } from '../../src/lib/server/documents/word/import.ts';
import { zipEntries } from '../../src/lib/server/documents/word/guard.ts';
import { toDocx } from '../../src/lib/server/documents/export/docx.ts';
import { toPdf } from '../../src/lib/server/documents/export/pdf.ts';
import type { CoverSheet } from '../../src/lib/server/documents/export/sheet.ts';
import { fromJSON } from '../../src/lib/domain/render/tree.ts';
import { everyConstructDocx } from '../fixtures/word.ts';

const sheet: CoverSheet = {
	partnership: 'Riverside Partnership',
	title: 'Involvement payments policy',
	kind: 'Involvement and reimbursement policy',
	status: 'Drafting',
	version: 'Board draft',
	date: '3 December 2026',
	hash: '3f1c9a7be2d04c58a6e1f0b9d8c7e6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9',
	lang: 'en-GB'
};

/** Runs a poppler tool on a PDF written to a temporary file. */
function poppler(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer, ...args: string[]): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'parity-pdf-'));
	try {
		const file = path.join(dir, 'out.pdf');
		writeFileSync(file, pdf);
		return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('exporting a document', () => {
	it('a Word file with every construct imports, exports to Word and imports again to the same structure and text', async () => {
		const first = await readWordFile(await everyConstructDocx());
		const docx = await toDocx(fromJSON(first.content), sheet);
		// Office Open XML: a zip with the content types, the main part, numbering, styles and the footer.
		const parts = zipEntries(docx).map((e) => e.name);
		expect(parts).toEqual(
			expect.arrayContaining([
				'[Content_Types].xml',
				'word/document.xml',
				'word/numbering.xml',
				'word/styles.xml',
				'docProps/core.xml'
			])
		);
		expect(parts.some((p) => /^word\/footer\d+\.xml$/.test(p))).toBe(true);
		const again = await readWordFile(docx);
		expect(again.content).toEqual(first.content);
		expect(again.title).toBe(sheet.title);
		// The title page and footer are not part of the text, so nothing is reported left out.
		expect(again.report).toEqual({ dropped: [], notes: 0 });
	});

	it('writes a tagged A4 PDF whose text extracts, with the cover sheet, the hash and page numbers', async () => {
		const { content } = await readWordFile(await everyConstructDocx());
		const pdf = await toPdf(fromJSON(content), sheet);
		const info = poppler('pdfinfo', pdf);
		expect(info).toMatch(/Tagged:\s+yes/);
		expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
		expect(info).toMatch(/Title:\s+Involvement payments policy/);
		const text = poppler('pdftotext', pdf);
		expect(text).toContain(`SHA-256: ${sheet.hash}`);
		expect(text).toContain('Partnership: Riverside Partnership');
		expect(text).toContain('Page 2 of 2');
		expect(text).toContain('£25 an hour — café');
		const struct = poppler('pdfinfo', pdf, '-struct');
		for (const tag of ['Document', 'H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD'])
			expect(struct).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
		// Reading order: the headings come in the order of the text.
		const headings = struct.match(/^\s*H\d/gm)!.map((h) => h.trim());
		expect(headings).toEqual(['H1', 'H1', 'H2', 'H2']);
	});

	it('keeps table cells in their columns below a cell that spans rows', async () => {
		const para = (t: string) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
		const cell = (t: string, attrs?: { rowspan?: number; colspan?: number }) => ({
			type: 'tableCell',
			content: [para(t)],
			...(attrs ? { attrs } : {})
		});
		const pdf = await toPdf(
			[
				{
					type: 'table',
					content: [
						{ type: 'tableRow', content: [cell('Spanning', { rowspan: 2 }), cell('Bravo'), cell('Charlie')] },
						{ type: 'tableRow', content: [cell('Bravo2'), cell('Charlie2')] }
					]
				}
			],
			sheet
		);
		const lines = poppler('pdftotext', pdf, '-layout', '-f', '2', '-l', '2')
			.split('\n')
			.filter((l) => l.trim());
		const first = lines.find((l) => l.includes('Bravo '))!;
		const second = lines.find((l) => l.includes('Bravo2'))!;
		expect(second.indexOf('Bravo2')).toBe(first.indexOf('Bravo'));
		expect(second.indexOf('Charlie2')).toBe(first.indexOf('Charlie'));
	});
});
