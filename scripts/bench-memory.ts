/**
 * Memory benchmark: what the server holds when idle and at the peak of 20 clients editing one document.
 * Needs a build (`npx vite build`); see docs/performance.md, "Memory".
 *
 *   node scripts/bench-memory.ts [--wait 60] [--register] [--load] [--clients 20] [--rate 2] [--duration 30]
 *                                [--ack] [--node-defaults]
 *
 * It loads the demo partnership into a temporary database (`npm run demo`'s code), starts the built server as
 * `npm start` does (scripts/serve.sh, on a free port so the handler is imported before listening), leaves it
 * alone for `--wait` seconds with no connection, then prints the process's resident memory from /proc and its
 * parts from the server itself: PARITY_MEMORY_REPORT=1 makes it print `process.memoryUsage()` and V8's heap
 * spaces on SIGUSR2 (off by default; nothing is served over the network).
 *
 * `--register` verifies the demo register through the API first (the work runs in the register's worker thread),
 * so the idle figures show whether that thread is still held after `--wait` seconds.
 *
 * With `--load`, `--clients` real WebsocketProvider clients (one editor's API token) then type into one demo
 * document, each `--rate` edits a second for `--duration` seconds (the collaboration benchmark's S1), while
 * /proc is sampled every 100 ms; it prints the peak and the parts at the end of the load. `--ack`: the clients
 * ask for save confirmations (`?ack=1`), as the browser's editor does, and the count they received is printed.
 * `--node-defaults` starts `node server/index.ts` without scripts/serve.sh's settings, for comparison.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { and, eq } from 'drizzle-orm';
import { connect, type Client } from '../tests/fixtures/collab-client.ts';
import type { TestServer } from '../tests/fixtures/server.ts';
import { closeDatabase, openDatabase } from '../src/lib/server/db/index.ts';
import { documents, users, workspaceMembers, workspaces } from '../src/lib/server/db/schema/index.ts';
import { createApiToken } from '../src/lib/server/auth/tokens.ts';
import { DEMO_SLUG } from '../src/lib/server/demo.ts';
import { FRAGMENT } from '../src/lib/domain/fragment.ts';

const { values } = parseArgs({
	options: {
		wait: { type: 'string', default: '60' },
		load: { type: 'boolean', default: false },
		register: { type: 'boolean', default: false },
		clients: { type: 'string', default: '20' },
		rate: { type: 'string', default: '2' },
		duration: { type: 'string', default: '30' },
		ack: { type: 'boolean', default: false },
		'node-defaults': { type: 'boolean', default: false }
	}
});
const WAIT_S = Number(values.wait);
const CLIENTS = Number(values.clients);
const RATE = Number(values.rate);
const DURATION_S = Number(values.duration);

// Every WebsocketProvider listens for the process's exit.
process.setMaxListeners(0);

const ROOT = path.resolve(import.meta.dirname, '..');
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Report = {
	usage: NodeJS.MemoryUsage;
	heapPhysical: number;
	spaces: Record<string, { size: number; used: number }>;
	code: { code_and_metadata_size: number; bytecode_and_metadata_size: number };
	typescriptStripper: boolean;
};

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const a = s.address();
			s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
		});
	});
}

/** VmRSS, RssAnon, RssFile, VmHWM (bytes) and Threads from /proc/PID/status. */
function procStatus(pid: number): Record<string, number> {
	const out: Record<string, number> = {};
	for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
		const m = /^(VmRSS|RssAnon|RssFile|VmHWM|Threads):\s+(\d+)(?: kB)?/.exec(line);
		if (m) out[m[1]] = m[1] === 'Threads' ? Number(m[2]) : Number(m[2]) * 1024;
	}
	return out;
}

