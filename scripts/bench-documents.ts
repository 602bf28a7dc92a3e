/**
 * Benchmark for documents in and out: a policy of about 20 A4 pages (headings, paragraphs, lists and a table
 * in each section) imported from Word into the editor's content, then exported as PDF and as Word. Prints the
 * first run (which loads mammoth, docx or pdfkit) and the median of the next runs, in milliseconds.
 *
 *   node scripts/bench-documents.ts [--runs 5]
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { readWordFile } from '../src/lib/server/documents/word/import.ts';
import { toDocx } from '../src/lib/server/documents/export/docx.ts';
import { toPdf } from '../src/lib/server/documents/export/pdf.ts';
import type { CoverSheet } from '../src/lib/server/documents/export/sheet.ts';
import { writeContent } from '../src/lib/domain/templates/ydoc.ts';
import { contentHash } from '../src/lib/domain/content.ts';
import { fromYjs } from '../src/lib/domain/render/tree.ts';
import { longPolicyDocx } from '../tests/fixtures/word.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const start = performance.now();
	const out = await fn();
	return [performance.now() - start, out];
}

const file = await longPolicyDocx(22);

/** Import: check and read the Word file, and write its content into a live document (a Y.Doc). */
async function importOnce() {
	const { content } = await readWordFile(file);
	const doc = new Y.Doc();
	writeContent(doc, content);
	return doc;
}

const results: Record<string, { first: number; median: number }> = {};
const [firstImport, doc] = await time(importOnce);
const imports: number[] = [];
for (let i = 0; i < RUNS; i++) imports.push((await time(importOnce))[0]);
results.import = { first: firstImport, median: median(imports) };

const blocks = fromYjs(doc);
const sheet: CoverSheet = {
	partnership: 'Riverside Health and Care Partnership',
	title: 'Involvement and reimbursement policy',
	kind: 'Involvement and reimbursement policy',
	status: 'Drafting',
	version: 'Board draft',
	date: '3 December 2026',
	hash: contentHash(doc),
	lang: 'en-GB'
};
let pdfBytes = 0;
let pages = 0;
for (const [name, write] of [
	['pdf', () => toPdf(blocks, sheet)],
	['docx', () => toDocx(blocks, sheet)]
] as const) {
	const [first, out] = await time(write);
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) times.push((await time(write))[0]);
	results[name] = { first, median: median(times) };
	if (name === 'pdf') {
		pdfBytes = out.length;
		pages = (out.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
	}
}

console.log(
	`Word file: ${(file.length / 1024).toFixed(0)} KB; ${blocks.length} blocks; PDF ${pages} A4 pages, ${(pdfBytes / 1024).toFixed(0)} KB`
);
for (const [name, r] of Object.entries(results))
	console.log(
		`${name.padEnd(7)} first ${r.first.toFixed(0).padStart(5)} ms   median of ${RUNS} ${r.median.toFixed(0).padStart(5)} ms`
	);
