// The background jobs (the vote scheduler and the mail worker, with the reminders, digests, overdue notices and
// pruning it runs) run in one process per database. On SQLite one process serves the database anyway (the
// lease, db/lease.ts), so they simply start. On PostgreSQL several processes may serve it (REDIS_URL): each one
// asks for the jobs' lease, a session-level advisory lock held on a connection of its own, and the one that
// gets it runs the jobs while the others ask again every few seconds. PostgreSQL drops the lock when that
// connection ends, however the process ends (SIGKILL too), so another process takes over within the retry
// time and catches up on what fell due meanwhile. The work itself is claimed under the write lock (a vote
// closes only while open, a message is sent only once claimed, a digest only if nobody sent it meanwhile), so
// even two runners for a moment (a leader cut off from the database) never do the same thing twice.
//
// A change made on a process that does not run the jobs (a vote's times, a message queued) reaches the
// leader through PostgreSQL's NOTIFY, so it need not wait for its next look.
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { engineOf, inTransaction, type DB } from '../db/index.ts';
import { poolOf } from '../db/postgres.ts';

/** The advisory lock the process that runs the jobs holds (the other keys are in db/postgres.ts and lease.ts). */
export const JOBS_LOCK = 0x5041524954590004n;
/** The channel on which other processes poke the leader. */
const CHANNEL = 'parity_jobs';
/** What the leader can be poked about, and the hook each one's module installs (votes/scheduler.ts, mail/worker.ts). */
const HOOKS = { scheduler: Symbol.for('parity.scheduler'), mail: Symbol.for('parity.mailer') } as const;
type Kind = keyof typeof HOOKS;

export type Jobs = { start: () => Promise<void>; stop: () => Promise<void> };

export type Leadership = {
	/** Whether this process runs the jobs now. */
	leading: () => boolean;
	/** Stops the jobs (if this process runs them) and gives the lease up. */
	stop: () => Promise<void>;
};

/** The handle inside a PostgreSQL transaction (the seam's type is SQLite's, which has no `execute`). */
type PgHandle = { execute: (query: SQL) => Promise<unknown> };
type Hooks = Record<symbol, { poke?: () => void } | undefined>;
const hooks = globalThis as unknown as Hooks;

/**
 * Runs `jobs` in this process whenever it holds the jobs' lease: at once on SQLite; on PostgreSQL when the
 * lock is free, asking again every `retryMs` (PARITY_JOBS_RETRY_MS, 5 s) until it is.
 */
export async function runJobsOnce(
	db: DB,
	jobs: Jobs,
	options: { retryMs?: number; log?: (line: string) => void } = {}
): Promise<Leadership> {
	if (engineOf(db) !== 'postgres') {
		await jobs.start();
		return { leading: () => true, stop: jobs.stop };
	}
	const retryMs = options.retryMs ?? (Number(process.env.PARITY_JOBS_RETRY_MS) || 5000);
	const log = options.log ?? console.log;
	const pool = poolOf(db);
	const url = pool.options.connectionString;
	let client: pg.Client | null = null;
	let leading = false;
	let stopped = false;
	let timer: NodeJS.Timeout | null = null;
	// One change at a time: taking the lease, losing it, stopping.
	let chain: Promise<void> = Promise.resolve();
	const serial = (fn: () => Promise<void>) => (chain = chain.then(fn, fn));

	// Pokes on a process that does not run the jobs go to the one that does, a few at most per kind.
	const pending = new Set<Kind>();
	// A poke from inside a transaction (a message queued, a vote opened) is sent in it: PostgreSQL delivers it
	// when the transaction commits, so the leader finds the change, and never when it rolls back.
	const forward = (kind: Kind) => () => {
		if (inTransaction(db)) {
			(db as unknown as PgHandle).execute(sql`select pg_notify(${CHANNEL}, ${kind})`).catch(() => {});
			return;
		}
		if (pending.has(kind)) return;
		pending.add(kind);
		setTimeout(() => {
			pending.delete(kind);
			pool.query('select pg_notify($1, $2)', [CHANNEL, kind]).catch(() => {});
		}, 20).unref();
	};
	const installForwarders = () => {
		for (const kind of Object.keys(HOOKS) as Kind[]) hooks[HOOKS[kind]] = { poke: forward(kind) };
	};
	installForwarders();

	async function lose(reason: string) {
		if (client) {
			const c = client;
			client = null;
			c.removeAllListeners('notification');
			// Not waited for long: a connection cut off without a word may never answer.
			await Promise.race([c.end().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
		}
		if (!leading) return;
		leading = false;
		log(`Parity: background jobs stopped in this process (${reason}).`);
		try {
			await jobs.stop();
		} finally {
			installForwarders();
		}
	}

	async function attempt() {
		if (stopped) return;
		try {
			if (!client) {
				// A query that gets no answer (the network to PostgreSQL cut) counts as a lost connection.
				const c = new pg.Client({
					connectionString: url,
					keepAlive: true,
					query_timeout: Math.max(retryMs, 5000),
					connectionTimeoutMillis: Math.max(retryMs, 5000)
				});
				// (Only while it is still this process's connection: one given up ends too.)
				const gone = (reason: string) => () =>
					void serial(async () => {
						if (client === c) await lose(reason);
					});
				c.on('error', gone('its connection to PostgreSQL failed'));
				c.on('end', gone('its connection to PostgreSQL ended'));
				await c.connect();
				client = c;
			}
			if (leading) {
				// Still holding it: the connection answers (else PostgreSQL has dropped the lock).
				await client.query('select 1');
				return;
			}
			const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [
				JOBS_LOCK.toString()
			]);
			if (!r.rows[0].ok || stopped) return;
			leading = true;
			await client.query(`listen ${CHANNEL}`);
			client.on('notification', (n) => {
				const kind = n.payload as Kind;
				if (HOOKS[kind]) hooks[HOOKS[kind]]?.poke?.();
			});
			log('Parity: this process runs the background jobs (scheduler, reminders, digests, mail).');
			await jobs.start();
		} catch (e) {
			await lose(`PostgreSQL: ${(e as Error).message}`);
		}
	}

	const loop = async () => {
		await serial(attempt);
		if (!stopped) {
			timer = setTimeout(() => void loop(), retryMs);
			timer.unref();
		}
	};
	await loop();

	return {
		leading: () => leading,
		stop: async () => {
			stopped = true;
			if (timer) clearTimeout(timer);
			await serial(() => lose('the server is stopping'));
			for (const key of Object.values(HOOKS)) delete hooks[key];
		}
	};
}
