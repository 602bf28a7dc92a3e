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
const RUNS = 31;

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
	for (let i = 0; i < 10; i++) tally(electorate, ballots, DEFAULT_RULE); // warm up
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

/** Casts one ballot per organisation through POST /api/v1/votes/{id}/ballots against a real server. */
async function benchApi(): Promise<void> {
	const { startServer } = await import('../tests/fixtures/server.ts');
	const { createPartnership, openTestDb } = await import('../tests/fixtures/factory.ts');
	const BALLOTS = 1_000;
	const server = await startServer();
	try {
		const db = openTestDb(server.dbFile);
		const p = await createPartnership(db, { vcse: 600, statutory: 400, grassroots: 150 });
		const headers = (cookie: string) => ({ cookie, origin: server.url, 'content-type': 'application/json' });
		const created = await fetch(`${server.url}/api/v1/workspaces/${p.workspace.id}/votes`, {
			method: 'POST',
			headers: headers(p.facilitator.cookie),
			body: JSON.stringify({
				question: 'Benchmark?',
				opensAt: Date.now() + 3_600_000,
				closesAt: Date.now() + 7_200_000
			})
		}).then((r) => r.json());
		await fetch(`${server.url}/api/v1/votes/${created.id}/open`, {
			method: 'POST',
			headers: headers(p.facilitator.cookie)
		});
		const cast = async (i: number, choice: string) => {
			const { org, delegate } = p.orgs[i % p.orgs.length];
			const res = await fetch(`${server.url}/api/v1/votes/${created.id}/ballots`, {
				method: 'POST',
				headers: headers(delegate.cookie),
				body: JSON.stringify({ organisationId: org.id, choice })
			});
			await res.arrayBuffer();
			if (res.status !== 200 && res.status !== 201) throw new Error(`ballot ${i}: HTTP ${res.status}`);
		};
		// Sequential: one person after another (latency per ballot).
		let start = performance.now();
		for (let i = 0; i < BALLOTS; i++) await cast(i, 'for');
		const sequential = performance.now() - start;
		// Concurrent: 20 clients at once, each changing a ballot (throughput).
		start = performance.now();
		let next = 0;
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				while (next < BALLOTS) await cast(next++, 'against');
			})
		);
		const concurrent = performance.now() - start;
		console.log(
			`api: ${BALLOTS} ballots cast one after another: ${sequential.toFixed(0)} ms (${(sequential / BALLOTS).toFixed(2)} ms each); ` +
				`${BALLOTS} changed by 20 concurrent clients: ${concurrent.toFixed(0)} ms (${((BALLOTS / concurrent) * 1000).toFixed(0)} ballots/s)`
		);
		db.$client.close();
	} finally {
		await server.stop();
		server.cleanup();
	}
}

benchTally();
if (process.argv.includes('--api')) await benchApi();
