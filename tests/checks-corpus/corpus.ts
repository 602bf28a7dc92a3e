// Reads the labelled corpus (README.md in this folder) and scores the drafting checks against it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	checksFor,
	fromMarkdown,
	runChecks,
	type DocumentKind,
	type RunOptions
} from '../../src/lib/domain/checks/index.ts';

export type CorpusDoc = { id: string; kind: DocumentKind; fires: string[]; text: string; half: Half };
export type Half = 'frozen' | 'dev';

const HERE = import.meta.dirname;

export function loadCorpus(half: Half): CorpusDoc[] {
	const dir = join(HERE, half);
	const docs: CorpusDoc[] = [];
	for (const file of readdirSync(dir)
		.filter((f) => f.endsWith('.md'))
		.sort()) {
		const parts = readFileSync(join(dir, file), 'utf8').split(/^=== /m).slice(1);
		for (const part of parts) {
			const [head, firesLine, ...rest] = part.split('\n');
			const [id, kind] = head.trim().split(/\s+/);
			const fires = firesLine.replace(/^fires:\s*/, '').trim();
			docs.push({
				id,
				kind: kind as DocumentKind,
				fires: fires === 'none' ? [] : fires.split(/\s*,\s*/),
				text: rest.join('\n'),
				half
			});
		}
	}
	return docs;
}

export type Outcome = { doc: CorpusDoc; check: string; expected: boolean; fired: boolean };

export function evaluate(docs: CorpusDoc[], options: RunOptions = {}): Outcome[] {
	const out: Outcome[] = [];
	for (const doc of docs) {
		const result = runChecks(fromMarkdown(doc.text), doc.kind, options);
		const fired = new Set(result.findings.map((f) => f.check));
		for (const c of checksFor(doc.kind))
			out.push({ doc, check: c.id, expected: doc.fires.includes(c.id), fired: fired.has(c.id) });
		// A label for a check that does not apply to the kind is a labelling error; a finding outside the set too.
		for (const id of doc.fires)
			if (!checksFor(doc.kind).some((c) => c.id === id)) throw new Error(`${doc.id}: ${id} does not apply`);
		for (const id of fired)
			if (!checksFor(doc.kind).some((c) => c.id === id))
				out.push({ doc, check: id, expected: false, fired: true });
	}
	return out;
}

export type Score = { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number };

export function score(outcomes: Outcome[]): Score {
	let tp = 0,
		fp = 0,
		fn = 0,
		tn = 0;
	for (const o of outcomes) {
		if (o.expected && o.fired) tp++;
		else if (!o.expected && o.fired) fp++;
		else if (o.expected && !o.fired) fn++;
		else tn++;
	}
	return {
		tp,
		fp,
		fn,
		tn,
		precision: tp + fp ? tp / (tp + fp) : 1,
		recall: tp + fn ? tp / (tp + fn) : 1
	};
}

export function byCheck(outcomes: Outcome[]): Map<string, Score> {
	const groups = new Map<string, Outcome[]>();
	for (const o of outcomes) groups.set(o.check, [...(groups.get(o.check) ?? []), o]);
	return new Map(
		[...groups].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, v]) => [k, score(v)])
	);
}
