// How the server runs: tests start it as `npm start` does (scripts/serve.sh, with Node's memory settings), and
// the memory report that scripts/bench-memory.ts reads is there only when PARITY_MEMORY_REPORT asks for it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, startServer, type TestServer } from '../fixtures/server.ts';

const started: TestServer[] = [];
afterAll(async () => {
	for (const s of started) {
		await s.stop();
		s.cleanup();
	}
});

async function start(env: Record<string, string> = {}) {
	const server = await startServer({ env });
	started.push(server);
	return server;
}

describe('the server process', () => {
	it('runs with the settings of npm start: 1 MiB semi-spaces, the compile cache and two malloc arenas', async () => {
		const server = await start();
		const pid = server.proc.pid!;
		const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		expect(args).toContain('--max-semi-space-size=1');
		expect(args).toContain(path.join(ROOT, 'server/index.ts'));
		const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
		// scripts/serve.sh keeps a value the environment already sets.
		expect(env).toContain(`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 2}`);
		expect(env).toContain(
			`NODE_COMPILE_CACHE=${process.env.NODE_COMPILE_CACHE ?? path.join(ROOT, '.cache/node')}`
		);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});

	it('prints its memory on SIGUSR2 when PARITY_MEMORY_REPORT is set, and goes on serving', async () => {
		const server = await start({ PARITY_MEMORY_REPORT: '1' });
		type Report = {
			usage: NodeJS.MemoryUsage;
			heapPhysical: number;
			spaces: Record<string, { size: number; used: number }>;
		};
		const reports: Report[] = [];
		const ask = async () => {
			server.proc.kill('SIGUSR2');
			await expect
				.poll(() => (server.output().match(/memory \{.*\}\n/g) ?? []).length, { timeout: 10_000 })
				.toBe(reports.length + 1);
			const all = [...server.output().matchAll(/memory (\{.*\})\n/g)];
			reports.push(JSON.parse(all[all.length - 1][1]) as Report);
			return reports[reports.length - 1];
		};
		const report = await ask();
		expect(report.usage.rss).toBeGreaterThan(0);
		expect(report.usage.heapUsed).toBeLessThanOrEqual(report.usage.heapTotal);
		expect(report.heapPhysical).toBeGreaterThan(0);
		// The young generation is two semi-spaces of at most 1 MiB each, once the server has settled: a report
		// taken while the start-up's last work is being collected may see it larger for a moment, so ask up to
		// three times, half a second apart.
		for (let i = 0; i < 2 && reports[reports.length - 1].spaces.new_space.size > 2 * 1024 * 1024; i++) {
			await new Promise((r) => setTimeout(r, 500));
			await ask();
		}
		expect(reports[reports.length - 1].spaces.new_space.size).toBeLessThanOrEqual(2 * 1024 * 1024);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		expect(server.proc.exitCode).toBeNull();
	});

	it('npm start primes the compile cache after a build, so the server it starts never loads the TypeScript stripper', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'parity-prime-'));
		try {
			const cache = path.join(dir, 'cache');
			const dbFile = path.join(dir, 'parity.db');
			// What scripts/node.sh runs after a build: the server's modules are loaded, nothing is opened.
			const prime = spawnSync(
				'bash',
				[path.join(ROOT, 'scripts/serve.sh'), path.join(ROOT, 'server/index.ts')],
				{
					cwd: ROOT,
					env: {
						...process.env,
						NODE_COMPILE_CACHE: cache,
						DATABASE_URL: `file:${dbFile}`,
						PARITY_PRIME_COMPILE_CACHE: '1'
					},
					encoding: 'utf8',
					timeout: 30_000
				}
			);
			expect(prime.status, prime.stderr).toBe(0);
			expect(existsSync(dbFile)).toBe(false);
			expect(readdirSync(cache).length).toBeGreaterThan(0);

			const server = await startServer({ env: { NODE_COMPILE_CACHE: cache, PARITY_MEMORY_REPORT: '1' } });
			server.proc.kill('SIGUSR2');
			await expect.poll(() => /memory \{.*\}\n/.test(server.output()), { timeout: 10_000 }).toBe(true);
			const report = JSON.parse(/memory (\{.*\})\n/.exec(server.output())![1]) as {
				typescriptStripper: boolean;
			};
			await server.stop();
			server.cleanup();
			expect(report.typescriptStripper).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
