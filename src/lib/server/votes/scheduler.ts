/**
 * Opens and closes votes at their times, even if nobody visits. On start it catches up on everything that
 * fell due while the server was down; then it sets a timer to the next due time, and checks periodically
 * in case another process (the admin CLI, a second server on the same file) changed a vote's times.
 * Code in the SvelteKit handler pokes it through `globalThis[Symbol.for('parity.scheduler')]` when a
 * vote's times change, since the handler bundles its own copy of this module.
 */
import { detached, type DB } from '../db/index.ts';
import { logError } from '../log.ts';
import { catchUp } from './lifecycle.ts';
import { dueVoteIds, nextDueAt } from './repository.ts';

const KEY = Symbol.for('parity.scheduler');
/** setTimeout's largest delay (about 24.8 days). */
const MAX_DELAY = 2 ** 31 - 1;

type State = { db: DB; timer: NodeJS.Timeout | null; interval: NodeJS.Timeout; running: boolean };
let state: State | null = null;

export type SchedulerOptions = { checkEveryMs?: number; log?: (message: string) => void };

/** Opens and closes every vote that is due now. Returns what it did; errors are logged, not thrown. */
export async function runDue(db: DB, now = Date.now(), log: (m: string) => void = logError) {
	const done = { opened: [] as string[], closed: [] as string[] };
	for (const id of await dueVoteIds(db, now)) {
		try {
			const r = await catchUp(db, id, now);
			if (r.opened) done.opened.push(id);
			if (r.closed) done.closed.push(id);
		} catch (e) {
			log(`scheduler: vote ${id}: ${(e as Error).message}`);
		}
	}
	return done;
}

async function arm(log: (m: string) => void): Promise<void> {
	if (!state) return;
	if (state.timer) clearTimeout(state.timer);
	state.timer = null;
	let next: number | null;
	try {
		next = await nextDueAt(state.db);
	} catch (e) {
		log(`scheduler: ${(e as Error).message}`);
		return;
	}
	if (next === null) return;
	const delay = Math.min(Math.max(next - Date.now(), 0), MAX_DELAY);
	state.timer = setTimeout(async () => await tick(log), delay);
	state.timer.unref();
}

async function tick(log: (m: string) => void): Promise<void> {
	if (!state || state.running) return;
	state.running = true;
	try {
		await runDue(state.db, Date.now(), log);
	} finally {
		if (state) state.running = false;
	}
	await arm(log);
}

/** Starts the scheduler for this process (once; a second call is ignored) and catches up at once. */
export async function startScheduler(db: DB, options: SchedulerOptions = {}): Promise<void> {
	if (state) return;
	const log = options.log ?? logError;
	const interval = setInterval(async () => await tick(log), options.checkEveryMs ?? 30_000);
	interval.unref();
	state = { db, timer: null, interval, running: false };
	// A poke comes from inside a transaction (a vote's times changed): the scheduler reads outside it.
	(globalThis as Record<symbol, unknown>)[KEY] = { poke: async () => await detached(db, () => arm(log)) };
	await tick(log);
}

export function stopScheduler(): void {
	if (!state) return;
	if (state.timer) clearTimeout(state.timer);
	clearInterval(state.interval);
	state = null;
	delete (globalThis as Record<symbol, unknown>)[KEY];
}