/** CPU time the process has used, user + system (s), from /proc/PID/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

const dir = mkdtempSync(path.join(tmpdir(), 'parity-memory-'));
const dbFile = path.join(dir, 'parity.db');
const env = { ...process.env, DATABASE_URL: `file:${dbFile}` };

const demo = spawnSync(process.execPath, [path.join(ROOT, 'server/admin.ts'), 'demo'], {
	cwd: ROOT,
	env,
	encoding: 'utf8'
});
if (demo.status !== 0) throw new Error(`loading the demo failed:\n${demo.stdout}${demo.stderr}`);

const port = await freePort();
const args = values['node-defaults']
	? [process.execPath, [path.join(ROOT, 'server/index.ts')]]
	: ['bash', [path.join(ROOT, 'scripts/serve.sh'), path.join(ROOT, 'server/index.ts')]];
const proc: ChildProcess = spawn(args[0] as string, args[1] as string[], {
	cwd: ROOT,
	env: {
		...env,
		// scripts/serve.sh runs the Node running this script.
		PARITY_NODE: process.execPath,
		PORT: String(port),
		HOST: '127.0.0.1',
		PARITY_MEMORY_REPORT: '1'
	},
	stdio: ['ignore', 'pipe', 'pipe']
});
let out = '';
proc.stdout!.on('data', (d) => (out += d));
proc.stderr!.on('data', (d) => (out += d));
const pid = proc.pid!;

async function until(check: () => boolean, what: string, ms = 60_000) {
	const end = Date.now() + ms;
	while (!check()) {
		if (proc.exitCode !== null) throw new Error(`the server exited:\n${out}`);
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${out}`);
		await sleep(50);
	}
}

/** Asks the server for its parts (SIGUSR2) and reads the line it prints. */
async function report(): Promise<Report> {
	const from = out.length;
	process.kill(pid, 'SIGUSR2');
	await until(() => /memory \{.*\}\n/.test(out.slice(from)), 'the memory report');
	return JSON.parse(/memory (\{.*\})\n/.exec(out.slice(from))![1]) as Report;
}

function print(title: string, status: Record<string, number>, r: Report, peak?: number) {
	const f = (n: number) => (n / MiB).toFixed(1);
	const u = r.usage;
	const s = (name: string) => r.spaces[name] ?? { size: 0, used: 0 };
	const large = ['large_object_space', 'new_large_object_space', 'code_large_object_space'];
	const rows: [string, string][] = [
		...(peak === undefined
			? []
			: ([['peak RSS while editing (sampled every 100 ms)', f(peak)]] as [string, string][])),
		['RSS (VmRSS)', f(status.VmRSS)],
		['  anonymous (RssAnon)', f(status.RssAnon)],
		['  file-backed: the node binary, libraries (RssFile)', f(status.RssFile)],
		['threads', String(status.Threads)],
		['V8 heap, reserved (heapTotal)', f(u.heapTotal)],
		['  resident (total_physical_size)', f(r.heapPhysical)],
		['  used (heapUsed)', f(u.heapUsed)],
		['  young generation (new_space size)', f(s('new_space').size)],
		['  old space size / used', `${f(s('old_space').size)} / ${f(s('old_space').used)}`],
		['  code space size', f(s('code_space').size)],
		['  large objects size', f(large.reduce((a, n) => a + s(n).size, 0))],
		[
			'  compiled code + bytecode (used)',
			f(r.code.code_and_metadata_size + r.code.bytecode_and_metadata_size)
		],
		['external (Buffers, SQLite handles, WebAssembly)', f(u.external)],
		['  of which ArrayBuffers', f(u.arrayBuffers)],
		['the rest: RSS − resident heap − external', f(status.VmRSS - r.heapPhysical - u.external)],
		['  of which file-backed (RssFile above)', f(status.RssFile)]
	];
	console.log(`\n${title}`);
	const w = Math.max(...rows.map((r) => r[0].length));
	for (const [k, v] of rows)
		console.log(`  ${k.padEnd(w)}  ${v.padStart(8)} MiB`.replace(/ MiB$/, k === 'threads' ? '' : ' MiB'));
	console.log(
		`  TypeScript stripper loaded (a module missed the compile cache): ${r.typescriptStripper ? 'yes' : 'no'}`
	);
}

