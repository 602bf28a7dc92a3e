/**
 * Checkpoints off the event loop. In WAL mode SQLite copies the log's pages back into the database file
 * (a checkpoint) when the log passes 1 000 pages, inside the COMMIT that crossed the line, with an fsync of
 * the file: on a busy server that stalled every socket for tens or hundreds of milliseconds. Here the writer's
 * automatic checkpoint is off; the size of the log is looked at once a second, and past the same 4 MiB a
 * thread with a connection of its own checkpoints it, started when needed and gone after half a minute with
 * nothing to do. Nothing about durability changes: a commit is in the log before it is acknowledged, as
 * before, and a log that is never checkpointed is still read whole after a crash. If the thread cannot be
 * started, or the log grows past 16 times the mark anyway, the main thread checkpoints as SQLite would have.
 */
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** The log size that starts a checkpoint: SQLite's own default, 1 000 pages of 4 KiB. */
export const CHECKPOINT_BYTES = 4 * 1024 * 1024;
const MAIN_THREAD_BYTES = 16 * CHECKPOINT_BYTES;
/**
 * What the log file is cut back to when it starts over after a checkpoint. SQLite otherwise keeps the file at
 * the largest size it ever had, and its size would no longer tell how much the log holds: past the mark once,
 * a checkpoint every second; past 16 times the mark once, every checkpoint on the main thread.
 */
const KEPT_BYTES = CHECKPOINT_BYTES / 4;
const LOOK_EVERY_MS = 1_000;
const IDLE_MS = 30_000;

export type CheckpointReport = { busy: number; log: number; checkpointed: number };

/** The thread's code: beside this module when it runs from source, else under the project's folder. */
function workerFile(): string | null {
	const root = process.env.PARITY_ROOT ?? process.cwd();
	const files = [
		path.join(import.meta.dirname ?? '', 'checkpoint-worker.ts'),
		path.resolve(root, 'src/lib/server/db/checkpoint-worker.ts')
	];
	return files.find((f) => existsSync(f)) ?? null;
}

/** The log file's size, and when it was last written (`size:mtime`, to tell whether it changed). */
async function logState(file: string): Promise<{ size: number; seen: string }> {
	try {
		const s = await stat(`${file}-wal`);
		return { size: s.size, seen: `${s.size}:${s.mtimeMs}` };
	} catch {
		return { size: 0, seen: '' };
	}
}

export class Checkpointer {
	readonly #client: Database.Database;
	readonly #file: string;
	#worker: Worker | null = null;
	#next = 1;
	#waiting = new Map<number, (r: CheckpointReport | null) => void>();
	#timer: ReturnType<typeof setInterval> | null = null;
	#idle: ReturnType<typeof setTimeout> | null = null;
	#running = false;
	readonly #idleMs: number;
	/** How many checkpoints ran, and where; SQLite's report of the last one run by the thread. */
	readonly counts = { thread: 0, main: 0 };
	lastReport: CheckpointReport | null = null;
	/** The log file as it was before the last checkpoint that copied all of it: unchanged, nothing to copy. */
	#copied: string | null = null;

	readonly #code: string | null;

	/** `code`: the thread's module (found by default; null runs every checkpoint on the main thread). */
	constructor(
		client: Database.Database,
		file: string,
		options: { idleMs?: number; code?: string | null } = {}
	) {
		this.#client = client;
		this.#file = file;
		this.#idleMs = options.idleMs ?? IDLE_MS;
		this.#code = options.code === undefined ? workerFile() : options.code;
	}

	/** Turns the writer's own checkpoints off and starts looking at the log. */
	start(): void {
		this.#client.pragma('wal_autocheckpoint = 0');
		this.#client.pragma(`journal_size_limit = ${KEPT_BYTES}`);
		this.#timer = setInterval(() => void this.look(), LOOK_EVERY_MS);
		this.#timer.unref();
	}

	/** Checkpoints when the log is past the mark; resolves when done (or at once when not needed). */
	async look(): Promise<void> {
		if (this.#running || !this.#timer) return;
		// The connection was closed without closeDatabase (a script done with it): nothing left to look after.
		if (!this.#client.open) return this.stop();
		this.#running = true;
		try {
			const { size, seen } = await logState(this.#file);
			if (size < CHECKPOINT_BYTES || seen === this.#copied || !this.#timer) return;
			let report = size < MAIN_THREAD_BYTES ? await this.#inThread() : null;
			if (report) {
				this.counts.thread += 1;
				this.lastReport = report;
			} else if (this.#timer) {
				[report] = this.#client.pragma('wal_checkpoint(PASSIVE)') as CheckpointReport[];
				this.counts.main += 1;
			}
			// All copied: until the log is written again (which starts it over and cuts the file back to
			// KEPT_BYTES), its file keeps its size and there is nothing to do.
			if (report && report.busy === 0 && report.checkpointed === report.log) this.#copied = seen;
		} finally {
			this.#running = false;
		}
	}

	/**
	 * Stops looking and lets the thread go; SQLite checkpoints the rest when the last connection closes (the
	 * thread's, when it closes after the writer: see `close`).
	 */
	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#stopThread();
	}

	/**
	 * Stops, and resolves once the thread's connection is closed (at most `waitMs`): closing the writer after
	 * this makes it the file's last connection, which copies the rest of the log into the file and removes it.
	 */
	async close(waitMs = 2_000): Promise<void> {
		const worker = this.#worker;
		this.stop();
		if (!worker) return;
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([
			new Promise((resolve) => worker.once('exit', resolve)),
			new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))
		]);
		clearTimeout(timer);
	}

	#inThread(): Promise<CheckpointReport | null> {
		const worker = this.#thread();
		if (!worker) return Promise.resolve(null);
		if (this.#idle) clearTimeout(this.#idle);
		const id = this.#next++;
		return new Promise((resolve) => {
			this.#waiting.set(id, resolve);
			worker.ref();
			worker.postMessage({ id });
		});
	}

	#thread(): Worker | null {
		if (this.#worker) return this.#worker;
		if (!this.#code) return null;
		let worker: Worker;
		try {
			worker = new Worker(this.#code, { workerData: { file: this.#file } });
		} catch {
			return null;
		}
		worker.on('message', (m: { id: number; ok: boolean; report?: CheckpointReport }) => {
			const resolve = this.#waiting.get(m.id);
			this.#waiting.delete(m.id);
			resolve?.(m.ok ? (m.report ?? null) : null);
			if (this.#waiting.size === 0) {
				worker.unref();
				this.#idle = setTimeout(() => this.#stopThread(), this.#idleMs);
				this.#idle.unref();
			}
		});
		const gone = () => {
			if (this.#worker === worker) this.#worker = null;
			for (const resolve of this.#waiting.values()) resolve(null);
			this.#waiting.clear();
		};
		worker.on('error', gone);
		worker.on('exit', gone);
		worker.unref();
		this.#worker = worker;
		return worker;
	}

	#stopThread(): void {
		if (this.#idle) clearTimeout(this.#idle);
		this.#idle = null;
		const worker = this.#worker;
		this.#worker = null;
		worker?.postMessage('stop');
	}

	/** Whether the checkpoint thread is running now. */
	get threadRunning(): boolean {
		return this.#worker !== null;
	}
}
