// Disk used by one document (docs/performance.md, "Disk"): the shared benchmark's S3 document — one client
// writes 20 000 transactions of three characters at random positions of a Y.Text, a second client confirms
// the server holds all of it — written through the real production entry (scripts/bench-server.ts, which
// runs server/index.ts on the built handler), then left idle until the room is evicted and its log folded.
// Measures the data folder (database file + WAL, after `PRAGMA wal_checkpoint(TRUNCATE)`) freshly migrated
// and again after the document went idle, and prints the bytes added against the document's Yjs state.
//   npx vite build && node scripts/bench-disk.ts [--updates 20000] [--seed 42] [--evict-ms 1000] [--no-idle]
// --no-idle stops the server (SIGTERM, which folds the log too) right after the second client confirmed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { closeDatabase, openDatabase } from '../src/lib/server/db/index.ts';

const { values } = parseArgs({
	options: {
		updates: { type: 'string', default: '20000' },
		seed: { type: 'string', default: '42' },
		'evict-ms': { type: 'string', default: '1000' },
		'no-idle': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false }
	}
});
const UPDATES = Number(values.updates);
const CHARS = 3;
const root = path.resolve(import.meta.dirname, '..');
const buildOut = path.resolve(root, process.env.PARITY_BUILD_OUT ?? 'build');
const dir = mkdtempSync(path.join(tmpdir(), 'parity-disk-'));
const dbFile = path.join(dir, 'parity.db');
const token = `parity_pat_bench${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex')}`;
const room = 'disk-doc';

/** The harness's generator (shared/bench/src/stats.mjs `rng`), so the document is S3's. */
function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

let out = '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms: number): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the server said:\n${out}`);
		await sleep(50);
	}
}

/** Bytes of the files in the data folder (the database, its WAL and shared-memory files). */
function folderBytes(): number {
	let total = 0;
	for (const f of readdirSync(dir)) total += statSync(path.join(dir, f)).size;
	return total;
}

/** Checkpoints the WAL into the database file and truncates it, then measures the folder (once closed). */
function checkpointAndMeasure(): { bytes: number; pages: number; free: number; autoVacuum: number } {
	const c = new Database(dbFile);
	let facts: { pages: number; free: number; autoVacuum: number };
	try {
		c.pragma('wal_checkpoint(TRUNCATE)');
		facts = {
			pages: c.pragma('page_count', { simple: true }) as number,
			free: c.pragma('freelist_count', { simple: true }) as number,
			autoVacuum: c.pragma('auto_vacuum', { simple: true }) as number
		};
	} finally {
		c.close();
	}
	return { bytes: folderBytes(), ...facts };
}

/** Bytes per table and index (SQLite's dbstat), largest first. */
function breakdown(): { name: string; bytes: number }[] {
	const c = new Database(dbFile, { readonly: true });
	try {
		return c
			.prepare(
				'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name HAVING bytes > 4096 ORDER BY bytes DESC'
			)
			.all() as { name: string; bytes: number }[];
	} catch {
		return [];
	} finally {
		c.close();
	}
}

// 1. A freshly migrated data folder.
closeDatabase(openDatabase({ url: `file:${dbFile}`, migrationsFolder: path.join(root, 'drizzle') }));
const base = checkpointAndMeasure();

// 2. The real server on that folder.
const server = spawn(
	process.execPath,
	[path.join(root, 'scripts/bench-server.ts'), '--data', dir, '--port', '0'],
	{
		cwd: root,
		env: {
			...process.env,
			PARITY_HANDLER: path.join(buildOut, 'handler.js'),
			PARITY_BENCH_TOKEN: token,
			COLLAB_BENCH_WORKSPACE: 'benchworkspace',
			COLLAB_IDLE_EVICT_MS: values['evict-ms'],
			NODE_ENV: 'production',
			ORIGIN: ''
		},
		stdio: ['ignore', 'pipe', 'pipe']
	}
);
server.stdout.on('data', (d) => (out += d));
server.stderr.on('data', (d) => (out += d));
const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
let port = 0;
await until(
	() => {
		const m = /Parity listening on \S+ \(port (\d+)\)/.exec(out);
		if (m) port = Number(m[1]);
		if (server.exitCode !== null) throw new Error(`the server exited:\n${out}`);
		return port > 0;
	},
	'the server to start (build it first: npx vite build)',
	60_000
);

