// Precision and recall of the drafting checks on the labelled corpus, per check and overall, the frozen half
// (committed before the rules) reported separately from the development half.
// Run: node scripts/checks-score.ts [--misses]
import { byCheck, evaluate, loadCorpus, score, type Half } from '../tests/checks-corpus/corpus.ts';

const showMisses = process.argv.includes('--misses');
const f = (n: number) => n.toFixed(2);

for (const half of ['frozen', 'dev'] as Half[]) {
	const docs = loadCorpus(half);
	const outcomes = evaluate(docs);
	const all = score(outcomes);
	console.log(`\n${half} half: ${docs.length} documents, ${outcomes.length} labelled check outcomes`);
	console.log('check   P     R     TP  FP  FN  TN');
	for (const [id, s] of byCheck(outcomes))
		console.log(
			`${id.padEnd(6)}  ${f(s.precision)}  ${f(s.recall)}  ${String(s.tp).padStart(2)}  ${String(s.fp).padStart(2)}  ${String(s.fn).padStart(2)}  ${String(s.tn).padStart(2)}`
		);
	console.log(`overall ${f(all.precision)}  ${f(all.recall)}  ${all.tp}  ${all.fp}  ${all.fn}  ${all.tn}`);
	if (showMisses)
		for (const o of outcomes.filter((o) => o.expected !== o.fired))
			console.log(`  ${o.expected ? 'missed' : 'false alarm'}: ${o.check} on ${o.doc.id}`);
}
