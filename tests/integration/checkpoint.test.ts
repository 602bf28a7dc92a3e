// Checkpoints off the event loop: the writer's automatic checkpoint is off, a thread with its own connection
// copies the log into the database file once it passes the mark and goes when idle, the log then starts over
// instead of growing, and nothing written is lost — also when the thread cannot be started.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, checkpointerOf, openDatabase } from '../../src/lib/server/db/index.ts';
import { CHECKPOINT_BYTES, Checkpointer } from '../../src/lib/server/db/checkpoint.ts';

let dir: string;
let file: string;

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'parity-checkpoint-'));
	file = path.join(dir, 'parity.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const logBytes = () => statSync(`${file}-wal`).size;

/** A raw connection set up as the server's writer is, with a table of rows of `bytes` each. */
function rawWriter() {
	const client = new Database(file);
	client.pragma('journal_mode = WAL');
	client.pragma('synchronous = NORMAL');
	client.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB)');
	const insert = client.prepare('INSERT INTO filler (body) VALUES (?)');
	const fill = (bytes: number) => {
		for (let written = 0; written < bytes; written += 64 * 1024) insert.run(Buffer.alloc(64 * 1024, 7));
	};
	return { client, fill };
}

describe('checkpoints', () => {
	it('are taken by a thread of their own past the mark, the log starts over, and the thread goes when idle', async () => {
		const { client, fill } = rawWriter();
		const checkpoints = new Checkpointer(client, file, { idleMs: 200 });
		checkpoints.start();
		expect(client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

		// Under the mark: nothing happens.
		fill(CHECKPOINT_BYTES / 4);
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 0, main: 0 });

		// Past it: the thread copies every page of the log, and the writer's commits did not do it themselves.
		fill(CHECKPOINT_BYTES);
		const before = logBytes();
		expect(before).toBeGreaterThan(CHECKPOINT_BYTES);
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 1, main: 0 });
		expect(checkpoints.lastReport?.busy).toBe(0);
		expect(checkpoints.lastReport?.checkpointed).toBe(checkpoints.lastReport?.log);
		expect(checkpoints.threadRunning).toBe(true);

		// The next writes reuse the log from its start: it does not grow past what it was.
		fill(CHECKPOINT_BYTES / 2);
		expect(logBytes()).toBeLessThan(before);

		// Idle: the thread goes, and comes back when needed.
		await expect.poll(() => checkpoints.threadRunning, { timeout: 5_000 }).toBe(false);
		fill(CHECKPOINT_BYTES);
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 2, main: 0 });
		checkpoints.stop();
		const rows = client.prepare('SELECT count(*) AS n FROM filler').get() as { n: number };
		client.close();

		// Everything written is there after the file is opened again.
		const again = new Database(file, { readonly: true });
		expect(again.prepare('SELECT count(*) AS n FROM filler').get()).toEqual(rows);
		again.close();
	});

	it('are not taken again for a log already copied, nor on the main thread once the log went past 16 times the mark', async () => {
		const { client, fill } = rawWriter();
		const checkpoints = new Checkpointer(client, file, { idleMs: 60_000 });
		checkpoints.start();

		// Copied whole, the log is not copied again while nothing is written.
		fill(CHECKPOINT_BYTES);
		await checkpoints.look();
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 1, main: 0 });

		// A small write starts the log over: its file is cut back, and there is nothing to do until the mark.
		fill(64 * 1024);
		expect(logBytes()).toBeLessThan(CHECKPOINT_BYTES);
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 1, main: 0 });

		// A log that went past 16 times the mark is checkpointed on the main thread, once; the next go to the thread.
		fill(16 * CHECKPOINT_BYTES + 64 * 1024);
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 1, main: 1 });
		fill(CHECKPOINT_BYTES);
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 2, main: 1 });
		checkpoints.stop();
		client.close();
	});

	it('let the server’s connection be the last one at shutdown, so the log is emptied into the file', async () => {
		const db = openDatabase({ url: `file:${file}` });
		db.$client.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
		const insert = db.$client.prepare('INSERT INTO filler (body) VALUES (?)');
		for (let written = 0; written <= CHECKPOINT_BYTES; written += 64 * 1024)
			insert.run(Buffer.alloc(64 * 1024, 7));
		const checkpoints = checkpointerOf(db)!;
		await checkpoints.look();
		expect(checkpoints.threadRunning).toBe(true);
		insert.run(Buffer.alloc(64 * 1024, 8));
		await checkpoints.close();
		closeDatabase(db);
		expect(existsSync(`${file}-wal`)).toBe(false);
		const again = new Database(file, { readonly: true });
		expect(again.prepare('SELECT count(*) AS n FROM filler').pluck().get()).toBe(66);
		again.close();
	});

	it('fall back to the main thread when the thread cannot be started', async () => {
		const { client, fill } = rawWriter();
		const checkpoints = new Checkpointer(client, file, { code: null });
		checkpoints.start();
		fill(CHECKPOINT_BYTES + 64 * 1024);
		await checkpoints.look();
		expect(checkpoints.counts).toEqual({ thread: 0, main: 1 });
		checkpoints.stop();
		client.close();
	});

	it('are set up for the server’s database file, and not for one in memory', () => {
		const db = openDatabase({ url: `file:${file}` });
		expect(checkpointerOf(db)).not.toBeNull();
		expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		closeDatabase(db);
		const memory = openDatabase({ url: ':memory:' });
		expect(checkpointerOf(memory)).toBeNull();
		closeDatabase(memory);
	});
});