class AuthedWebSocket extends WebSocket {
	constructor(url: string, protocols?: string | string[]) {
		super(url, protocols, { headers: { authorization: `Bearer ${token}` } });
	}
}

function client(): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, room, doc, {
		WebSocketPolyfill: AuthedWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => {
		const on = (s: boolean) => {
			if (!s) return;
			provider.off('sync', on);
			resolve();
		};
		provider.on('sync', on);
	});
	return { doc, provider, synced };
}

// 3. S3's document: one transaction (one update message) per insert.
const writer = client();
await writer.synced;
const text = writer.doc.getText('t');
const rand = rng(Number(values.seed));
const alphabet = 'abcdefghijklmnopqrstuvwxyz';
const started = Date.now();
for (let i = 0; i < UPDATES; i++) {
	let s = '';
	for (let j = 0; j < CHARS; j++) s += alphabet[(i + j) % 26];
	text.insert(Math.floor(rand() * (text.length + 1)), s);
	if (i % 250 === 249) {
		await new Promise((r) => setImmediate(r));
		while ((writer.provider.ws?.bufferedAmount ?? 0) > 1 << 20) await sleep(5);
	}
}
const verifier = client();
await verifier.synced;
await until(
	() => verifier.doc.getText('t').length === UPDATES * CHARS,
	'the second client to see it all',
	120_000
);
const writeMs = Date.now() - started;
const stateBytes = Y.encodeStateAsUpdate(writer.doc).length;
writer.provider.destroy();
verifier.provider.destroy();

// 4. Idle: the room is evicted, its log folded into the snapshot and the freed pages given back.
const reader = new Database(dbFile, { readonly: true });
const logRows = reader.prepare('SELECT count(*) FROM collab_updates').pluck();
const freePages = reader.prepare('PRAGMA freelist_count').pluck();
if (!values['no-idle']) {
	await until(() => logRows.get() === 0, 'the log to be folded', 120_000);
	// Then until the free-page count has settled (it reaches 0 with incremental auto-vacuum).
	let last = -1;
	let stable = 0;
	await until(
		() => {
			const free = freePages.get() as number;
			stable = free === last ? stable + 1 : 0;
			last = free;
			return free === 0 || stable >= 40;
		},
		'the free pages to settle',
		120_000
	);
}
reader.close();
// The folder as the running server leaves it (its WAL and shared-memory files included, no checkpoint of ours).
const live = folderBytes();
server.kill('SIGTERM');
const code = await exited;
if (code !== 0) throw new Error(`the server exited with ${code}:\n${out}`);

// 5. The same measure as S3's, after a checkpoint.
const after = checkpointAndMeasure();
const added = after.bytes - base.bytes;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`document: ${UPDATES} updates of ${CHARS} characters, written and confirmed in ${writeMs} ms`);
console.log(`Yjs state (Y.encodeStateAsUpdate): ${stateBytes} bytes (${kib(stateBytes)})`);
console.log(
	`data folder freshly migrated: ${base.bytes} bytes (${base.pages} pages, ${base.free} free, auto_vacuum ${base.autoVacuum})`
);
console.log(
	`data folder ${values['no-idle'] ? 'after SIGTERM' : 'after idle and SIGTERM'}: ${after.bytes} bytes (${after.pages} pages, ${after.free} free)`
);
if (!values['no-idle'])
	console.log(`data folder while the server runs, idle (WAL and shared memory included): ${live} bytes`);
console.log(`added: ${added} bytes (${kib(added)}), ${(added / stateBytes).toFixed(3)} × the Yjs state`);
for (const b of breakdown()) console.log(`  ${b.name}: ${b.bytes} bytes`);
if (values.keep) console.log(`kept: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
// The destroyed providers' timers would keep the process alive a while.
process.exit(0);