try {
	await until(() => /Parity listening on/.test(out), 'the server to start');
	console.log(
		`server pid ${pid} on port ${port}, ${values['node-defaults'] ? 'node server/index.ts (Node defaults)' : 'scripts/serve.sh (as npm start)'}; ` +
			`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${loadavg()
				.map((n) => n.toFixed(2))
				.join(' ')}`
	);
	const db = openDatabase({ url: `file:${dbFile}`, migrate: false, busyTimeout: 5000 });
	const [editor] = await db
		.select({ userId: workspaceMembers.userId, workspaceId: workspaces.id })
		.from(workspaceMembers)
		.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(and(eq(workspaces.slug, DEMO_SLUG), eq(workspaceMembers.role, 'editor')))
		.limit(1);
	const [doc] = await db
		.select({ id: documents.id, title: documents.title })
		.from(documents)
		.where(eq(documents.workspaceId, editor.workspaceId))
		.limit(1);
	const { token } = await createApiToken(db, {
		userId: editor.userId,
		name: 'memory benchmark',
		scope: 'write'
	});
	closeDatabase(db);

	if (values.register) {
		// One verification of the demo register through the API, as a visitor's register page would ask.
		const res = await fetch(
			`http://127.0.0.1:${port}/api/v1/workspaces/${editor.workspaceId}/register/verify`,
			{
				headers: { authorization: `Bearer ${token}` }
			}
		);
		const body = (await res.json()) as { ok?: boolean; entries?: number };
		if (res.status !== 200 || !body.ok) throw new Error(`register verification failed: ${res.status}`);
		console.log(
			`register verified (${body.entries} entries); the server now has ${procStatus(pid).Threads} threads, RSS ${(procStatus(pid).VmRSS / MiB).toFixed(1)} MiB`
		);
	}

	console.log(`idle, no connection, for ${WAIT_S} s …`);
	await sleep(WAIT_S * 1000);
	print(`idle after ${WAIT_S} s`, procStatus(pid), await report());

	if (values.load) {
		const server = { port, url: `http://127.0.0.1:${port}` } as TestServer;
		const clients: Client[] = [];
		for (let i = 0; i < CLIENTS; i++) clients.push(connect(server, doc.id, { token }, { ack: values.ack }));
		await Promise.all(clients.map((c) => c.synced()));
		console.log(
			`\n${CLIENTS} clients typing into “${doc.title}”, ${RATE} edits/s each, for ${DURATION_S} s …`
		);

		let peak = 0;
		const confirmations = () => clients.reduce((n, c) => n + c.saved.length, 0);
		const confirmedBefore = confirmations();
		const cpuBefore = cpuSeconds(pid);
		const sampler = setInterval(() => (peak = Math.max(peak, procStatus(pid).VmRSS)), 100);
		const typing = clients.map((c, i) => {
			const type = () =>
				c.doc.transact(() => {
					const paragraphs = c.doc
						.getXmlFragment(FRAGMENT)
						.toArray()
						.filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph');
					const p = paragraphs[i % paragraphs.length];
					const text = p?.get(0);
					if (text instanceof Y.XmlText) text.insert(Math.floor(Math.random() * (text.length + 1)), 'x');
					else p?.insert(0, [new Y.XmlText('x')]);
				});
			// Spread the clients' edits over the interval.
			let timer: NodeJS.Timeout;
			const start = setTimeout(
				() => {
					timer = setInterval(type, 1000 / RATE);
				},
				Math.random() * (1000 / RATE)
			);
			return () => {
				clearTimeout(start);
				clearInterval(timer);
			};
		});
		await sleep(DURATION_S * 1000);
		for (const stop of typing) stop();
		const cpu = cpuSeconds(pid) - cpuBefore;
		const confirmed = confirmations() - confirmedBefore;
		const atEnd = await report();
		const statusAtEnd = procStatus(pid);
		clearInterval(sampler);
		peak = Math.max(peak, statusAtEnd.VmRSS);

		// Every client ends with the same text.
		const text = (c: Client) => c.doc.getXmlFragment(FRAGMENT).toString();
		const end = Date.now() + 30_000;
		while (clients.some((c) => text(c) !== text(clients[0])) && Date.now() < end) await sleep(100);
		const converged = clients.every((c) => text(c) === text(clients[0]));
		for (const c of clients) c.destroy();
		print(
			`at the end of the editing (all ${CLIENTS} clients ${converged ? 'converged' : 'did NOT converge'})`,
			statusAtEnd,
			atEnd,
			peak
		);
		console.log(`  VmHWM (highest RSS since start)  ${(statusAtEnd.VmHWM / MiB).toFixed(1)} MiB`);
		console.log(`  server CPU while editing  ${cpu.toFixed(2)} s in ${DURATION_S} s`);
		if (values.ack) console.log(`  save confirmations the clients received while editing  ${confirmed}`);
		if (!converged) process.exitCode = 1;
	}
} finally {
	proc.kill('SIGTERM');
	await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
	rmSync(dir, { recursive: true, force: true });
}
// The clients' sockets may keep the event loop alive for a moment after they are destroyed.
process.exit();
