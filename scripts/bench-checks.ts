/**
 * Benchmark for the drafting checks: every check of each policy kind over a 50-page policy (about 25 000
 * words, built from the corpus' documents), on the server (Node) and in the browser (Chromium through
 * playwright-core, the same module bundled by esbuild). Prints the first run and the median of several runs,
 * in milliseconds, for reading the document's tree into blocks and sections and running every check of its
 * kind (what the panel does on each pause in typing, after the editor has given it the tree). In Chromium
 * each kind runs in a page of its own, as the panel does, so each kind's first run is a page's first run; with
 * --rounds N that is done N times, in new pages. Figures: docs/performance.md.
 *
 *   node scripts/bench-checks.ts               Node and Chromium
 *   node scripts/bench-checks.ts --node        Node only
 *   node scripts/bench-checks.ts --rounds 5    Chromium's first runs in 5 rounds of new pages (default 3)
 */
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { fromTree, markdownTree, runChecks, type DocumentKind } from '../src/lib/domain/checks/index.ts';
import { loadCorpus } from '../tests/checks-corpus/corpus.ts';

const RUNS = 21;
const WORDS = 25_000; // about 500 words a page

/** A long policy of one kind: the corpus' documents of that kind, one after another, as numbered sections. */
function longPolicy(kind: DocumentKind): string {
	const docs = [...loadCorpus('dev'), ...loadCorpus('frozen')].filter((d) => d.kind === kind);
	const parts: string[] = [`# A long ${kind.replace('_', ' ')} policy`];
	let words = 0;
	for (let i = 0; words < WORDS; i++) {
		const d = docs[i % docs.length];
		const text = d.text.replace(/^# (.*)$/m, `## Part ${i + 1}: $1`).replace(/^## /gm, '### ');
		parts.push(text);
		words += text.split(/\s+/).length;
	}
	return parts.join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const KINDS: DocumentKind[] = ['social_value', 'reimbursement', 'procurement_principles'];

function benchNode(): Record<string, number> {
	const out: Record<string, number> = {};
	for (const kind of KINDS) {
		const tree = markdownTree(longPolicy(kind));
		const times: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const t0 = performance.now();
			runChecks(fromTree(tree), kind);
			times.push(performance.now() - t0);
		}
		out[kind] = median(times);
		out[`${kind} first`] = times[0];
	}
	return out;
}

const arg = process.argv.indexOf('--rounds');
const ROUNDS = arg > 0 ? Number(process.argv[arg + 1]) : 3;

/** For each kind, each round's first run and median, each in a new page. */
async function benchBrowser(): Promise<Record<string, [number, number][]>> {
	const bundle = await build({
		stdin: {
			contents: `import { fromTree, markdownTree, runChecks } from './src/lib/domain/checks/index.ts';
				globalThis.bench = (text, kind, runs) => {
					const tree = markdownTree(text);
					const times = [];
					for (let i = 0; i < runs; i++) {
						const t0 = performance.now();
						runChecks(fromTree(tree), kind);
						times.push(performance.now() - t0);
					}
					return [times[0], times.sort((a, b) => a - b)[runs >> 1]];
				};`,
			resolveDir: process.cwd(),
			loader: 'ts'
		},
		bundle: true,
		format: 'iife',
		write: false,
		minify: true
	});
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
	try {
		const out: Record<string, [number, number][]> = {};
		for (let round = 0; round < ROUNDS; round++)
			for (const kind of KINDS) {
				const page = await browser.newPage();
				await page.addScriptTag({ content: bundle.outputFiles[0].text });
				(out[kind] ??= []).push(
					await page.evaluate(
						([text, kind, runs]) =>
							(globalThis as unknown as { bench: (...a: unknown[]) => [number, number] }).bench(
								text,
								kind,
								runs
							),
						[longPolicy(kind), kind, RUNS] as const
					)
				);
				await page.close();
			}
		console.log(`bundle: ${(bundle.outputFiles[0].contents.length / 1024).toFixed(1)} KiB minified`);
		return out;
	} finally {
		await browser.close();
	}
}

const words = (kind: DocumentKind) => longPolicy(kind).split(/\s+/).length;
console.log(
	`policy: ~${words('procurement_principles')} words; ms for the first run (nothing cached) and the median of ${RUNS}` +
		(process.argv.includes('--node') ? '' : `; Chromium: a new page per kind, ${ROUNDS} rounds`)
);
const node = benchNode();
const chrome = process.argv.includes('--node') ? null : await benchBrowser();
const ms = (n: number) => n.toFixed(1).padStart(6);
for (const kind of KINDS)
	console.log(
		`${kind.padEnd(24)} node ${ms(node[`${kind} first`])} ${ms(node[kind])}` +
			(chrome
				? `   chromium first ${chrome[kind].map(([first]) => ms(first)).join('')}` +
					`   median ${ms(median(chrome[kind].map(([, m]) => m)))}`
				: '')
	);
